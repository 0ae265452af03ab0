from __future__ import annotations

import datetime

from django.urls import reverse

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.organisation.models import Membership, Role


def _user_data(user, rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"memberships-{index}-{name}": value for name, value in row.items()})
        data[f"memberships-{index}-user"] = str(user.pk)
    return data


def _row(membership: Membership, **changes: str) -> dict[str, str]:
    row = {
        "id": str(membership.pk),
        "role": membership.role,
        "profession": membership.profession,
        "unit": str(membership.unit_id or ""),
        "group": str(membership.group_id or ""),
        "district": str(membership.district_id or ""),
        "start": membership.start.isoformat(),
        "end": membership.end.isoformat() if membership.end else "",
    }
    return {**row, **changes}


def test_the_users_page_shows_and_saves_memberships_through_the_services(cast, administrator_client):
    url = reverse("admin:accounts_user_change", args=[cast.pedagogue.pk])
    assert "Rød stue" in administrator_client.get(url).content.decode()
    current = Membership.objects.get(user=cast.pedagogue)
    new_row = {
        "role": Role.LEADER,
        "profession": "",
        "unit": str(cast.unit.pk),
        "group": "",
        "district": "",
        "start": "2025-01-01",
        "end": "",
    }
    data = _user_data(cast.pedagogue, [_row(current, end="2024-12-31"), new_row], 1)
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert sorted(Membership.objects.filter(user=cast.pedagogue).values_list("role", "end")) == [
        ("frontline", datetime.date(2024, 12, 31)),
        ("leader", None),
    ]
    assert sorted(AccessLog.objects.values_list("action", "object_type")) == [
        ("change", "organisation.membership"),
        ("create", "organisation.membership"),
    ]
    assert list(FieldChange.objects.filter(log__action="change").values_list("field", "new_value")) == [
        ("end", "2024-12-31")
    ]


def test_a_bad_membership_row_is_shown_and_nothing_is_saved(cast, administrator_client):
    url = reverse("admin:accounts_user_change", args=[cast.pedagogue.pk])
    current = Membership.objects.get(user=cast.pedagogue)
    bad_row = {
        "role": Role.FRONTLINE,
        "profession": "",
        "unit": str(cast.unit.pk),
        "group": "",
        "district": "",
        "start": "2025-01-01",
        "end": "",
    }
    data = _user_data(cast.pedagogue, [_row(current, end="2024-12-31"), bad_row], 1)
    data["first_name"] = "Pernille"
    response = administrator_client.post(url, data)
    assert response.status_code == 200
    assert "Pedagogues and teachers must belong to a group." in response.content.decode()
    cast.pedagogue.refresh_from_db()
    assert cast.pedagogue.first_name == "Test"
    assert Membership.objects.get(user=cast.pedagogue).end is None
    assert not AccessLog.objects.exists()


def test_the_add_page_sets_the_password_before_any_membership(cast, administrator_client):
    html = administrator_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="password1"' in html
    assert "memberships-TOTAL_FORMS" not in html


def test_users_are_deactivated_not_deleted(cast, administrator_client):
    assert administrator_client.get(reverse("admin:accounts_user_delete", args=[cast.outsider.pk])).status_code == 403
