from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.consent.models import Consent, ConsentRecipient, RecipientKind
from trivsel.testing import factories as f


@pytest.fixture
def staff(cast, client):
    client.cookies["django_language"] = "en"
    client.force_login(cast.pedagogue)
    return client


def _form(cast, **overrides):
    data = {
        "guardian": cast.mother.pk,
        "purpose": "discussion",
        "method": "oral",
        "information": "Iagttagelser fra stuen",
        "units": [cast.unit.pk],
        "roles": ["case_worker"],
        "valid_from": "2026-01-01",
        "valid_until": "2026-06-30",
    }
    data.update(overrides)
    return data


def test_the_form_offers_only_guardians_with_custody(cast, staff):
    response = staff.get(reverse("consent:create", args=[cast.child.pk]))
    assert response.status_code == 200
    assert list(response.context["form"].fields["guardian"].queryset) == [cast.mother]
    assertContains(response, "Mette Nielsen")
    assertNotContains(response, "Lars Nielsen")


def test_staff_record_a_consent_through_the_form(cast, staff):
    response = staff.post(reverse("consent:create", args=[cast.child.pk]), _form(cast))
    assertRedirects(response, reverse("children:detail", args=[cast.child.pk]), fetch_redirect_response=False)
    consent = Consent.objects.get()
    assert (consent.guardian, consent.purpose, consent.method, consent.recorded_by) == (
        cast.mother,
        "discussion",
        "oral",
        cast.pedagogue,
    )
    assert (consent.valid_from, consent.valid_until) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert sorted(consent.recipients.values_list("kind", "unit_id", "role")) == [
        ("role", None, "case_worker"),
        ("unit", cast.unit.pk, ""),
    ]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The consent has been recorded."]
    rows = list(AccessLog.objects.order_by("id").values_list("action", "child_id", "object_type", "status"))
    assert rows == [("read", cast.child.pk, "children.child", 200), ("create", cast.child.pk, "consent.consent", 200)]
    created = AccessLog.objects.get(action="create")
    assert created.path == f"/boern/{cast.child.pk}/samtykke/ny/"
    assert FieldChange.objects.filter(log=created).count() == 6


def test_a_period_ending_before_it_starts_keeps_what_was_typed_and_saves_nothing(cast, staff):
    response = staff.post(
        reverse("consent:create", args=[cast.child.pk]),
        _form(cast, valid_from="2026-06-30", valid_until="2026-06-01"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"valid_until": ["The consent cannot end before it starts."]}
    assertContains(response, 'value="2026-06-30"')
    assertContains(response, 'value="2026-06-01"')
    assertContains(response, "Iagttagelser fra stuen")
    assertContains(response, f'value="{cast.unit.pk}" checked')
    assert Consent.objects.count() == 0
    assert ConsentRecipient.objects.count() == 0
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["read"]


def test_a_consent_without_recipients_is_refused(cast, staff):
    response = staff.post(reverse("consent:create", args=[cast.child.pk]), _form(cast, units=[], roles=[]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose at least one recipient: a unit, a role or a named person."
    ]
    assert Consent.objects.count() == 0


def test_an_unreadable_date_is_kept_and_refused(cast, staff):
    response = staff.post(reverse("consent:create", args=[cast.child.pk]), _form(cast, valid_until="31-02-2026"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["valid_until"]
    assertContains(response, 'value="31-02-2026"')
    assert Consent.objects.count() == 0


def test_the_service_refuses_a_guardian_who_lost_custody_meanwhile(cast, staff):
    # The form was built when Mette held custody; the service checks again when saving.
    cast.child.guardianships.filter(guardian=cast.mother).update(has_custody=False)
    response = staff.post(reverse("consent:create", args=[cast.child.pk]), _form(cast))
    assert response.status_code == 200
    assert "guardian" in response.context["form"].errors
    assert Consent.objects.count() == 0


def test_staff_cannot_record_digital_consent_through_the_form(cast, staff):
    response = staff.post(reverse("consent:create", args=[cast.child.pk]), _form(cast, method="digital"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["method"]
    assert Consent.objects.count() == 0


@pytest.mark.parametrize("who", ["parent", "other_pedagogue", "outsider", "administrator"])
def test_others_cannot_record_consent(cast, client, who):
    client.force_login(getattr(cast, who))
    response = client.post(reverse("consent:create", args=[cast.child.pk]), _form(cast))
    assert response.status_code == (403 if who == "parent" else 404)
    assert Consent.objects.count() == 0


@pytest.fixture
def consent(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother, recorded_by=cast.pedagogue)
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    return consent


def test_staff_withdraw_a_consent(cast, staff, consent):
    response = staff.post(reverse("consent:withdraw", args=[cast.child.pk, consent.pk]))
    assertRedirects(response, reverse("children:detail", args=[cast.child.pk]), fetch_redirect_response=False)
    consent.refresh_from_db()
    assert consent.withdrawn_by == cast.pedagogue
    assert consent.withdrawn_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The consent has been withdrawn."]
    change = AccessLog.objects.get(action="change")
    assert (change.object_id, change.changed_fields) == (consent.pk, ["withdrawn_at"])


def test_withdrawing_twice_says_so_and_changes_nothing(cast, staff, consent):
    staff.post(reverse("consent:withdraw", args=[cast.child.pk, consent.pk]))
    first = Consent.objects.get().withdrawn_at
    response = staff.post(reverse("consent:withdraw", args=[cast.child.pk, consent.pk]))
    # The first success message is still waiting to be shown; the refusal comes after it.
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "This consent has already been withdrawn."
    assert Consent.objects.get().withdrawn_at == first


def test_withdrawal_takes_post_only(cast, staff, consent):
    assert staff.get(reverse("consent:withdraw", args=[cast.child.pk, consent.pk])).status_code == 405
    assert Consent.objects.get().withdrawn_at is None


def test_a_consent_of_another_child_cannot_be_withdrawn_through_this_child(cast, staff):
    other = f.ConsentFactory()
    response = staff.post(reverse("consent:withdraw", args=[cast.child.pk, other.pk]))
    assert response.status_code == 404
    assert Consent.objects.get().withdrawn_at is None


def test_a_parent_withdraws_in_the_portal_not_here(cast, client, consent):
    client.force_login(cast.parent)
    response = client.post(reverse("consent:withdraw", args=[cast.child.pk, consent.pk]))
    assert response.status_code == 403
    assert Consent.objects.get().withdrawn_at is None


def test_a_named_person_can_be_the_only_recipient(cast, staff):
    response = staff.post(
        reverse("consent:create", args=[cast.child.pk]), _form(cast, units=[], roles=[], people=[cast.case_worker.pk])
    )
    assert response.status_code == 302
    recipient = ConsentRecipient.objects.get()
    assert (recipient.kind, recipient.user) == (RecipientKind.USER, cast.case_worker)


def test_the_named_people_offered_are_those_a_leader_could_give_access(cast, staff):
    response = staff.get(reverse("consent:create", args=[cast.child.pk]))
    offered = set(response.context["form"].fields["people"].queryset)
    assert cast.case_worker in offered and cast.pedagogue in offered
    assert cast.outsider not in offered and cast.parent not in offered
