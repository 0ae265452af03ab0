from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.children.access import can
from trivsel.children.models import ChildAccessGrant
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.concerns.tests.factories import make_concern
from trivsel.lib.time import today
from trivsel.notifications.models import Grounds, Notification
from trivsel.notifications.services import (
    notification_acknowledge,
    notification_assess,
    notification_assign,
    notification_close,
    notification_complete_investigation,
    notification_file,
    notification_start_investigation,
)
from trivsel.organisation.models import Role, UnitKind
from trivsel.testing import factories as f


def test_it_files_a_notification_received_at_once(cast, filed):
    assert (filed.child, filed.filed_by, filed.grounds) == (cast.child, cast.pedagogue, "special_support")
    assert filed.received_at == filed.filed_at
    assert filed.notifier_is_professional is True
    assert filed.description == "Emma græder hver morgen."
    assert filed.status == "received"


def test_it_gives_the_authoritys_case_workers_six_months_of_access(cast, settings):
    settings.NOTIFICATION_GRANT_DAYS = 30
    before = timezone.now()
    notification = notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="x")
    grant = ChildAccessGrant.objects.get(user=cast.case_worker)
    assert (grant.child, grant.source, grant.reason, grant.granted_by) == (
        cast.child,
        "notification",
        "Underretning",
        None,
    )
    assert grant.starts_at == notification.filed_at
    assert grant.ends_at == notification.filed_at + datetime.timedelta(days=30)
    assert grant.starts_at >= before
    assert can(cast.case_worker, "view_child_details", cast.child)


def test_it_gives_no_access_to_case_workers_outside_the_authority_or_who_have_left(cast):
    ppr = f.UnitFactory(name="PPR", kind=UnitKind.PPR)
    f.MembershipFactory(role=Role.CASE_WORKER, group=None, unit=ppr, user__username="pernille")
    bof = cast.case_worker.memberships.get().unit
    f.MembershipFactory(
        role=Role.CASE_WORKER,
        group=None,
        unit=bof,
        user__username="gammel",
        start=today() - datetime.timedelta(days=100),
        end=today() - datetime.timedelta(days=1),
    )
    notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.OTHER, description="x")
    assert list(ChildAccessGrant.objects.values_list("user__username", flat=True)) == ["carl"]


def test_it_logs_the_filing_without_copying_the_text(cast, filed):
    row = AccessLog.objects.get(action="create", object_type="notifications.notification")
    assert (row.user_id, row.child_id, row.object_id, row.purpose) == (
        cast.pedagogue.pk,
        cast.child.pk,
        filed.pk,
        "notification",
    )
    changes = dict(FieldChange.objects.filter(log=row).values_list("field", "new_value"))
    assert changes == {"grounds": "special_support", "description": "…"}


@pytest.mark.parametrize("who", ["outsider", "other_pedagogue", "parent", "case_worker"])
def test_it_refuses_a_notification_from_someone_without_a_professional_relation(cast, who):
    with pytest.raises(PermissionDenied):
        notification_file(actor=getattr(cast, who), child=cast.child, grounds=Grounds.OTHER, description="x")
    assert Notification.objects.count() == 0


def test_it_requires_a_description_and_known_grounds(cast):
    with pytest.raises(ValidationError) as blank:
        notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.OTHER, description="  ")
    with pytest.raises(ValidationError) as unknown:
        notification_file(actor=cast.pedagogue, child=cast.child, grounds="gossip", description="x")
    assert list(blank.value.error_dict) == ["description"]
    assert list(unknown.value.error_dict) == ["grounds"]


def test_a_case_worker_assesses_once(cast, filed):
    notification_assess(actor=cast.case_worker, notification=filed, acute=True, note=" Politiet kontaktet ")
    filed.refresh_from_db()
    assert (filed.acute_measures, filed.assessment_note, filed.status) == (True, "Politiet kontaktet", "assessed")
    assert filed.assessed_at is not None
    row = AccessLog.objects.filter(action="change").get()
    fields = ["acute_measures", "assessed_at", "assessment_note"]
    assert (row.user_id, row.changed_fields) == (cast.case_worker.pk, fields)
    with pytest.raises(ValidationError):
        notification_assess(actor=cast.case_worker, notification=filed, acute=False, note="")


@pytest.mark.parametrize("who", ["pedagogue", "leader", "outsider"])
def test_only_a_case_worker_with_access_handles_a_notification(cast, filed, who):
    actor = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        notification_assess(actor=actor, notification=filed, acute=False, note="")
    with pytest.raises(PermissionDenied):
        notification_acknowledge(actor=actor, notification=filed)
    with pytest.raises(PermissionDenied):
        notification_start_investigation(actor=actor, notification=filed, on=today())
    with pytest.raises(PermissionDenied):
        notification_assign(actor=actor, notification=filed, case_worker=cast.case_worker)


