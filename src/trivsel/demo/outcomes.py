"""Synthetic outcomes for the demo and the bench: questionnaires, school attendance, an analyst.

A data generator like ``builder`` and ``cases``: ``bulk_create`` straight into the tables, then
the same scoring as a submitted form (``questionnaires.scores.responses_score``). Children of
4–17 in daycare or school get parents' SDQs about six months apart (most of them), a teacher's
SDQ, and some families the experience questionnaire; pupils get an attendance record per
half-year. Answers lean towards fewer difficulties at the follow-up, as help would make them.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.attendance.models import AttendanceRecord
from trivsel.children.access import current_enrolments
from trivsel.effect.periods import HalfYear
from trivsel.lib.time import age_on
from trivsel.organisation.models import EnrolmentTrack, Membership, Role
from trivsel.questionnaires.models import Instrument, Respondent, Response, Source
from trivsel.questionnaires.scores import responses_score

ANALYST = "analytiker"
PARENT_SHARE, THIRD_SHARE, TEACHER_SHARE, EXPERIENCE_SHARE = 0.9, 0.4, 0.6, 0.35
HALF_YEARS = 4  # of attendance records per pupil


@dataclass(frozen=True)
class OutcomeStats:
    responses: int
    scoring_seconds: float
    attendance_records: int


def _answers(rng: random.Random, items: int, weights: tuple[float, ...]) -> dict[str, int]:
    values = range(len(weights))
    return {str(n): rng.choices(values, weights)[0] for n in range(1, items + 1)}


def _impact(rng: random.Random) -> tuple[int, dict[str, int]]:
    if rng.random() < 0.6:
        return 0, {}
    codes = ("distress", "home", "friendships", "classroom", "leisure")
    return rng.randint(1, 3), {code: rng.randint(0, 3) for code in codes}


class _Responses:
    def __init__(self, rng: random.Random, on: datetime.date) -> None:
        self.rng, self.on = rng, on
        self.instruments = {i.code: i for i in Instrument.objects.all()}
        self.submitted = timezone.now()
        self.rows: list[Response] = []

    def add(self, child_id: int, code: str, respondent: str, day: datetime.date, weights: tuple[float, ...]) -> None:
        instrument = self.instruments[code]
        gate, impact = _impact(self.rng) if instrument.kind == "sdq" else (None, {})
        if code.startswith("sdq-teacher"):
            impact = {k: v for k, v in impact.items() if k in ("distress", "classroom")} | (
                {"peers": self.rng.randint(0, 3)} if impact else {}
            )
        self.rows.append(
            Response(
                child_id=child_id, instrument=instrument, respondent=respondent, source=Source.PAPER,
                answers=_answers(self.rng, instrument.definition["items"], weights), gate=gate, impact=impact,
                measured_on=day, submitted_at=self.submitted,
            )
        )  # fmt: skip

    def child(self, child_id: int, age: int) -> None:
        rng, on = self.rng, self.on
        baseline = on - datetime.timedelta(days=rng.randint(200, 330))
        if rng.random() < PARENT_SHARE:
            self.add(child_id, "sdq-parent-4-17", Respondent.PARENT, baseline, (0.55, 0.3, 0.15))
            follow_up = baseline + datetime.timedelta(days=rng.randint(150, 200))
            self.add(child_id, "sdq-parent-4-17", Respondent.PARENT, follow_up, (0.6, 0.3, 0.1))
            if rng.random() < THIRD_SHARE:
                earlier = baseline - datetime.timedelta(days=rng.randint(300, 400))
                self.add(child_id, "sdq-parent-4-17", Respondent.PARENT, earlier, (0.5, 0.3, 0.2))
        if rng.random() < TEACHER_SHARE:
            self.add(child_id, "sdq-teacher-4-17", Respondent.PROFESSIONAL, baseline, (0.55, 0.3, 0.15))
        if rng.random() < EXPERIENCE_SHARE:
            day = on - datetime.timedelta(days=rng.randint(10, 300))
            code = "family-experience-self" if age >= 11 and rng.random() < 0.3 else "family-experience-parent"
            respondent = Respondent.YOUTH if code.endswith("self") else Respondent.PARENT
            self.add(child_id, code, respondent, day, (0.05, 0.1, 0.2, 0.4, 0.25))


def build_questionnaires(*, seed: int, on: datetime.date, years: int = 1) -> tuple[int, float]:
    """Responses for the children of 4–17 in daycare and school, for each of the last ``years``
    years; returns (count, seconds to score them)."""
    rng = random.Random(seed + 5)
    builder = _Responses(rng, on)
    enrolled = (
        current_enrolments(on)
        .filter(track__in=(EnrolmentTrack.DAYCARE, EnrolmentTrack.SCHOOL))
        .values_list("child_id", "child__birth_date")
        .order_by("child_id")
        .distinct()
    )
    for year in range(years):
        builder.on = on - datetime.timedelta(days=365 * year)
        for child_id, birth_date in enrolled:
            age = age_on(birth_date, builder.on)
            if 4 <= age <= 17:
                builder.child(child_id, age)
    responses = Response.objects.bulk_create(builder.rows, batch_size=5_000)
    started = time.perf_counter()
    responses_score(responses)
    return len(responses), time.perf_counter() - started


def build_attendance(*, seed: int, on: datetime.date) -> int:
    """One record per pupil and half-year, the last ``HALF_YEARS`` half-years up to ``on``."""
    rng = random.Random(seed + 6)
    importer = User.objects.filter(memberships__role=Role.LEADER).order_by("id").first()
    if importer is None:
        return 0
    periods = [HalfYear.of(on)]
    for _n in range(HALF_YEARS - 1):
        periods.insert(0, periods[0].previous())
    pupils = current_enrolments(on).filter(track=EnrolmentTrack.SCHOOL).values_list("child_id", "unit_id")
    now = timezone.now()
    rows = []
    for child_id, unit_id in pupils.order_by("child_id"):
        for period in periods:
            expected = 95 if period.half == 1 else 100
            sick = min(expected, round(rng.expovariate(1 / 4), 1))
            unauthorised = min(expected - sick, round(rng.expovariate(1 / 1.5), 1) if rng.random() < 0.2 else 0.0)
            rows.append(
                AttendanceRecord(
                    child_id=child_id, unit_id=unit_id, period_start=period.start, period_end=period.end,
                    expected_days=expected, sick_days=Decimal(str(sick)), authorised_days=Decimal("1.0"),
                    unauthorised_days=Decimal(str(unauthorised)), imported_at=now, imported_by=importer,
                )
            )  # fmt: skip
    AttendanceRecord.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)


def add_analyst(password: str, email_domain: str) -> User:
    """``analytiker``: management's view of the whole municipality, aggregates only."""
    defaults = {"first_name": "Asta", "last_name": "Analytiker", "password": make_password(password),
                "email": f"{ANALYST}@{email_domain}"}  # fmt: skip
    user, created = User.objects.get_or_create(username=ANALYST, defaults=defaults)
    if created:
        Membership.objects.create(user=user, role=Role.ANALYST, start=datetime.date(2020, 1, 1))
    return user


def build_outcomes(*, seed: int, on: datetime.date, password: str, email_domain: str, years: int = 1) -> OutcomeStats:
    add_analyst(password, email_domain)
    responses, seconds = build_questionnaires(seed=seed, on=on, years=years)
    return OutcomeStats(responses, seconds, build_attendance(seed=seed, on=on))
