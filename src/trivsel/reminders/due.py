"""What is due: the reminders that the rules ask for now, as candidates (who, what, by when).

- Screening: an open round whose deadline is within ``SCREENING_REMINDER_DAYS`` (or has passed),
  to the unit's leader and the frontline staff of each group with a child not yet jointly rated.
- Concerns: an open concern with no guide step done ``CONCERN_REMINDER_DAYS`` after it was
  observed, to the professional who recorded it.
- Notifications: an assessment (§ 136) or acknowledgement (§ 137) due within a working day or
  overdue, and a child investigation (§ 20 stk. 3) due within ``INVESTIGATION_REMINDER_DAYS`` or
  overdue, to the assigned case worker, or to every case worker of Børn og Familie while none is.
- Questionnaires: a questionnaire a professional was asked to answer, due within
  ``QUESTIONNAIRE_REMINDER_DAYS`` or overdue, to that professional (guardians get a fresh link by
  e-mail instead: ``questionnaires.services.link_reminders_send``).
- Work: an agreement due within ``AGREEMENT_REMINDER_DAYS`` and an evaluation within
  ``EVALUATION_REMINDER_DAYS`` (or overdue), to the agreement's owner or the intervention's responsible.

Candidates name no child: a key, a link and a few facts. ``services.reminders_create`` keeps the
ones a user has not had yet.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from trivsel.children.access import current_enrolments
from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.models import Status as ConcernStatus
from trivsel.meetings.models import Agreement
from trivsel.notifications.access import authority_case_workers
from trivsel.notifications.models import Notification
from trivsel.notifications.selectors import Deadline, notification_row
from trivsel.organisation.models import Membership, Role
from trivsel.plans.models import Intervention
from trivsel.questionnaires.models import QuestionnaireRequest
from trivsel.reminders.models import Kind
from trivsel.screening.models import Screening, ScreeningRound


@dataclass(frozen=True)
class Candidate:
    user_id: int
    kind: str
    key: str
    url: str
    due: datetime.datetime
    params: dict[str, object] = field(default_factory=dict)


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def _current(memberships: Q) -> Q:
    day = timezone.localdate()
    return memberships & Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def screening_candidates(now: datetime.datetime) -> list[Candidate]:
    day = timezone.localdate(now)
    horizon = day + datetime.timedelta(days=settings.SCREENING_REMINDER_DAYS)
    rounds = {
        r.unit_id: r
        for r in ScreeningRound.objects.filter(closed_at__isnull=True, deadline__lte=horizon).select_related("unit")
    }
    if not rounds:
        return []
    agreed = Screening.objects.filter(
        round__unit_id=OuterRef("unit_id"), round__closed_at__isnull=True, child_id=OuterRef("child_id")
    )
    waiting = (
        current_enrolments()
        .filter(unit_id__in=rounds, group__isnull=False)
        .exclude(Exists(agreed))
        .values("unit_id", "group_id")
        .annotate(n=Count("child_id"))
        .order_by()
    )
    groups: dict[int, int] = {}
    per_unit: dict[int, int] = defaultdict(int)
    for row in waiting:
        groups[row["group_id"]] = row["unit_id"]
        per_unit[row["unit_id"]] += row["n"]
    people = Membership.objects.filter(
        _current(Q(role=Role.FRONTLINE, group_id__in=groups) | Q(role=Role.LEADER, unit_id__in=per_unit))
    ).values_list("user_id", "unit_id")
    found = []
    for user_id, unit_id in set(people):
        screening_round = rounds[unit_id]
        overdue = screening_round.deadline < day
        found.append(
            Candidate(
                user_id=user_id,
                kind=Kind.SCREENING_OVERDUE if overdue else Kind.SCREENING_DUE,
                key=f"round:{screening_round.pk}:{'overdue' if overdue else 'due'}",
                url=reverse("screening:round", args=[screening_round.pk]),
                due=_end_of(screening_round.deadline),
                params={
                    "round": screening_round.name,
                    "unit": screening_round.unit.name,
                    "deadline": screening_round.deadline.isoformat(),
                    "waiting": per_unit[unit_id],
                },
            )
        )
    return found


def concern_candidates(now: datetime.datetime) -> list[Candidate]:
    days = settings.CONCERN_REMINDER_DAYS
    before = timezone.localdate(now) - datetime.timedelta(days=days)
    concerns = Concern.objects.filter(status=ConcernStatus.OPEN, observed_on__lte=before).exclude(
        Exists(ConcernStep.objects.filter(concern_id=OuterRef("pk")))
    )
    return [
        Candidate(
            user_id=c.reported_by_id,
            kind=Kind.CONCERN_WAITING,
            key=f"concern:{c.pk}:waiting",
            url=reverse("concerns:detail", args=[c.child_id, c.pk]),
            due=_end_of(c.observed_on + datetime.timedelta(days=days)),
            params={"observed_on": c.observed_on.isoformat(), "days": days},
        )
        for c in concerns.only("pk", "child_id", "observed_on", "reported_by_id")
    ]


def notification_candidates(now: datetime.datetime) -> list[Candidate]:
    open_ones = Notification.objects.filter(closed_at__isnull=True).filter(
        Q(assessed_at__isnull=True)
        | Q(notifier_is_professional=True, acknowledged_at__isnull=True)
        | Q(investigation_completed_on__isnull=True)
    )
    everyone = list(authority_case_workers().values_list("pk", flat=True))
    found = []
    investigation_warning = datetime.timedelta(days=settings.INVESTIGATION_REMINDER_DAYS)
    for notification in open_ones.only(
        "pk", "received_at", "assessed_at", "acknowledged_at", "notifier_is_professional",
        "investigation_started_on", "investigation_completed_on", "closed_at", "assigned_to_id",
    ):  # fmt: skip
        row = notification_row(notification, now)
        checks: list[tuple[str, str, Deadline | None, bool]] = [
            (Kind.ASSESSMENT_DUE, "assess", row.assessment, row.assessment.due_soon),
            (
                Kind.ACKNOWLEDGEMENT_DUE,
                "ack",
                row.acknowledgement,
                bool(row.acknowledgement and row.acknowledgement.due_soon),
            ),
            (
                Kind.INVESTIGATION_DUE,
                "investigation",
                row.investigation,
                row.investigation.moment - now <= investigation_warning,
            ),
        ]
        recipients = [notification.assigned_to_id] if notification.assigned_to_id else everyone
        for kind, name, deadline, soon in checks:
            if deadline is None or deadline.done or not (soon or deadline.overdue):
                continue
            state = "overdue" if deadline.overdue else "soon"
            found += [
                Candidate(
                    user_id=user_id,
                    kind=kind,
                    key=f"notification:{notification.pk}:{name}:{state}",
                    url=reverse("notifications:detail", args=[notification.pk]),
                    due=deadline.moment,
                    params={"received": notification.received_at.isoformat(), "overdue": deadline.overdue},
                )
                for user_id in recipients
            ]
    return found


def _soon_or_overdue(day: datetime.date, due: datetime.date) -> str:
    return "overdue" if due < day else "soon"


def work_candidates(now: datetime.datetime) -> list[Candidate]:
    """Agreements due within ``AGREEMENT_REMINDER_DAYS`` and evaluations within ``EVALUATION_REMINDER_DAYS``
    (or overdue), to their owner or the intervention's responsible; both link to "My work"."""
    day = timezone.localdate(now)
    url = reverse("plans:my_work")
    agreements = Agreement.objects.filter(
        done_on__isnull=True,
        owner__isnull=False,
        due__lte=day + datetime.timedelta(days=settings.AGREEMENT_REMINDER_DAYS),
    ).values_list("pk", "owner_id", "due")
    found = [
        Candidate(
            user_id=owner,
            kind=Kind.AGREEMENT_DUE,
            key=f"agreement:{pk}:{_soon_or_overdue(day, due)}",
            url=url,
            due=_end_of(due),
            params={"due": due.isoformat(), "overdue": due < day},
        )
        for pk, owner, due in agreements
    ]
    evaluations = Intervention.objects.filter(
        closed_on__isnull=True, evaluation_due__lte=day + datetime.timedelta(days=settings.EVALUATION_REMINDER_DAYS)
    ).values_list("pk", "responsible_id", "evaluation_due")
    found += [
        Candidate(
            user_id=responsible,
            kind=Kind.EVALUATION_DUE,
            key=f"evaluation:{pk}:{due.isoformat()}:{_soon_or_overdue(day, due)}",
            url=url,
            due=_end_of(due),
            params={"due": due.isoformat(), "overdue": due < day},
        )
        for pk, responsible, due in evaluations
    ]
    return found


def questionnaire_candidates(now: datetime.datetime) -> list[Candidate]:
    day = timezone.localdate(now)
    requests = QuestionnaireRequest.objects.filter(
        answered_at__isnull=True,
        cancelled_at__isnull=True,
        professional__isnull=False,
        due__lte=day + datetime.timedelta(days=settings.QUESTIONNAIRE_REMINDER_DAYS),
    ).values_list("pk", "child_id", "professional_id", "due")
    return [
        Candidate(
            user_id=professional,
            kind=Kind.QUESTIONNAIRE_DUE,
            key=f"questionnaire:{pk}:{_soon_or_overdue(day, due)}",
            url=reverse("questionnaires:answer", args=[child_id, pk]),
            due=_end_of(due),
            params={"due": due.isoformat(), "overdue": due < day},
        )
        for pk, child_id, professional, due in requests
    ]


def due_candidates(now: datetime.datetime) -> list[Candidate]:
    return (
        screening_candidates(now)
        + concern_candidates(now)
        + notification_candidates(now)
        + work_candidates(now)
        + questionnaire_candidates(now)
    )
