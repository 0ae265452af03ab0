from __future__ import annotations

import datetime
from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.children import cpr
from trivsel.children.models import Child, Enrolment, Guardian, Guardianship
from trivsel.children.services import child_update
from trivsel.lib.time import today
from trivsel.organisation.models import UnitKind
from trivsel.testing import factories as f

CPR = "170520-4123"  # synthetic, matches Emma's birth date 2020-05-17
ADD_URL = reverse("admin:children_child_add")
LIST_URL = reverse("admin:children_child_changelist")


@pytest.fixture
def emma_has_cpr(cast):
    """Emma registered with CPR, through the service as an administrator would."""
    child_update(
        actor=cast.administrator,
        child=cast.child,
        first_name="Emma",
        last_name="Nielsen",
        birth_date=cast.child.birth_date,
        cpr_number=CPR,
    )


def _change_url(child: Child) -> str:
    return reverse("admin:children_child_change", args=[child.pk])


def _inline(prefix: str, rows: list[dict[str, object]], initial: int, child: Child | None) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
        if child is not None:
            data[f"{prefix}-{index}-child"] = str(child.pk)
    return data


def _enrolment_row(enrolment: Enrolment, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": enrolment.pk,
        "unit": enrolment.unit_id,
        "group": enrolment.group_id,
        "start": enrolment.start,
        "end": enrolment.end,
    }
    return {**row, **changes}


def _post_data(
    child: Child | None = None,
    *,
    enrolments: list[dict[str, object]] | None = None,
    new_enrolments: Sequence[dict[str, object]] = (),
    guardianships: Sequence[dict[str, object]] = (),
    **fields: object,
) -> dict[str, str]:
    """The admin form as the browser sends it: the child's fields and both inlines."""
    base: dict[str, object] = {"first_name": "Alma", "last_name": "Holm", "birth_date": "2020-05-17", "cpr": ""}
    if child is not None:
        base.update(first_name=child.first_name, last_name=child.last_name, birth_date=child.birth_date)
    base.update(fields)
    data = {name: "" if value is None else str(value) for name, value in base.items()}
    stored = [_enrolment_row(e) for e in child.enrolments.order_by("pk")] if child is not None else []
    existing = stored if enrolments is None else enrolments
    data.update(_inline("enrolments", [*existing, *new_enrolments], len(existing), child))
    ships = list(child.guardianships.order_by("pk")) if child is not None else []
    ship_rows: list[dict[str, object]] = [
        {"id": s.pk, "guardian": s.guardian_id, "relation": s.relation, "has_custody": "on" if s.has_custody else ""}
        for s in ships
    ]
    data.update(_inline("guardianships", [*ship_rows, *guardianships], len(ship_rows), child))
    return data


def _snapshot() -> tuple[object, ...]:
    """Everything an admin save could touch, to prove a refused save changed nothing."""
    return (
        list(Child.objects.order_by("pk").values_list("pk", "first_name", "last_name", "birth_date", "cpr_digest")),
        list(Enrolment.objects.order_by("pk").values_list("pk", "unit_id", "group_id", "start", "end")),
        list(Guardianship.objects.order_by("pk").values_list("pk", "guardian_id", "has_custody")),
        AccessLog.objects.filter(action__in=[Action.CREATE, Action.CHANGE]).count(),
        FieldChange.objects.count(),
    )


@pytest.fixture
def other_kindergarten(cast):
    return f.GroupFactory(unit=f.UnitFactory(name="Mælkebøtten", kind=UnitKind.KINDERGARTEN), name="Gul stue")


# who may use the pages, and in which language


def test_the_admin_is_danish_and_titled_trivsel_administration(cast):
    client = Client()
    client.force_login(cast.administrator)
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da"' in html
    assert "Trivsel administration" in html
    assert "Log ud" in html  # Django's own Danish translation of the admin


@pytest.mark.parametrize("who", ["pedagogue", "leader", "parent"])
def test_people_who_are_not_staff_do_not_get_in(cast, who):
    client = Client()
    client.force_login(getattr(cast, who))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(response["Location"]).status_code == 403


