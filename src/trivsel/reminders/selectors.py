"""Reading a user's own reminders, with their text in the user's language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trivsel.accounts.models import User
from trivsel.reminders.models import Kind, Reminder

LIMIT = 200  # the newest; older reminders have long been acted on


@dataclass(frozen=True)
class ReminderRow:
    reminder: Reminder
    text: str


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "d-m-Y")


def _moment(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "d-m-Y H:i")


def describe(reminder: Reminder) -> str:
    """The reminder as a sentence; its facts come from ``params`` and never name a child."""
    p = reminder.params
    if reminder.kind in (Kind.SCREENING_DUE, Kind.SCREENING_OVERDUE):
        waiting = int(str(p["waiting"]))
        values = {"round": p["round"], "unit": p["unit"], "day": _date(str(p["deadline"])), "waiting": waiting}
        if reminder.kind == Kind.SCREENING_OVERDUE:
            text = ngettext(
                "%(round)s in %(unit)s passed its deadline %(day)s; %(waiting)d child has no joint rating yet.",
                "%(round)s in %(unit)s passed its deadline %(day)s; %(waiting)d children have no joint rating yet.",
                waiting,
            )
        else:
            text = ngettext(
                "%(round)s in %(unit)s has its deadline %(day)s; %(waiting)d child has no joint rating yet.",
                "%(round)s in %(unit)s has its deadline %(day)s; %(waiting)d children have no joint rating yet.",
                waiting,
            )
        return text % values
    if reminder.kind == Kind.CONCERN_WAITING:
        return _(
            "A concern you recorded (observed %(day)s) has had no step of the action guide done for %(days)s days."
        ) % {
            "day": _date(str(p["observed_on"])),
            "days": p["days"],
        }
    if reminder.kind == Kind.QUESTIONNAIRE_DUE:
        values = {"day": _date(str(p["due"]))}
        if p.get("overdue"):
            return _("A questionnaire you were asked to answer was due %(day)s.") % values
        return _("A questionnaire you were asked to answer is due %(day)s.") % values
    if reminder.kind in (Kind.AGREEMENT_DUE, Kind.EVALUATION_DUE):
        values = {"day": _date(str(p["due"]))}
        if reminder.kind == Kind.AGREEMENT_DUE:
            text = (
                _("An agreement you took on was due %(day)s.")
                if p.get("overdue")
                else _("An agreement you took on is due %(day)s.")
            )
        else:
            text = (
                _("An evaluation you are responsible for was due %(day)s.")
                if p.get("overdue")
                else _("An evaluation you are responsible for is due %(day)s.")
            )
        return text % values
    if reminder.kind in (Kind.HANDOVER_SHARED, Kind.HANDOVER_APPROVED, Kind.HANDOVER_CHANGES):
        values = {"unit": p["unit"], "day": _date(str(p["moves_on"]))}
        if reminder.kind == Kind.HANDOVER_SHARED:
            return _("%(unit)s has shared a handover with you for a child starting %(day)s.") % values
        if reminder.kind == Kind.HANDOVER_APPROVED:
            return _("The parents have approved a handover to %(unit)s (first day %(day)s).") % values
        return _("The parents ask for changes to a handover to %(unit)s (first day %(day)s).") % values
    if reminder.kind in (Kind.CONSULTATION_BOOKED, Kind.CONSULTATION_CANCELLED):
        values = {"when": _moment(datetime.datetime.fromisoformat(str(p["starts_at"])))}
        if reminder.kind == Kind.CONSULTATION_BOOKED:
            return _("A consultation in your office hours has been booked for %(when)s.") % values
        return _("The consultation %(when)s has been cancelled.") % values
    what = {
        Kind.ASSESSMENT_DUE: _("assessed (Barnets Lov § 136)"),
        Kind.ACKNOWLEDGEMENT_DUE: _("acknowledged to the notifier (§ 137)"),
        Kind.INVESTIGATION_DUE: _("investigated (§ 20 stk. 3)"),
    }[Kind(reminder.kind)]
    values = {
        "received": _moment(datetime.datetime.fromisoformat(str(p["received"]))),
        "what": what,
        "due": _moment(reminder.due),
    }
    if p.get("overdue"):
        return _("A notification received %(received)s should have been %(what)s by %(due)s.") % values
    return _("A notification received %(received)s must be %(what)s by %(due)s.") % values


def reminders_for(user: User) -> list[ReminderRow]:
    """The user's own reminders, unread first, soonest due first."""
    reminders = Reminder.objects.filter(user=user).order_by(F("read_at").desc(nulls_first=True), "due", "-id")[:LIMIT]
    return [ReminderRow(r, describe(r)) for r in reminders]


def unread_count(user: User) -> int:
    return Reminder.objects.filter(user=user, read_at__isnull=True).count()
