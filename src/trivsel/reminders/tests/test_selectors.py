from __future__ import annotations

import datetime

from trivsel.reminders.models import Kind, Reminder
from trivsel.reminders.selectors import describe, reminders_for, unread_count

DUE = datetime.datetime(2026, 12, 3, 13, tzinfo=datetime.UTC)


def _reminder(user, kind, params, **fields):
    return Reminder.objects.create(
        user=user, kind=kind, key=f"{kind}:{len(params)}:{fields}", url="/", due=DUE, params=params, **fields
    )


def test_each_kind_reads_as_a_sentence_without_a_childs_name(cast):
    cases = [
        (Kind.SCREENING_DUE, {"round": "Efterår 2026", "unit": "Solsikken", "deadline": "2026-12-03", "waiting": 4},
         "Efterår 2026 in Solsikken has its deadline 03-12-2026; 4 children have no joint rating yet."),
        (Kind.SCREENING_OVERDUE, {"round": "Efterår 2026", "unit": "Solsikken", "deadline": "2026-11-30", "waiting": 1},
         "Efterår 2026 in Solsikken passed its deadline 30-11-2026; 1 child has no joint rating yet."),
        (Kind.CONCERN_WAITING, {"observed_on": "2026-11-02", "days": 14},
         "A concern you recorded (observed 02-11-2026) has had no step of the action guide done for 14 days."),
        (Kind.ASSESSMENT_DUE, {"received": "2026-12-02T13:00:00+00:00", "overdue": False},
         "A notification received 02-12-2026 14:00 must be assessed (Barnets Lov § 136) by 03-12-2026 14:00."),
        (Kind.ACKNOWLEDGEMENT_DUE, {"received": "2026-12-02T13:00:00+00:00", "overdue": True},
         "A notification received 02-12-2026 14:00 should have been acknowledged to the notifier (§ 137) "
         "by 03-12-2026 14:00."),
    ]  # fmt: skip
    for kind, params, text in cases:
        assert describe(_reminder(cast.leader, kind, params)) == text


def test_unread_come_first_and_are_counted(cast):
    params = {"observed_on": "2026-11-02", "days": 14}
    read = _reminder(cast.leader, Kind.CONCERN_WAITING, params, read_at=DUE)
    unread = _reminder(cast.leader, Kind.CONCERN_WAITING, {**params, "x": 1})
    _reminder(cast.pedagogue, Kind.CONCERN_WAITING, params)
    assert [row.reminder for row in reminders_for(cast.leader)] == [unread, read]
    assert unread_count(cast.leader) == 1