def test_the_list_shows_every_child_to_an_administrator(cast, administrator_client):
    other = f.ChildFactory(first_name="Noah", last_name="Berg")
    html = administrator_client.get(LIST_URL).content.decode()
    assert "Emma Nielsen" in html and "Noah Berg" in html
    assert other.pk


# logging what the administrator sees


def test_a_search_is_logged_with_its_criterion(cast, administrator_client):
    f.ChildFactory(first_name="Noah", last_name="Berg")
    response = administrator_client.get(LIST_URL, {"q": "emma"})
    assert "Emma Nielsen" in response.content.decode() and "Noah Berg" not in response.content.decode()
    entry = AccessLog.objects.get(action=Action.SEARCH)
    assert (entry.user_id, entry.search_criterion, entry.purpose, entry.child_id) == (
        cast.administrator.pk,
        "emma",
        "administration",
        None,
    )


def test_a_cpr_search_finds_the_child_and_logs_the_number_masked(cast, administrator_client, emma_has_cpr):
    response = administrator_client.get(LIST_URL, {"q": "1705204123"})
    assert "Emma Nielsen" in response.content.decode()
    assert list(AccessLog.objects.filter(action=Action.SEARCH).values_list("search_criterion", flat=True)) == [
        "170520-XXXX"
    ]
    assert "Emma Nielsen" not in administrator_client.get(LIST_URL, {"q": "010203-123"}).content.decode()
    assert AccessLog.objects.filter(action=Action.SEARCH).latest("id").search_criterion == "010203-XXXX"


def test_the_plain_list_is_not_a_search(cast, administrator_client):
    administrator_client.get(LIST_URL)
    assert not AccessLog.objects.filter(action=Action.SEARCH).exists()


def test_opening_a_child_is_logged_as_a_read_for_administration(cast, administrator_client):
    response = administrator_client.get(_change_url(cast.child))
    assert response.status_code == 200
    entry = AccessLog.objects.get(action=Action.READ)
    assert (entry.user_id, entry.child_id, entry.object_type, entry.purpose, entry.path) == (
        cast.administrator.pk,
        cast.child.pk,
        "children.child",
        "administration",
        _change_url(cast.child),
    )


def test_children_are_not_deleted_in_the_admin(cast, administrator_client):
    response = administrator_client.get(reverse("admin:children_child_delete", args=[cast.child.pk]))
    assert response.status_code == 403
    assert "delete_selected" not in administrator_client.get(LIST_URL).content.decode()
    assert Child.objects.filter(pk=cast.child.pk).exists()


# saving through the services


def test_adding_a_child_with_cpr_guardian_and_enrolment_goes_through_the_services(cast, administrator_client):
    data = _post_data(
        cpr=CPR,
        new_enrolments=[{"unit": cast.unit.pk, "group": cast.other_group.pk, "start": "2023-08-01", "end": ""}],
        guardianships=[{"guardian": cast.mother.pk, "relation": "mother", "has_custody": "on"}],
    )
    response = administrator_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()
    child = Child.objects.get(first_name="Alma")
    assert cpr.decrypt(child.cpr_encrypted) == "1705204123"
    enrolment = child.enrolments.get()
    assert (enrolment.group, enrolment.track, enrolment.start) == (
        cast.other_group,
        "daycare",
        datetime.date(2023, 8, 1),
    )
    assert child.guardianships.get().guardian == cast.mother
    logged = sorted(AccessLog.objects.filter(child_id=child.pk).values_list("action", "object_type", "purpose", "path"))
    assert logged == [
        ("create", "children.child", "administration", ADD_URL),
        ("create", "children.enrolment", "administration", ADD_URL),
        ("create", "children.guardianship", "administration", ADD_URL),
    ]
    assert FieldChange.objects.get(child_id=child.pk, field="cpr").new_value == "170520-XXXX"


