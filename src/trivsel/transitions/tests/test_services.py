"""Transitions: the move, access on the right dates, and a handover shared only under consent."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action
from trivsel.children.access import can, children_visible_to, relation_for
from trivsel.children.models import ChildAccessGrant, Enrolment, GrantSource
from trivsel.consent.models import Consent, Method, Purpose
from trivsel.consent.services import consent_withdraw
from trivsel.lib.time import today
from trivsel.meetings.models import ForumKind
from trivsel.plans.testing import make_intervention
from trivsel.transitions import services
from trivsel.transitions.models import Handover, Kind, Status
from trivsel.transitions.selectors import bridge_candidates, handover_for_receiver
from trivsel.transitions.testing import (
    approved_handover,
    make_transition,
    next_month,
    sent_handover,
    write_handover,
)

pytestmark = pytest.mark.django_db


def _consent(handover: Handover) -> Consent:
    assert handover.consent is not None
    return handover.consent


def _via(user, child) -> str:
    relation = relation_for(user, child)
    return relation.via if relation else ""


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_transition_moves_the_enrolments(cast, school):
    moves_on = next_month()
    transition = make_transition(cast, school, moves_on=moves_on)
    before = Enrolment.objects.get(child=cast.child, unit=cast.unit)
    after = Enrolment.objects.get(child=cast.child, unit=school.unit)
    assert before.end == moves_on - datetime.timedelta(days=1)
    assert (after.start, after.end, after.group, after.track) == (moves_on, None, school.group, "school")
    assert transition.status == Status.DRAFT
    assert Handover.objects.filter(transition=transition).exists()


def test_the_sending_staff_get_access_for_the_configured_days_after_the_move(cast, school, settings):
    settings.TRANSITION_SENDER_ACCESS_DAYS = 30
    moves_on = next_month()
    make_transition(cast, school, moves_on=moves_on)
    grants = ChildAccessGrant.objects.filter(child=cast.child, source=GrantSource.TRANSITION).order_by("user__username")
    assert [g.user.username for g in grants] == ["lene", "pia"]  # not ole: another room
    assert {timezone.localtime(g.starts_at).date() for g in grants} == {moves_on}
    assert {timezone.localtime(g.ends_at).date() for g in grants} == {moves_on + datetime.timedelta(days=30)}


def test_access_moves_with_the_enrolment_on_the_right_date(cast, school, settings):
    settings.TRANSITION_SENDER_ACCESS_DAYS = 30
    moves_on = next_month()
    make_transition(cast, school, moves_on=moves_on)
    child = cast.child

    def sees(user):
        return children_visible_to(user).filter(pk=child.pk).exists() and relation_for(user, child) is not None

    with time_machine.travel(_at(moves_on - datetime.timedelta(days=1), 23), tick=False):
        assert sees(cast.pedagogue) and sees(cast.leader)
        assert _via(cast.pedagogue, child) == "group"
        assert not sees(school.teacher) and not sees(school.leader)
    with time_machine.travel(_at(moves_on, 0), tick=False):
        assert sees(school.teacher) and sees(school.leader) and not sees(school.other_teacher)
        assert _via(cast.pedagogue, child) == "grant"
        assert can(cast.pedagogue, "view_child_details", child)
    with time_machine.travel(_at(moves_on + datetime.timedelta(days=29), 23), tick=False):
        assert sees(cast.pedagogue) and sees(cast.leader)
    with time_machine.travel(_at(moves_on + datetime.timedelta(days=30), 0), tick=False):
        assert not sees(cast.pedagogue) and not sees(cast.leader)
        assert sees(school.teacher)


def test_no_access_period_when_set_to_zero(cast, school, settings):
    settings.TRANSITION_SENDER_ACCESS_DAYS = 0
    make_transition(cast, school)
    assert not ChildAccessGrant.objects.filter(source=GrantSource.TRANSITION).exists()


def test_a_registered_receiving_enrolment_is_used_not_duplicated(cast, school):
    moves_on = next_month()
    registered = Enrolment.objects.create(
        child=cast.child, unit=school.unit, group=None, track="school", start=moves_on
    )
    transition = make_transition(cast, school, moves_on=moves_on)
    assert transition.to_enrolment == registered and not transition.created_enrolment
    registered.refresh_from_db()
    assert registered.group == school.group
    assert Enrolment.objects.filter(child=cast.child, unit=school.unit).count() == 1


def test_only_the_sending_leader_creates_a_transition(cast, school):
    for user in (cast.pedagogue, cast.other_pedagogue, school.leader, cast.case_worker, cast.parent):
        with pytest.raises(PermissionDenied):
            services.transition_create(
                actor=user, child=cast.child, kind=Kind.SCHOOL_START, from_unit=cast.unit,
                to_unit=school.unit, to_group=None, moves_on=next_month(),
            )  # fmt: skip


def test_a_transition_is_refused_with_reasons(cast, school):
    with pytest.raises(ValidationError) as caught:
        services.transition_create(
            actor=cast.leader, child=cast.child, kind=Kind.CHANGE_OF_UNIT, from_unit=cast.unit,
            to_unit=cast.unit, to_group=school.group, moves_on=today(),
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"to_unit", "to_group", "moves_on"}
    make_transition(cast, school)
    with pytest.raises(ValidationError) as again:
        make_transition(cast, school)
    assert "to_unit" in again.value.message_dict


def test_cancelling_restores_the_enrolments_and_revokes_the_grants(cast, school):
    transition = make_transition(cast, school)
    services.transition_cancel(actor=cast.leader, transition=transition)
    assert Enrolment.objects.get(child=cast.child, unit=cast.unit).end is None
    assert not Enrolment.objects.filter(child=cast.child, unit=school.unit).exists()
    assert not ChildAccessGrant.objects.filter(source=GrantSource.TRANSITION, revoked_at__isnull=True).exists()
    assert transition.status == Status.CANCELLED
    with pytest.raises(ValidationError):
        services.transition_cancel(actor=cast.leader, transition=transition)


def test_sending_needs_the_texts_and_a_contact_person(cast, school):
    transition = make_transition(cast, school)
    with pytest.raises(ValidationError) as caught:
        services.handover_send(actor=cast.pedagogue, handover=transition.handover)
    assert set(caught.value.message_dict) == {"strengths", "what_works", "needs", "contact_person"}


def test_the_handover_is_frozen_when_sent(cast, school):
    intervention = make_intervention(cast.child, cast.pedagogue)
    handover = sent_handover(cast, school)
    assert handover.transition.status == Status.WITH_PARENTS
    assert handover.content["strengths"] == "Emma er nysgerrig og elsker at tegne."
    assert handover.content["contact_person"] == cast.pedagogue.get_full_name()
    assert [i["type"] for i in handover.content["interventions"]] == [intervention.type.name]
    assert handover.content["screenings"] == []


def test_leaving_out_the_plan_and_screenings(cast, school):
    transition = make_transition(cast, school)
    write_handover(cast, transition)
    handover = Handover.objects.get(transition=transition)
    values = {"include_plan": False, "include_screenings": False}
    services.handover_save(actor=cast.pedagogue, handover=handover, values=values, version=handover.version)
    handover = services.handover_send(actor=cast.pedagogue, handover=handover)
    assert handover.content["interventions"] is None and handover.content["screenings"] is None


def test_a_stale_version_is_refused(cast, school):
    transition = make_transition(cast, school)
    handover = write_handover(cast, transition)
    with pytest.raises(ValidationError, match="En anden har gemt"):
        services.handover_save(actor=cast.pedagogue, handover=handover, values={"needs": "x"}, version=0)


def test_only_sending_staff_who_work_with_the_child_write_it(cast, school):
    transition = make_transition(cast, school)
    for user in (cast.other_pedagogue, school.teacher, school.leader, cast.case_worker):
        with pytest.raises(PermissionDenied):
            services.handover_save(actor=user, handover=transition.handover, values={"needs": "x"}, version=0)


def test_parents_approve_with_their_view_and_consent(cast, school):
    handover = approved_handover(cast, school)
    assert handover.transition.status == Status.APPROVED
    assert handover.content["parents_view"] == "Hun er spændt, men glad."
    assert handover.approved_by == cast.mother
    consent = _consent(handover)
    assert (consent.purpose, consent.method, consent.guardian) == (
        Purpose.TRANSITION_HANDOVER,
        Method.DIGITAL,
        cast.mother,
    )
    assert [r.unit for r in consent.recipients.all()] == [school.unit]


def test_the_parent_without_custody_cannot_approve(cast, school):
    handover = sent_handover(cast, school)
    other = cast.other_parent
    with pytest.raises(PermissionDenied):
        services.handover_approve(actor=other, handover=handover, parents_view="", consent_to_share=True)


def test_parents_ask_for_changes(cast, school):
    handover = sent_handover(cast, school)
    with pytest.raises(ValidationError):
        services.handover_request_changes(actor=cast.parent, handover=handover, comment=" ")
    services.handover_request_changes(actor=cast.parent, handover=handover, comment="Skriv om hendes astma.")
    handover.refresh_from_db()
    assert handover.transition.status == Status.DRAFT and handover.parents_comment == "Skriv om hendes astma."
    assert handover.content == {}


def test_the_handover_cannot_be_shared_without_consent(cast, school):
    handover = approved_handover(cast, school, consent=False)
    with pytest.raises(ValidationError, match="har ikke givet samtykke") as caught:
        services.handover_share(actor=cast.pedagogue, handover=handover)
    assert "Bakkeskolen" in caught.value.messages[0]
    handover.refresh_from_db()
    assert handover.transition.status == Status.APPROVED and handover.shared_at is None


def test_a_consent_for_another_unit_does_not_count(cast, school):
    handover = approved_handover(cast, school, consent=False)
    other_school = __import__("trivsel.testing.factories", fromlist=["UnitFactory"]).UnitFactory(kind="skole")
    from trivsel.consent.services import Recipient, consent_record

    consent_record(
        actor=cast.pedagogue, child=cast.child, guardian=cast.mother, purpose=Purpose.TRANSITION_HANDOVER,
        method=Method.WRITTEN, valid_from=today(), valid_until=next_month(), recipients=[Recipient(unit=other_school)],
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.handover_share(actor=cast.pedagogue, handover=handover)


def test_withdrawing_consent_before_sharing_stops_it(cast, school):
    handover = approved_handover(cast, school)
    consent_withdraw(actor=cast.parent, consent=_consent(handover))
    with pytest.raises(ValidationError, match="trukket samtykket tilbage"):
        services.handover_share(actor=cast.pedagogue, handover=handover)
    assert Handover.objects.get(pk=handover.pk).shared_at is None


def test_the_receiver_sees_exactly_what_was_approved(cast, school):
    handover = approved_handover(cast, school)
    approved = dict(handover.content)
    services.handover_share(actor=cast.pedagogue, handover=handover)
    make_intervention(cast.child, cast.pedagogue)  # the plan changes after the approval
    transition = handover.transition
    with pytest.raises(ValidationError, match="er delt og kan ikke"):
        services.handover_save(
            actor=cast.pedagogue, handover=handover, values={"needs": "Nyt"}, version=handover.version
        )
    read = handover_for_receiver(user=school.teacher, transition=transition)
    assert read is not None and read.content == approved
    assert read.content["interventions"] == []
    row = AccessLog.objects.filter(user_id=school.teacher.pk, child_id=cast.child.pk, action=Action.READ).get()
    assert (row.purpose, row.unit_id, row.object_type) == (
        "transition_handover",
        school.unit.pk,
        "transitions.handover",
    )


def test_withdrawing_after_sharing_hides_it_from_the_receiver(cast, school):
    handover = approved_handover(cast, school)
    services.handover_share(actor=cast.pedagogue, handover=handover)
    consent_withdraw(actor=cast.parent, consent=_consent(handover))
    assert handover_for_receiver(user=school.teacher, transition=handover.transition) is None
    assert AccessLog.objects.filter(user_id=school.teacher.pk, action=Action.DENIED, status=403).exists()


def test_a_change_after_approval_asks_the_parents_again(cast, school):
    handover = approved_handover(cast, school)
    services.handover_save(
        actor=cast.pedagogue, handover=handover, values={"needs": "Mere ro"}, version=handover.version
    )
    handover.refresh_from_db()
    assert handover.transition.status == Status.DRAFT and handover.approved_at is None and handover.content == {}


def test_staff_record_a_paper_approval_with_the_consent(cast, school):
    handover = sent_handover(cast, school)
    with pytest.raises(ValidationError):
        services.handover_record_approval(
            actor=cast.pedagogue, handover=handover, guardian=cast.mother, method=Method.DIGITAL,
            parents_view="", consent_to_share=True,
        )  # fmt: skip
    services.handover_record_approval(
        actor=cast.pedagogue, handover=handover, guardian=cast.mother, method=Method.WRITTEN,
        parents_view="Godkendt på mødet", consent_to_share=True,
    )  # fmt: skip
    consent = _consent(handover)
    assert (consent.method, consent.recorded_by) == (Method.WRITTEN, cast.pedagogue)
    services.handover_share(actor=cast.pedagogue, handover=handover)
    assert Handover.objects.get(pk=handover.pk).transition.status == Status.SHARED


def test_the_receiving_unit_acknowledges(cast, school):
    handover = approved_handover(cast, school)
    with pytest.raises(ValidationError):
        services.handover_acknowledge(actor=school.teacher, handover=handover)
    services.handover_share(actor=cast.pedagogue, handover=handover)
    with pytest.raises(PermissionDenied):
        services.handover_acknowledge(actor=school.other_teacher, handover=handover)
    services.handover_acknowledge(actor=school.leader, handover=handover, note="Tak, vi har læst det.")
    handover.refresh_from_db()
    assert handover.transition.status == Status.ACKNOWLEDGED
    assert (handover.acknowledged_by, handover.acknowledgement_note) == (school.leader, "Tak, vi har læst det.")


def test_a_bridge_meeting_with_everyone_who_knows_the_child(cast, school):
    transition = make_transition(cast, school)
    intervention = make_intervention(cast.child, cast.case_worker)
    candidates = {u.username for u in bridge_candidates(transition)}
    assert candidates == {"pia", "lene", "sofie", "tom", intervention.responsible.username}
    starts = timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as caught:
        services.bridge_meeting_call(
            actor=cast.pedagogue, transition=transition, starts_at=starts, duration_minutes=60, location="",
            participants=[school.other_teacher],
        )  # fmt: skip
    assert "participants" in caught.value.message_dict
    meeting = services.bridge_meeting_call(
        actor=cast.pedagogue, transition=transition, starts_at=starts, duration_minutes=60,
        location="Solsikken", participants=list(bridge_candidates(transition)),
    )  # fmt: skip
    assert meeting.kind == ForumKind.TRANSITION and meeting.chair == cast.pedagogue
    assert "Emma" in meeting.title and "Nielsen" not in meeting.title
    assert {u.username for u in meeting.participants.all()} == candidates
    transition.refresh_from_db()
    assert transition.bridge_meeting == meeting


def test_reminders_name_no_child_and_reach_the_right_people(cast, school):
    from trivsel.reminders.models import Reminder
    from trivsel.reminders.selectors import describe

    handover = approved_handover(cast, school)
    approved = Reminder.objects.get(kind="handover_approved")
    assert approved.user == cast.pedagogue and approved.url == f"/overgange/{handover.transition_id}/"
    services.handover_share(actor=cast.pedagogue, handover=handover)
    shared = Reminder.objects.filter(kind="handover_shared").order_by("user__username")
    assert [r.user.username for r in shared] == ["sofie", "tom"]  # the leader and 0.A's teacher, not 0.B's
    text = describe(shared[0])
    assert "Solsikken" in text and "Emma" not in text and "Nielsen" not in text
