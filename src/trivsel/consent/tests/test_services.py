from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.consent.models import Consent, ConsentRecipient, Method, Purpose
from trivsel.consent.services import Recipient, consent_record, consent_withdraw
from trivsel.organisation.models import Role
from trivsel.testing import factories as f

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in their English source form.
    with translation.override("en"):
        yield


def _record(cast, actor, **overrides):
    values = {
        "actor": actor,
        "child": cast.child,
        "guardian": cast.mother,
        "purpose": Purpose.MULTIPROFESSIONAL_DISCUSSION,
        "method": Method.WRITTEN,
        "valid_from": D(2026, 1, 1),
        "valid_until": D(2026, 6, 30),
        "recipients": [Recipient(unit=cast.unit), Recipient(role=Role.CASE_WORKER)],
        "information": "  Observationer fra dagtilbuddet  ",
    }
    values.update(overrides)
    return consent_record(**values)


@pytest.mark.parametrize("method", [Method.WRITTEN, Method.ORAL])
def test_staff_with_a_relation_record_written_and_oral_consent(cast, method):
    consent = _record(cast, cast.pedagogue, method=method)
    consent.refresh_from_db()
    assert (consent.child, consent.guardian, consent.method, consent.recorded_by) == (
        cast.child,
        cast.mother,
        method,
        cast.pedagogue,
    )
    assert (consent.valid_from, consent.valid_until, consent.information) == (
        D(2026, 1, 1),
        D(2026, 6, 30),
        "Observationer fra dagtilbuddet",
    )
    recipients = sorted((r.kind, r.unit_id, r.role) for r in consent.recipients.all())
    assert recipients == [("role", None, "case_worker"), ("unit", cast.unit.pk, "")]


def test_staff_cannot_record_a_digital_consent(cast):
    with pytest.raises(PermissionDenied):
        _record(cast, cast.pedagogue, method=Method.DIGITAL)
    assert Consent.objects.count() == 0


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "other_parent"])
def test_users_without_a_relation_cannot_record_consent(cast, who):
    with pytest.raises(PermissionDenied):
        _record(cast, getattr(cast, who))
    assert Consent.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_a_parent_gives_digital_consent_for_their_own_custody_child(cast):
    consent = _record(cast, cast.parent, method=Method.DIGITAL)
    assert (consent.method, consent.recorded_by, consent.guardian) == ("digital", cast.parent, cast.mother)
    entry = AccessLog.objects.get()
    assert (entry.role, entry.action, entry.child_id) == ("guardian", "create", cast.child.pk)


@pytest.mark.parametrize("method", [Method.WRITTEN, Method.ORAL])
def test_a_parent_cannot_record_a_staff_consent(cast, method):
    with pytest.raises(PermissionDenied):
        _record(cast, cast.parent, method=method)


def test_a_parent_gives_consent_only_in_their_own_name(cast):
    with pytest.raises(PermissionDenied):
        _record(cast, cast.parent, method=Method.DIGITAL, guardian=cast.father_without_custody)


def test_a_parent_without_custody_cannot_give_consent(cast):
    father_user = cast.father_without_custody.user
    with pytest.raises(PermissionDenied):
        _record(cast, father_user, method=Method.DIGITAL, guardian=cast.father_without_custody)
    assert Consent.objects.count() == 0


def test_a_parent_of_another_child_cannot_give_consent(cast):
    with pytest.raises(PermissionDenied):
        _record(cast, cast.other_parent, method=Method.DIGITAL, guardian=cast.other_parent.guardian)


def test_staff_cannot_record_consent_from_a_guardian_without_custody(cast):
    with pytest.raises(ValidationError) as exc:
        _record(cast, cast.pedagogue, guardian=cast.father_without_custody)
    assert list(exc.value.message_dict) == ["guardian"]
    assert Consent.objects.count() == 0


def test_a_period_ending_before_it_starts_is_refused_on_valid_until_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError) as exc:
        _record(cast, cast.pedagogue, valid_from=D(2026, 6, 30), valid_until=D(2026, 6, 29))
    assert exc.value.message_dict == {"valid_until": ["The consent cannot end before it starts."]}
    assert Consent.objects.count() == 0
    assert ConsentRecipient.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_a_one_day_consent_is_fine(cast):
    consent = _record(cast, cast.pedagogue, valid_from=D(2026, 6, 30), valid_until=D(2026, 6, 30))
    assert consent.valid_from == consent.valid_until


