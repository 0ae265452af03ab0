"""Synthetic concerns and notifications for the demo, grown out of the open screening round.

A data generator like ``builder`` and ``screening``: ``bulk_create`` straight into the tables.
Some children rated red or yellow in their unit's open round get a concern from the professional
who agreed the rating, with the first steps of the action guide done; that concern becomes the
rating's next step. Some serious concerns led to a notification, in every stage of its handling,
and Børn og Familie's case workers hold the access a notification gives them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trivsel.children.models import ChildAccessGrant, GrantSource
from trivsel.concerns.models import ActionGuideStep, Area, Concern, ConcernLevel, ConcernStep, StepAction
from trivsel.notifications.access import authority_case_workers
from trivsel.notifications.models import Grounds, Notification
from trivsel.screening.models import NextStep, Screening

# Chance of a concern for a child in this position (order) of the open round, and its level.
CONCERN_CHANCE = {3: (0.6, "stor"), 2: (0.25, "middel")}
NOTIFY_CHANCE = 0.35  # of the serious concerns
OBSERVATIONS = [
    "Trækker sig fra legen og sidder ofte alene i pauserne.",
    "Kommer flere gange om ugen uden madpakke og virker træt.",
    "Har haft meget fravær den seneste måned; forældrene er svære at få fat i.",
    "Reagerer voldsomt i konflikter og slår de andre børn.",
    "Fortæller, at der er meget råben derhjemme, og vil ikke hentes.",
    "Græder ved aflevering og er urolig hele formiddagen.",
]
AREAS = [Area.WELLBEING, Area.ATTENDANCE, Area.BEHAVIOUR, Area.FAMILY, Area.LEARNING, Area.HEALTH]


@dataclass(frozen=True)
class CaseStats:
    concerns: int
    notifications: int


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Cases:
    def __init__(self, rng: random.Random, on: datetime.date) -> None:
        self.rng, self.on = rng, on
        self.levels = {level.code: level for level in ConcernLevel.objects.all()}
        self.steps: dict[int, list[ActionGuideStep]] = {}
        for step in ActionGuideStep.objects.order_by("order"):
            self.steps.setdefault(step.level_id, []).append(step)
        self.case_workers = list(authority_case_workers().values_list("pk", flat=True))

    def concern(self, screening: Screening, level_code: str) -> Concern:
        rng = self.rng
        return Concern(
            child_id=screening.child_id,
            reported_by_id=screening.agreed_by_id,
            level=self.levels[level_code],
            observed_on=self.on - datetime.timedelta(days=rng.randint(5, 70)),
            description=rng.choice(OBSERVATIONS),
            areas=sorted(set(rng.sample(AREAS, rng.randint(1, 2))), key=Area.values.index),
        )

    def steps_done(self, concern: Concern, notified: bool) -> list[ConcernStep]:
        """The guide's first steps, done a few days apart after the observation; "notify" if notified."""
        guide = self.steps.get(concern.level_id, [])
        count = self.rng.randint(0, max(0, len(guide) - 1))
        chosen = guide[:count] + [s for s in guide[count:] if notified and s.action == StepAction.NOTIFY]
        done = []
        for index, step in enumerate(chosen, start=1):
            day = min(self.on, concern.observed_on + datetime.timedelta(days=2 * index))
            done.append(
                ConcernStep(
                    concern=concern,
                    step_code=step.code,
                    step_title=step.title,
                    done_on=day,
                    done_by_id=concern.reported_by_id,
                )
            )
        return done

    def notification(self, concern: Concern) -> Notification:
        """Filed a few days after the observation; assessed, acknowledged and investigated in turn."""
        rng = self.rng
        filed = _at(min(self.on, concern.observed_on + datetime.timedelta(days=rng.randint(1, 4))), 10)
        stage = rng.random()
        started = (filed + datetime.timedelta(days=9)).date()
        return Notification(
            child_id=concern.child_id,
            concern=concern,
            filed_by_id=concern.reported_by_id,
            filed_at=filed,
            received_at=filed,
            grounds=rng.choice([Grounds.SPECIAL_SUPPORT, Grounds.ABUSE, Grounds.SCHOOL_ABSENCE]),
            description=concern.description,
            assessed_at=filed + datetime.timedelta(hours=5) if stage > 0.15 else None,
            acute_measures=False if stage > 0.15 else None,
            acknowledged_at=filed + datetime.timedelta(days=2) if stage > 0.35 else None,
            investigation_started_on=started if stage > 0.6 and started <= self.on else None,
        )

    def grants(self, notification: Notification) -> list[ChildAccessGrant]:
        ends = notification.filed_at + datetime.timedelta(days=settings.NOTIFICATION_GRANT_DAYS)
        return [
            ChildAccessGrant(
                child_id=notification.child_id,
                user_id=user_id,
                source=GrantSource.NOTIFICATION,
                reason="Underretning",
                starts_at=notification.filed_at,
                ends_at=ends,
            )
            for user_id in self.case_workers
        ]


@transaction.atomic
def build_cases(*, seed: int, on: datetime.date) -> CaseStats:
    """Concerns (and from some, notifications) for children rated yellow or red in the open rounds."""
    rng = random.Random(seed + 3)
    cases = _Cases(rng, on)
    if not cases.levels:
        return CaseStats(0, 0)
    rated = (
        Screening.objects.filter(round__closed_at__isnull=True, position__order__gte=2)
        .select_related("position")
        .order_by("id")
    )
    linked: list[tuple[Screening, Concern]] = []
    for screening in rated:
        chance, level = CONCERN_CHANCE.get(screening.position.order, (0.0, ""))
        if level in cases.levels and rng.random() < chance:
            linked.append((screening, cases.concern(screening, level)))
    concerns = Concern.objects.bulk_create([c for _, c in linked], batch_size=2_000)
    notified = [c for c in concerns if c.level.code == "stor" and rng.random() < NOTIFY_CHANCE]
    notified_ids = {c.pk for c in notified}
    ConcernStep.objects.bulk_create(
        [step for c in concerns for step in cases.steps_done(c, c.pk in notified_ids)], batch_size=2_000
    )
    notifications = Notification.objects.bulk_create([cases.notification(c) for c in notified], batch_size=2_000)
    ChildAccessGrant.objects.bulk_create([g for n in notifications for g in cases.grants(n)], batch_size=2_000)
    for screening, concern in linked:
        screening.next_step, screening.next_step_concern = NextStep.CONCERN, concern
        screening.next_step_note, screening.next_step_by_id = "", screening.agreed_by_id
        screening.next_step_on = concern.observed_on
    Screening.objects.bulk_update(
        [s for s, _ in linked],
        ["next_step", "next_step_concern", "next_step_note", "next_step_by", "next_step_on"],
        batch_size=1_000,
    )
    return CaseStats(concerns=len(concerns), notifications=len(notifications))
