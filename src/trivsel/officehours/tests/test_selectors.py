"""The calendar for host and booker, what can be booked, and who sees a consultation's child by name."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action
from trivsel.consent.services import consent_withdraw
from trivsel.meetings.testing import make_meeting
from trivsel.officehours import services
from trivsel.officehours.selectors import bookable, calendar, consultation_get
from trivsel.officehours.testing import booked, first_slot, make_office_hours

pytestmark = pytest.mark.django_db


def _span(block):
    start = block.starts_at - datetime.timedelta(days=1)
    return start, start + datetime.timedelta(days=7)


def test_both_calendars_show_the_consultation(cast):
    block = make_office_hours(cast.case_worker)
    consultation = booked(cast, block)
    host = calendar(cast.case_worker, *_span(block))
    booker = calendar(cast.pedagogue, *_span(block))
    assert [(e.kind, e.starts_at) for e in host] == [
        ("consultation", consultation.slot.starts_at), ("free", block.starts_at + datetime.timedelta(minutes=20)),
        ("free", block.starts_at + datetime.timedelta(minutes=40)),
    ]  # fmt: skip
    assert [(e.kind, e.url) for e in booker] == [("consultation", f"/traeffetid/konsultationer/{consultation.pk}/")]
    assert all("Emma" not in e.title for e in host + booker)


def test_the_calendar_has_the_users_meetings_in_few_queries(cast, django_assert_max_num_queries):
    block = make_office_hours(cast.case_worker)
    booked(cast, block)
    meeting = make_meeting(cast.unit, cast.leader)
    meeting.participants.add(cast.pedagogue)
    start = timezone.now() - datetime.timedelta(days=1)
    with django_assert_max_num_queries(6):
        entries = calendar(cast.pedagogue, start, start + datetime.timedelta(days=40))
    assert {e.kind for e in entries} == {"meeting", "consultation"}


def test_bookable_counts_free_times(cast):
    block = make_office_hours(cast.case_worker)
    booked(cast, block)
    found = bookable(free_only=True).get(pk=block.pk)
    assert {name: getattr(found, name) for name in ("upcoming", "booked", "free")} == {
        "upcoming": 3,
        "booked": 1,
        "free": 2,
    }
    for slot in block.slots.order_by("starts_at")[1:]:
        services.consultation_book(actor=cast.outsider, slot=slot, question="x", anonymous_description="Dreng")
    assert not bookable(free_only=True).filter(pk=block.pk).exists()


def test_the_host_sees_the_name_while_the_consent_holds(cast):
    block = make_office_hours(cast.case_worker)
    consultation = booked(cast, block)
    seen = consultation_get(user=cast.case_worker, consultation_id=consultation.pk)
    assert seen.side == "host" and seen.named and seen.child_label == "Emma Nielsen (17-05-2020)"
    assert AccessLog.objects.filter(user_id=cast.case_worker.pk, child_id=cast.child.pk, action=Action.READ).exists()
    assert consultation.consent is not None
    consent_withdraw(actor=cast.parent, consent=consultation.consent)
    hidden = consultation_get(user=cast.case_worker, consultation_id=consultation.pk)
    assert not hidden.named and "Emma" not in hidden.child_label


def test_nobody_else_sees_a_consultation(cast):
    consultation = booked(cast, make_office_hours(cast.case_worker))
    for user in (cast.other_pedagogue, cast.leader, cast.parent):
        with pytest.raises(Http404):
            consultation_get(user=user, consultation_id=consultation.pk)
    assert first_slot(consultation.slot.office_hours) == consultation.slot