def test_a_consent_needs_a_recipient(cast):
    with pytest.raises(ValidationError) as exc:
        _record(cast, cast.pedagogue, recipients=[])
    assert list(exc.value.message_dict) == ["recipients"]
    assert Consent.objects.count() == 0


def test_a_recipient_needs_a_target(cast):
    with pytest.raises(ValidationError) as exc:
        _record(cast, cast.pedagogue, recipients=[Recipient()])
    assert list(exc.value.message_dict) == ["recipients"]
    with pytest.raises(ValidationError):
        _record(cast, cast.pedagogue, recipients=[Recipient(unit=cast.unit, role=Role.LEADER)])
    assert Consent.objects.count() == 0


def test_an_unknown_role_or_purpose_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        _record(cast, cast.pedagogue, purpose="marketing", recipients=[Recipient(role="king")])
    assert sorted(exc.value.message_dict) == ["purpose", "recipients"]
    assert Consent.objects.count() == 0


def test_recording_is_logged_with_the_changed_fields(cast):
    consent = _record(cast, cast.pedagogue, recipients=[Recipient(unit=cast.unit), Recipient(user=cast.case_worker)])
    entry = AccessLog.objects.get()
    assert (entry.user_id, entry.username, entry.role, entry.unit_id) == (
        cast.pedagogue.pk,
        "pia",
        "frontline",
        cast.unit.pk,
    )
    assert (entry.action, entry.child_id, entry.object_type, entry.object_id, entry.purpose) == (
        "create",
        cast.child.pk,
        "consent.consent",
        consent.pk,
        "consent",
    )
    assert entry.changed_fields == ["guardian", "method", "purpose", "recipients", "valid_from", "valid_until"]
    changes = dict(FieldChange.objects.filter(log=entry).values_list("field", "new_value"))
    assert changes == {
        "purpose": "discussion",
        "method": "written",
        "guardian": str(cast.mother.pk),
        "valid_from": "2026-01-01",
        "valid_until": "2026-06-30",
        "recipients": f"unit:{cast.unit.pk}, user:{cast.case_worker.pk}",
    }
    # The free text of the consent never goes into the log.
    assert not FieldChange.objects.filter(new_value__contains="Observationer").exists()


def test_staff_withdraw_a_consent_and_it_is_logged(cast):
    consent = _record(cast, cast.pedagogue)
    before = timezone.now()
    withdrawn = consent_withdraw(actor=cast.leader, consent=consent)
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_by == cast.leader
    assert withdrawn.withdrawn_at is not None and before <= withdrawn.withdrawn_at <= timezone.now()
    entry = AccessLog.objects.get(action=Action.CHANGE)
    assert (entry.username, entry.role, entry.unit_id, entry.object_id, entry.changed_fields) == (
        "lene",
        "leader",
        cast.unit.pk,
        consent.pk,
        ["withdrawn_at"],
    )
    change = FieldChange.objects.get(log=entry)
    assert (change.field, change.old_value, change.new_value) == (
        "withdrawn_at",
        "",
        withdrawn.withdrawn_at.isoformat(),
    )


def test_withdrawing_twice_is_refused(cast):
    consent = _record(cast, cast.pedagogue)
    consent_withdraw(actor=cast.pedagogue, consent=consent)
    first = Consent.objects.get().withdrawn_at
    with pytest.raises(ValidationError, match="already been withdrawn"):
        consent_withdraw(actor=cast.pedagogue, consent=consent)
    assert Consent.objects.get().withdrawn_at == first
    assert AccessLog.objects.filter(action=Action.CHANGE).count() == 1


def test_the_guardian_who_gave_it_may_withdraw_it(cast):
    consent = _record(cast, cast.pedagogue)
    consent_withdraw(actor=cast.parent, consent=consent)
    assert Consent.objects.get().withdrawn_by == cast.parent


@pytest.mark.parametrize("who", ["other_parent", "outsider", "other_pedagogue", "administrator"])
def test_others_may_not_withdraw(cast, who):
    consent = _record(cast, cast.pedagogue)
    with pytest.raises(PermissionDenied):
        consent_withdraw(actor=getattr(cast, who), consent=consent)
    assert Consent.objects.get().withdrawn_at is None


def test_a_co_guardian_may_not_withdraw_the_other_guardians_consent_in_the_portal(cast):
    co_guardian = f.GuardianFactory(user=f.UserFactory(username="co"))
    f.GuardianshipFactory(child=cast.child, guardian=co_guardian, has_custody=True)
    consent = _record(cast, cast.pedagogue)
    with pytest.raises(PermissionDenied):
        consent_withdraw(actor=co_guardian.user, consent=consent)