def test_a_case_worker_whose_access_was_revoked_cannot_act(cast, filed):
    ChildAccessGrant.objects.update(revoked_at=timezone.now())
    with pytest.raises(PermissionDenied):
        notification_acknowledge(actor=cast.case_worker, notification=filed)


def test_a_case_worker_acknowledges_once(cast, filed):
    notification_acknowledge(actor=cast.case_worker, notification=filed)
    filed.refresh_from_db()
    assert filed.acknowledged_at is not None
    assert filed.status == "acknowledged"
    with pytest.raises(ValidationError):
        notification_acknowledge(actor=cast.case_worker, notification=filed)


def test_a_notifier_who_is_not_a_professional_gets_no_acknowledgement(cast, filed):
    Notification.objects.filter(pk=filed.pk).update(notifier_is_professional=False)
    filed.refresh_from_db()
    with pytest.raises(ValidationError):
        notification_acknowledge(actor=cast.case_worker, notification=filed)


def test_a_case_worker_records_the_start_of_an_investigation(cast, filed):
    notification_start_investigation(actor=cast.case_worker, notification=filed, on=today())
    filed.refresh_from_db()
    assert (filed.investigation_started_on, filed.status) == (today(), "investigating")


@pytest.mark.parametrize("days", [-1, 1])
def test_an_investigation_cannot_start_before_receipt_or_in_the_future(cast, filed, days):
    with pytest.raises(ValidationError) as error:
        notification_start_investigation(
            actor=cast.case_worker, notification=filed, on=today() + datetime.timedelta(days=days)
        )
    assert list(error.value.error_dict) == ["on"]


def test_a_case_worker_assigns_a_colleague_of_the_authority(cast, filed):
    notification_assign(actor=cast.case_worker, notification=filed, case_worker=cast.case_worker)
    filed.refresh_from_db()
    assert filed.assigned_to == cast.case_worker
    with pytest.raises(ValidationError) as error:
        notification_assign(actor=cast.case_worker, notification=filed, case_worker=cast.pedagogue)
    assert list(error.value.error_dict) == ["case_worker"]


def test_a_case_worker_completes_a_started_investigation(cast, filed):
    with pytest.raises(ValidationError):
        notification_complete_investigation(actor=cast.case_worker, notification=filed, on=today())
    notification_start_investigation(actor=cast.case_worker, notification=filed, on=today())
    with pytest.raises(ValidationError) as future:
        notification_complete_investigation(
            actor=cast.case_worker, notification=filed, on=today() + datetime.timedelta(days=1)
        )
    assert list(future.value.error_dict) == ["on"]
    notification_complete_investigation(actor=cast.case_worker, notification=filed, on=today())
    filed.refresh_from_db()
    assert filed.investigation_completed_on == today()
    with pytest.raises(PermissionDenied):
        notification_complete_investigation(actor=cast.pedagogue, notification=filed, on=today())


def test_a_notification_is_closed_only_after_its_assessment(cast, filed):
    with pytest.raises(ValidationError):
        notification_close(actor=cast.case_worker, notification=filed)
    notification_assess(actor=cast.case_worker, notification=filed, acute=False, note="")
    notification_close(actor=cast.case_worker, notification=filed)
    filed.refresh_from_db()
    assert filed.status == "closed"
    assert AccessLog.objects.filter(action="change").count() == 2
    with pytest.raises(ValidationError):
        notification_close(actor=cast.case_worker, notification=filed)


def test_filed_from_a_concern_it_is_linked_and_the_guides_notify_step_is_done(cast):
    levels = default_levels_and_guide()
    concern = make_concern(cast.child, cast.pedagogue, levels["stor"])
    notification = notification_file(
        actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="x", concern=concern
    )
    assert notification.concern == concern
    step = concern.steps.get()
    assert (step.step_code, step.done_by, step.done_on) == ("underret", cast.pedagogue, today())
    log = AccessLog.objects.get(object_type="notifications.notification")
    assert "concern" in log.changed_fields
    # Filing a second notification from the same concern leaves the step as it was.
    notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="y", concern=concern)
    assert concern.steps.count() == 1


def test_a_concern_whose_level_has_no_notify_step_gets_no_step(cast):
    levels = default_levels_and_guide()
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.OTHER, description="x", concern=concern)
    assert concern.steps.count() == 0


def test_another_childs_concern_cannot_be_attached(cast):
    levels = default_levels_and_guide()
    other = make_concern(f.ChildFactory(), cast.pedagogue, levels["stor"])
    with pytest.raises(PermissionDenied):
        notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="x", concern=other)
    assert Notification.objects.count() == 0