def test_an_empty_cpr_field_keeps_the_stored_number(cast, administrator_client, emma_has_cpr):
    page = administrator_client.get(_change_url(cast.child)).content.decode()
    assert "170520-XXXX" in page and "1705204123" not in page and "170520-4123" not in page
    cast.child.refresh_from_db()
    response = administrator_client.post(_change_url(cast.child), _post_data(cast.child, first_name="Emmy"))
    assert response.status_code == 302
    cast.child.refresh_from_db()
    assert (cast.child.first_name, cpr.decrypt(cast.child.cpr_encrypted)) == ("Emmy", "1705204123")
    entry = AccessLog.objects.filter(action=Action.CHANGE).latest("id")
    assert entry.changed_fields == ["first_name"]
    assert list(FieldChange.objects.filter(log=entry).values_list("old_value", "new_value")) == [("Emma", "Emmy")]


def test_ticking_remove_deletes_the_stored_number(cast, administrator_client, emma_has_cpr):
    response = administrator_client.post(_change_url(cast.child), _post_data(cast.child, remove_cpr="on"))
    assert response.status_code == 302
    cast.child.refresh_from_db()
    assert (cast.child.cpr_encrypted, cast.child.cpr_digest) == ("", "")
    change = FieldChange.objects.filter(field="cpr").latest("id")
    assert (change.old_value, change.new_value) == ("170520-XXXX", "")


def test_typing_a_number_and_ticking_remove_is_refused(cast, administrator_client, emma_has_cpr):
    before = _snapshot()
    response = administrator_client.post(
        _change_url(cast.child), _post_data(cast.child, cpr="170520-4124", remove_cpr="on")
    )
    assert response.status_code == 200
    assert "Either type a new CPR number or remove the registered one." in response.content.decode()
    assert _snapshot() == before


def test_the_guardianship_inline_switches_custody_off_through_the_service(cast, administrator_client):
    data = _post_data(cast.child)
    mother_row = next(k for k, v in data.items() if k.endswith("-guardian") and v == str(cast.mother.pk))
    data[mother_row.replace("-guardian", "-has_custody")] = ""
    assert administrator_client.post(_change_url(cast.child), data).status_code == 302
    assert Guardianship.objects.get(child=cast.child, guardian=cast.mother).has_custody is False
    entry = AccessLog.objects.get(action=Action.CHANGE, object_type="children.guardianship")
    assert entry.changed_fields == ["has_custody"]


