"""The consent API: the same services as the pages, field errors as 422, refusals as the same 404."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.consent.models import Consent, ConsentRecipient, Method, Purpose, RecipientKind
from trivsel.lib.time import today
from trivsel.testing import factories as f

pytestmark = pytest.mark.django_db


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def consent_body(cast, **changes):
    body = {
        "guardian_id": cast.mother.pk,
        "purpose": "discussion",
        "method": "written",
        "information": "  Observations from daycare  ",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "recipients": [{"unit_id": cast.unit.pk}, {"role": "specialist"}, {"user_id": cast.leader.pk}],
    }
    return body | changes


def post_consent(client, child_id, body):
    return client.post(f"/api/v1/children/{child_id}/consents", body, content_type="application/json")


def test_it_lists_a_childs_consents_with_their_status(cast):
    day = today()
    active = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        valid_from=day - datetime.timedelta(days=10),
        valid_until=day + datetime.timedelta(days=10),
        information="Observations",
    )
    f.ConsentRecipientFactory(consent=active, unit=cast.unit)
    f.ConsentRecipientFactory(consent=active, kind=RecipientKind.ROLE, unit=None, role="leader")
    f.ConsentRecipientFactory(consent=active, kind=RecipientKind.USER, unit=None, user=cast.pedagogue)
    expired = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        purpose=Purpose.QUESTIONNAIRES,
        valid_from=day - datetime.timedelta(days=100),
        valid_until=day - datetime.timedelta(days=1),
    )
    f.ConsentFactory(guardian=cast.mother)  # another child's consent: never listed here

    response = client_for(cast.pedagogue).get(f"/api/v1/children/{cast.child.pk}/consents")

    assert response.status_code == 200
    body = response.json()
    assert [(c["id"], c["status"], c["status_label"]) for c in body] == [
        (active.pk, "active", "Active"),
        (expired.pk, "expired", "Expired"),
    ]
    first = body[0]
    assert first["purpose"] == "discussion"
    assert first["purpose_label"] == "Multi-professional discussion"
    assert first["method"] == "written"
    assert first["guardian"] == {"id": cast.mother.pk, "name": "Mette Nielsen"}
    assert first["information"] == "Observations"
    assert first["valid_from"] == (day - datetime.timedelta(days=10)).isoformat()
    assert first["withdrawn_at"] is None
    assert sorted(first["recipients"], key=lambda r: r["kind"]) == [
        {"kind": "role", "unit": None, "role": "leader", "user": None},
        {"kind": "unit", "unit": {"id": cast.unit.pk, "name": "Solsikken"}, "role": None, "user": None},
        {"kind": "user", "unit": None, "role": None, "user": {"id": cast.pedagogue.pk, "name": str(cast.pedagogue)}},
    ]


def test_it_shows_a_parent_their_childs_consents(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother)

    response = client_for(cast.parent).get(f"/api/v1/children/{cast.child.pk}/consents")

    assert [c["id"] for c in response.json()] == [consent.pk]


def test_it_records_a_consent_through_the_service(cast):
    response = post_consent(client_for(cast.pedagogue), cast.child.pk, consent_body(cast))

    assert response.status_code == 201
    consent = Consent.objects.get()
    assert (consent.child, consent.guardian, consent.purpose, consent.method, consent.recorded_by) == (
        cast.child,
        cast.mother,
        Purpose.MULTIPROFESSIONAL_DISCUSSION,
        Method.WRITTEN,
        cast.pedagogue,
    )
    assert (consent.valid_from, consent.valid_until, consent.information) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        "Observations from daycare",
    )
    assert sorted(consent.recipients.values_list("kind", "unit_id", "role", "user_id")) == [
        ("role", None, "specialist", None),
        ("unit", cast.unit.pk, "", None),
        ("user", None, "", cast.leader.pk),
    ]
    body = response.json()
    assert (body["id"], body["guardian"]["id"], len(body["recipients"])) == (consent.pk, cast.mother.pk, 3)
    change = AccessLog.objects.get(action=Action.CREATE)
    assert (change.user_id, change.child_id, change.object_type, change.object_id) == (
        cast.pedagogue.pk,
        cast.child.pk,
        "consent.consent",
        consent.pk,
    )
    assert FieldChange.objects.filter(log=change, field="valid_until", new_value="2026-12-31").exists()


def test_it_refuses_a_period_ending_before_it_starts_with_a_field_error(cast):
    body = consent_body(cast, valid_from="2026-06-01", valid_until="2026-05-31")

    response = post_consent(client_for(cast.pedagogue), cast.child.pk, body)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Validation failed",
        "errors": {"valid_until": ["The consent cannot end before it starts."]},
    }
    assert not Consent.objects.exists()
    assert not ConsentRecipient.objects.exists()
    assert not AccessLog.objects.filter(action=Action.CREATE).exists()


def test_it_names_the_guardian_field_as_the_api_does(cast):
    body = consent_body(cast, guardian_id=cast.father_without_custody.pk)

    response = post_consent(client_for(cast.pedagogue), cast.child.pk, body)

    assert response.status_code == 422
    assert response.json()["errors"] == {"guardian_id": ["Only a guardian with custody can give consent."]}
    assert not Consent.objects.exists()


def test_it_refuses_a_guardian_of_another_child_as_if_unknown(cast):
    stranger = f.GuardianshipFactory().guardian

    for guardian_id in (stranger.pk, stranger.pk + 1000):
        response = post_consent(client_for(cast.pedagogue), cast.child.pk, consent_body(cast, guardian_id=guardian_id))

        assert response.status_code == 422
        assert response.json()["errors"] == {"guardian_id": ["Choose one of the child's guardians."]}
    assert not Consent.objects.exists()


def test_it_refuses_unknown_or_inactive_recipients(cast):
    closed = f.UnitFactory(is_active=False)
    recipients = [{"unit_id": closed.pk}, {"user_id": cast.parent.pk}, {"role": "leader"}]

    response = post_consent(client_for(cast.pedagogue), cast.child.pk, consent_body(cast, recipients=recipients))

    assert response.status_code == 422
    assert response.json()["errors"] == {"recipients": ["Choose a valid unit.", "Choose a valid person."]}
    assert not Consent.objects.exists()


def test_it_asks_for_at_least_one_recipient(cast):
    response = post_consent(client_for(cast.pedagogue), cast.child.pk, consent_body(cast, recipients=[]))

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "recipients": ["Choose at least one recipient: a unit, a role or a named person."]
    }


def test_it_gives_malformed_input_the_same_error_shape(cast):
    body = consent_body(cast, purpose="gossip", recipients=[{"unit_id": cast.unit.pk, "role": "leader"}])
    del body["valid_from"]

    response = post_consent(client_for(cast.pedagogue), cast.child.pk, body)

    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"] == "Validation failed"
    assert sorted(payload["errors"]) == ["purpose", "recipients.0", "valid_from"]
    assert not Consent.objects.exists()


def test_it_lets_a_parent_give_digital_consent_for_their_own_child(cast):
    body = consent_body(cast, method="digital")

    response = post_consent(client_for(cast.parent), cast.child.pk, body)

    assert response.status_code == 201
    consent = Consent.objects.get()
    assert (consent.method, consent.recorded_by, consent.guardian) == (Method.DIGITAL, cast.parent, cast.mother)


@pytest.mark.parametrize(
    ("actor", "method"),
    [
        ("parent", "written"),  # a parent cannot pretend staff noted it
        ("pedagogue", "digital"),  # staff cannot pretend the parent gave it online
    ],
)
def test_it_answers_a_refused_recording_with_the_same_404(cast, actor, method):
    user = getattr(cast, actor)

    response = post_consent(client_for(user), cast.child.pk, consent_body(cast, method=method))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert not Consent.objects.exists()
    denied = AccessLog.objects.get(action=Action.DENIED)
    assert (denied.user_id, denied.child_id, denied.status, denied.purpose) == (user.pk, cast.child.pk, 404, "consent")


def test_it_refuses_a_parent_giving_consent_in_the_other_parents_name(cast):
    second = f.GuardianFactory(user=f.UserFactory())
    f.GuardianshipFactory(child=cast.child, guardian=second, relation="father", has_custody=True)

    response = post_consent(client_for(cast.parent), cast.child.pk, consent_body(cast, guardian_id=second.pk))

    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_it_withdraws_a_consent(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother)

    response = client_for(cast.pedagogue).post(f"/api/v1/children/{cast.child.pk}/consents/{consent.pk}/withdraw")

    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_by == cast.pedagogue
    assert abs(consent.withdrawn_at - timezone.now()) < datetime.timedelta(minutes=1)
    body = response.json()
    assert (body["id"], body["status"]) == (consent.pk, "withdrawn")
    assert AccessLog.objects.filter(action=Action.CHANGE, object_id=consent.pk, child_id=cast.child.pk).count() == 1


def test_it_refuses_withdrawing_twice_with_a_message(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother, withdrawn_at=timezone.now())
    before = consent.withdrawn_at

    response = client_for(cast.pedagogue).post(f"/api/v1/children/{cast.child.pk}/consents/{consent.pk}/withdraw")

    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["This consent has already been withdrawn."]}
    consent.refresh_from_db()
    assert consent.withdrawn_at == before


def test_it_lets_a_parent_withdraw_only_the_consent_they_gave(cast):
    second = f.GuardianFactory()
    f.GuardianshipFactory(child=cast.child, guardian=second, relation="father", has_custody=True)
    own = f.ConsentFactory(child=cast.child, guardian=cast.mother)
    others = f.ConsentFactory(child=cast.child, guardian=second)
    client = client_for(cast.parent)

    assert client.post(f"/api/v1/children/{cast.child.pk}/consents/{own.pk}/withdraw").status_code == 200
    assert client.post(f"/api/v1/children/{cast.child.pk}/consents/{others.pk}/withdraw").status_code == 404
    others.refresh_from_db()
    assert others.withdrawn_at is None


def test_it_does_not_withdraw_a_consent_through_another_childs_address(cast):
    """IDOR on the consent id: Emma's address with another child's consent."""
    foreign = f.ConsentFactory()

    response = client_for(cast.pedagogue).post(f"/api/v1/children/{cast.child.pk}/consents/{foreign.pk}/withdraw")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


@pytest.mark.parametrize("user_name", ["other_pedagogue", "case_worker", "outsider", "other_parent"])
def test_it_refuses_every_consent_write_for_a_child_outside_the_relation(cast, user_name):
    """IDOR: recording and withdrawing for somebody else's child give 404 and change nothing."""
    user = getattr(cast, user_name)
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother)
    client = client_for(user)

    recorded = post_consent(client, cast.child.pk, consent_body(cast))
    withdrawn = client.post(f"/api/v1/children/{cast.child.pk}/consents/{consent.pk}/withdraw")

    for response in (recorded, withdrawn):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
    assert list(Consent.objects.values_list("pk", "withdrawn_at")) == [(consent.pk, None)]
    assert AccessLog.objects.filter(action=Action.DENIED, user_id=user.pk, child_id=cast.child.pk).count() == 2


def test_it_refuses_a_post_without_a_csrf_token(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother)
    client = client_for(cast.pedagogue, enforce_csrf_checks=True)

    recorded = post_consent(client, cast.child.pk, consent_body(cast))
    withdrawn = client.post(f"/api/v1/children/{cast.child.pk}/consents/{consent.pk}/withdraw")

    assert (recorded.status_code, withdrawn.status_code) == (403, 403)
    assert recorded.json() == {"detail": "CSRF check Failed"}
    assert list(Consent.objects.values_list("pk", "withdrawn_at")) == [(consent.pk, None)]


def test_it_accepts_a_post_with_the_csrf_token(cast):
    client = client_for(cast.pedagogue, enforce_csrf_checks=True)
    token = "k" * 32  # the cookie's secret; Django accepts it unmasked in the header too
    client.cookies["csrftoken"] = token

    response = client.post(
        f"/api/v1/children/{cast.child.pk}/consents",
        consent_body(cast),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201
