from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from trivsel.concerns.testing import default_levels_and_guide
from trivsel.concerns.tests.factories import make_concern
from trivsel.reminders.due import Candidate
from trivsel.reminders.models import Reminder
from trivsel.reminders.services import (
    reminder_mark_read,
    reminders_create,
    reminders_email,
    reminders_mark_all_read,
    reminders_run,
)

DUE = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)


def _candidate(user, key="round:1:due"):
    return Candidate(user_id=user.pk, kind="screening_due", key=key, url="/x/", due=DUE, params={"round": "R"})


def test_each_user_gets_a_reminder_once(cast):
    first = reminders_create([_candidate(cast.leader), _candidate(cast.pedagogue), _candidate(cast.leader)])
    assert sorted(r.user_id for r in first) == sorted([cast.leader.pk, cast.pedagogue.pk])
    assert (
        reminders_create([_candidate(cast.leader), _candidate(cast.leader, "round:1:overdue")])[0].key
        == "round:1:overdue"
    )
    assert Reminder.objects.count() == 3


def test_users_are_emailed_once_with_a_count_and_a_link_but_no_child_data(cast, settings):
    settings.SITE_URL = "https://trivsel.example.dk"
    cast.leader.email = "lene@example.dk"
    cast.leader.save()
    reminders_create(
        [_candidate(cast.leader), _candidate(cast.leader, "concern:4:waiting"), _candidate(cast.pedagogue)]
    )
    sent = reminders_email(timezone.now())
    assert sent == 1  # Pia has no e-mail address
    (message,) = mail.outbox
    assert message.to == ["lene@example.dk"]
    assert message.subject == "Nye påmindelser i Trivsel"
    assert message.body == "Du har 2 nye påmindelser i Trivsel. Se dem her: https://trivsel.example.dk/paamindelser/"
    assert "Emma" not in message.body
    assert reminders_email(timezone.now()) == 0
    assert len(mail.outbox) == 1


def test_the_job_creates_what_is_due_and_emails(cast, settings):
    settings.CONCERN_REMINDER_DAYS = 14
    levels = default_levels_and_guide()
    cast.pedagogue.email = "pia@example.dk"
    cast.pedagogue.save()
    make_concern(
        cast.child, cast.pedagogue, levels["lille"], observed_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    assert reminders_run() == {"created": 1, "emailed": 1, "links": 0}
    assert reminders_run() == {"created": 0, "emailed": 0, "links": 0}


def test_reading_reminders(cast):
    mine, other = reminders_create([_candidate(cast.leader), _candidate(cast.pedagogue)])
    with pytest.raises(Http404):
        reminder_mark_read(actor=cast.leader, reminder_id=other.pk)
    assert reminder_mark_read(actor=cast.leader, reminder_id=mine.pk).read_at is not None
    reminders_create([_candidate(cast.leader, "b"), _candidate(cast.leader, "c")])
    assert reminders_mark_all_read(actor=cast.leader) == 2
    other.refresh_from_db()
    assert other.read_at is None