# bad input: the message, what was typed, and nothing saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("010203-123", "That is not a valid CPR number (DDMMÅÅ-XXXX)."),
        ("320199-1234", "That is not a valid CPR number (DDMMÅÅ-XXXX)."),
        ("180520-4123", "The CPR number does not match the birth date."),
    ],
)
def test_a_bad_cpr_is_shown_beside_the_field_and_nothing_is_saved(cast, administrator_client, typed, message):
    before = _snapshot()
    data = _post_data(
        first_name="Ida",
        cpr=typed,
        new_enrolments=[{"unit": cast.unit.pk, "group": cast.group.pk, "start": "2023-08-01", "end": ""}],
    )
    response = administrator_client.post(ADD_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{typed}"' in html
    assert 'value="Ida"' in html
    assert _snapshot() == before


def test_a_duplicate_cpr_is_refused_in_the_form(cast, administrator_client, emma_has_cpr):
    before = _snapshot()
    response = administrator_client.post(ADD_URL, _post_data(first_name="Ida", cpr=CPR))
    assert "Another child is registered with this CPR number." in response.content.decode()
    assert _snapshot() == before


def test_a_birth_date_in_the_future_is_refused(cast, administrator_client):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    before = _snapshot()
    response = administrator_client.post(ADD_URL, _post_data(first_name="Ida", birth_date=tomorrow))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The birth date cannot be in the future." in html
    assert f'value="{tomorrow}"' in html
    assert _snapshot() == before


def test_the_messages_are_danish_by_default(cast):
    client = Client()
    client.force_login(cast.administrator)
    response = client.post(ADD_URL, _post_data(first_name="Ida", cpr="010203-123"))
    assert response.status_code == 200
    assert '<html lang="da"' in response.content.decode()
    assert 'value="010203-123"' in response.content.decode()
    assert response.context["adminform"].form.errors.as_data()["cpr"][0].code == "invalid_cpr"


def test_a_second_kindergarten_at_the_same_time_is_refused_and_nothing_is_half_saved(
    cast, administrator_client, other_kindergarten
):
    before = _snapshot()
    data = _post_data(
        cast.child,
        first_name="Emmy",  # changed in the same save: must not be saved either
        new_enrolments=[
            {"unit": other_kindergarten.unit.pk, "group": other_kindergarten.pk, "start": "2024-01-15", "end": ""}
        ],
        guardianships=[{"guardian": f.GuardianFactory().pk, "relation": "other", "has_custody": "on"}],
    )
    response = administrator_client.post(_change_url(cast.child), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The child is already enrolled in a unit of this kind in that period." in html
    assert 'value="2024-01-15"' in html and 'value="Emmy"' in html
    errors = [form.errors.as_data() for form in response.context["inline_admin_formsets"][1].formset.forms]
    assert [e["start"][0].code for e in errors if e] == ["enrolment_overlap"]
    assert _snapshot() == before


def test_school_and_sfo_may_overlap_in_the_admin(cast, administrator_client):
    school = f.GroupFactory(unit=f.UnitFactory(name="Skolen", kind=UnitKind.SCHOOL), name="0.A")
    sfo = f.GroupFactory(unit=f.UnitFactory(name="SFO'en", kind=UnitKind.AFTER_SCHOOL), name="Spirerne")
    data = _post_data(
        cast.child,
        new_enrolments=[
            {"unit": school.unit.pk, "group": school.pk, "start": "2026-08-01", "end": ""},
            {"unit": sfo.unit.pk, "group": sfo.pk, "start": "2026-08-01", "end": ""},
        ],
    )
    assert administrator_client.post(_change_url(cast.child), data).status_code == 302
    assert sorted(cast.child.enrolments.values_list("track", flat=True)) == ["daycare", "leisure", "school"]


def test_an_enrolment_ending_before_it_starts_is_refused(cast, administrator_client, other_kindergarten):
    before = _snapshot()
    data = _post_data(
        cast.child,
        new_enrolments=[{"unit": other_kindergarten.unit.pk, "group": "", "start": "2022-08-01", "end": "2022-07-31"}],
    )
    response = administrator_client.post(_change_url(cast.child), data)
    html = response.content.decode()
    assert "The end date must be on or after the start date." in html
    assert 'value="2022-07-31"' in html
    assert "Constraint" not in html  # our message, not the database constraint's
    assert _snapshot() == before


def test_ending_one_kindergarten_and_starting_the_next_the_day_after_in_one_save(
    cast, administrator_client, other_kindergarten
):
    current = cast.child.enrolments.get()
    data = _post_data(
        cast.child,
        enrolments=[_enrolment_row(current, end="2024-07-31")],
        new_enrolments=[
            {"unit": other_kindergarten.unit.pk, "group": other_kindergarten.pk, "start": "2024-08-01", "end": ""}
        ],
    )
    assert administrator_client.post(_change_url(cast.child), data).status_code == 302
    assert list(cast.child.enrolments.order_by("start").values_list("group", "start", "end")) == [
        (cast.group.pk, datetime.date(2023, 8, 1), datetime.date(2024, 7, 31)),
        (other_kindergarten.pk, datetime.date(2024, 8, 1), None),
    ]


def test_starting_the_next_kindergarten_on_the_last_day_of_the_old_one_is_refused(
    cast, administrator_client, other_kindergarten
):
    current = cast.child.enrolments.get()
    before = _snapshot()
    data = _post_data(
        cast.child,
        enrolments=[_enrolment_row(current, end="2024-07-31")],
        new_enrolments=[
            {"unit": other_kindergarten.unit.pk, "group": other_kindergarten.pk, "start": "2024-07-31", "end": ""}
        ],
    )
    response = administrator_client.post(_change_url(cast.child), data)
    assert response.status_code == 200
    assert "The child is already enrolled in a unit of this kind in that period." in response.content.decode()
    assert _snapshot() == before


def test_two_new_overlapping_rows_in_one_save_are_refused(cast, administrator_client, other_kindergarten):
    cast.child.enrolments.update(end=datetime.date(2023, 12, 31))
    before = _snapshot()
    data = _post_data(
        cast.child,
        new_enrolments=[
            {"unit": cast.unit.pk, "group": cast.group.pk, "start": "2024-01-01", "end": ""},
            {"unit": other_kindergarten.unit.pk, "group": other_kindergarten.pk, "start": "2024-06-01", "end": ""},
        ],
    )
    response = administrator_client.post(_change_url(cast.child), data)
    assert response.status_code == 200
    assert "The child is already enrolled in a unit of this kind in that period." in response.content.decode()
    assert _snapshot() == before


def test_a_group_of_another_unit_is_refused(cast, administrator_client, other_kindergarten):
    before = _snapshot()
    data = _post_data(
        cast.child,
        new_enrolments=[
            {"unit": cast.unit.pk, "group": other_kindergarten.pk, "start": "2020-08-01", "end": "2021-07-31"}
        ],
    )
    response = administrator_client.post(_change_url(cast.child), data)
    assert "The group must belong to the chosen unit." in response.content.decode()
    assert _snapshot() == before


def test_when_the_service_refuses_while_saving_everything_is_rolled_back(
    cast, administrator_client, other_kindergarten
):
    # Swapping two periods passes the form (the final state is fine) but the service, saving one row
    # at a time, sees an overlap with the row not yet saved: the whole save must be undone.
    first = cast.child.enrolments.get()
    first.end = datetime.date(2024, 7, 31)
    first.save()
    second = f.EnrolmentFactory(child=cast.child, group=other_kindergarten, start=datetime.date(2024, 8, 1))
    before = _snapshot()
    data = _post_data(
        cast.child,
        first_name="Emmy",
        enrolments=[
            _enrolment_row(first, start="2024-08-01", end=""),
            _enrolment_row(second, start="2023-08-01", end="2024-07-31"),
        ],
    )
    response = administrator_client.post(_change_url(cast.child), data, follow=True)
    assert "The child is already enrolled in a unit of this kind in that period." in response.content.decode()
    assert _snapshot() == before


# guardians


def test_a_guardian_is_added_through_the_service_and_found_by_name(cast, administrator_client):
    parent_login = f.UserFactory(username="bo")
    response = administrator_client.post(
        reverse("admin:children_guardian_add"),
        {"first_name": "Bo", "last_name": "Holm", "email": "bo@example.org", "phone": "", "user": parent_login.pk},
    )
    assert response.status_code == 302
    guardian = Guardian.objects.get(first_name="Bo")
    assert guardian.user == parent_login
    actions = list(
        AccessLog.objects.filter(object_type="children.guardian", object_id=guardian.pk)
        .order_by("id")
        .values_list("action", "changed_fields")
    )
    assert actions == [("create", []), ("change", ["user"])]
    html = administrator_client.get(reverse("admin:children_guardian_changelist"), {"q": "holm"}).content.decode()
    assert "Bo Holm" in html and "Mette Nielsen" not in html


def test_a_changed_guardian_is_logged_field_by_field(cast, administrator_client):
    url = reverse("admin:children_guardian_change", args=[cast.mother.pk])
    data = {"first_name": "Mette", "last_name": "Holm", "email": "", "phone": "12345678", "user": cast.parent.pk}
    assert administrator_client.post(url, data).status_code == 302
    entry = AccessLog.objects.get(object_type="children.guardian", action=Action.CHANGE)
    assert sorted(FieldChange.objects.filter(log=entry).values_list("field", "old_value", "new_value")) == [
        ("last_name", "Nielsen", "Holm"),
        ("phone", "", "12345678"),
    ]


def test_guardians_are_not_deleted_in_the_admin(cast, administrator_client):
    response = administrator_client.get(reverse("admin:children_guardian_delete", args=[cast.mother.pk]))
    assert response.status_code == 403
