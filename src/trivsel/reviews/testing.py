"""Test data for case reviews: a synthetic child with years of history of every kind the case file shows.

Used by the tests and by the case file's benchmark. Everything is made up (no real person), dated
from ``years`` years ago up to today; ``seed`` decides the positions, ratings and answers.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.models import Child, Guardian
from trivsel.concerns.models import ActionGuideStep, Concern, ConcernLevel, ConcernStep
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.consent.models import Consent, Purpose
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Agreement, Sharing
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.notifications.models import Grounds, Notification
from trivsel.organisation.models import District, Group, Role, Unit, UnitKind
from trivsel.plans.models import Evaluation, Goal, Milestone, Outcome, ProgressEntry
from trivsel.plans.testing import make_goal, make_intervention
from trivsel.questionnaires.models import QuestionnaireRequest, Respondent, Response, Source
from trivsel.questionnaires.scores import responses_score
from trivsel.questionnaires.testing import PARENT, TEACHER, instrument
from trivsel.reviews.models import (
    Criterion,
    Rating,
    RatingScale,
    Review,
    ReviewCase,
    ReviewRound,
    ReviewSchema,
    SamplingMethod,
    Theme,
)
from trivsel.reviews.schemas import schema_load
from trivsel.screening.models import NextStep, Screening, ScreeningRound
from trivsel.screening.testing import make_round, position
from trivsel.testing import factories as f

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class _Cast:
    child: Child
    mother: Guardian
    group: Group
    pedagogue: Any
    leader: Any
    case_worker: Any
    levels: dict[str, ConcernLevel]
    rng: random.Random


def child_with_history(years: int = 10, *, seed: int = 1) -> Child:
    """A child in a kindergarten of its own, with ``years`` years of concerns, screenings, consents,
    meetings, plans, notifications and questionnaires, ending before today.

    Each year: a concern with steps from the action guide, a consent (withdrawn every other year, the first one too),
    two screenings, two meetings with minutes and two agreements each, an intervention with two goals,
    milestones, progress ratings and an evaluation, and an SDQ from the parent and one from the
    teacher; every third year a serious concern and the notification filed from it.
    """
    start = today() - relativedelta(years=years)
    cast = _cast(start, random.Random(seed))
    responses: list[Response] = []
    previous: ScreeningRound | None = None
    for year in range(years):
        first = start + relativedelta(years=year)
        _concern(cast, first + 20 * DAY, "middel" if year % 2 else "lille")
        _consent(cast, first + 40 * DAY, withdrawn=year % 2 == 0)
        for season, offset in (("Forår", 60), ("Efterår", 240)):
            previous = _screening(cast, first + offset * DAY, f"{season} {first.year}", previous)
        items = [_meeting(cast, first + offset * DAY) for offset in (75, 255)]
        _plan(cast, first, items[0])
        responses += [_sdq(cast, first + 100 * DAY, PARENT), _sdq(cast, first + 280 * DAY, TEACHER)]
        if year % 3 == 0:
            _notification(cast, _concern(cast, first + 140 * DAY, "stor"))
    responses_score(responses)
    return cast.child


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _cast(start: datetime.date, rng: random.Random) -> _Cast:
    unit = f.UnitFactory(kind=UnitKind.KINDERGARTEN)
    group = f.GroupFactory(unit=unit, name="Rød stue")
    child = f.ChildFactory(first_name="Sofie", last_name="Holm", birth_date=start - relativedelta(years=4, months=3))
    f.EnrolmentFactory(child=child, group=group, start=start)
    mother = f.GuardianFactory(first_name="Maja", last_name="Holm")
    f.GuardianshipFactory(child=child, guardian=mother, relation="mother")
    authority = f.UnitFactory(kind=UnitKind.CHILDREN_AND_FAMILY, district=None)
    return _Cast(
        child=child,
        mother=mother,
        group=group,
        pedagogue=f.MembershipFactory(group=group, start=start).user,
        leader=f.MembershipFactory(role=Role.LEADER, group=None, unit=unit, start=start).user,
        case_worker=f.MembershipFactory(role=Role.CASE_WORKER, group=None, unit=authority, start=start).user,
        levels=default_levels_and_guide(),
        rng=rng,
    )


def _concern(cast: _Cast, observed: datetime.date, level: str) -> Concern:
    concern = Concern.objects.create(
        child=cast.child,
        reported_by=cast.pedagogue,
        observed_on=observed,
        description="Trækker sig fra legen og virker trist om morgenen.",
        areas=["trivsel", "adfaerd"],
        level=cast.levels[level],
        status="closed",
        closed_at=_at(observed + 90 * DAY),
    )
    steps = ActionGuideStep.objects.filter(level=concern.level).order_by("order")[:2]
    ConcernStep.objects.bulk_create(
        ConcernStep(concern=concern, step_code=s.code, step_title=s.title, done_on=observed + (n + 1) * 3 * DAY,
                    done_by=cast.pedagogue, note="Aftalt med lederen" if n else "")
        for n, s in enumerate(steps)
    )  # fmt: skip
    return concern


def _consent(cast: _Cast, given: datetime.date, *, withdrawn: bool) -> None:
    consent = f.ConsentRecipientFactory(
        consent__child=cast.child,
        consent__guardian=cast.mother,
        consent__recorded_by=cast.pedagogue,
        consent__purpose=Purpose.MULTIPROFESSIONAL_DISCUSSION,
        consent__valid_from=given,
        consent__valid_until=given + relativedelta(years=1) - DAY,
        consent__information="Observationer fra børnehaven og forældrenes egen beskrivelse.",
        unit=cast.group.unit,
    ).consent
    # ``given_at`` is set on creation; the history needs the day it was given.
    changes: dict[str, Any] = {"given_at": _at(given, 9)}
    if withdrawn:
        changes |= {"withdrawn_at": _at(given + 200 * DAY), "withdrawn_by": cast.pedagogue}
    Consent.objects.filter(pk=consent.pk).update(**changes)


def _screening(cast: _Cast, opened: datetime.date, name: str, previous: ScreeningRound | None) -> ScreeningRound:
    screening_round = make_round(
        cast.group.unit, cast.leader, name=name, opened_on=opened,
        deadline=opened + 21 * DAY, closed_at=_at(opened + 22 * DAY), previous=previous,
    )  # fmt: skip
    code = cast.rng.choice(["groen", "groen", "gul", "roed"])
    worried = code != "groen"
    Screening.objects.create(
        round=screening_round,
        child=cast.child,
        group=cast.group,
        position=position(screening_round.scale, code),
        note="Drøftet på personalemødet.",
        agreed_by=cast.leader,
        agreed_at=_at(opened + 14 * DAY, 14),
        next_step=NextStep.LOCAL_PLAN if worried else "",
        next_step_note="Pædagogen laver en lokal handleplan." if worried else "",
        next_step_by=cast.leader if worried else None,
        next_step_on=opened + 14 * DAY if worried else None,
    )
    return screening_round


def _meeting(cast: _Cast, day: datetime.date) -> AgendaItem:
    starts = _at(day, 9)
    meeting = make_meeting(cast.group.unit, cast.leader, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    item = make_item(
        meeting, cast.child, cast.pedagogue, Sharing.CONSENT,
        knowledge_professionals="Leger mest alene.", knowledge_parents="Sover uroligt.",
        knowledge_child="Vil gerne lege med Ida.", discussion="Brug for tryghed i overgangene.",
        parent_contact=cast.pedagogue, intervention_note="Mentor i frikvarteret.",
        evaluation_plan="Om tre måneder på næste møde.", new_agreements="Mødes igen efter evalueringen.",
        minutes_saved_at=starts + datetime.timedelta(hours=2), minutes_saved_by=cast.leader, minutes_version=3,
    )  # fmt: skip
    Agreement.objects.bulk_create(
        [
            Agreement(item=item, child=cast.child, what="Ringe til mor", owner=cast.pedagogue,
                      due=day + 7 * DAY, done_on=day + 5 * DAY),
            Agreement(item=item, child=cast.child, what="Fortælle om aftalerne derhjemme", owner_other="Mor",
                      due=day + 14 * DAY),
        ]
    )  # fmt: skip
    return item


def _plan(cast: _Cast, first: datetime.date, item: AgendaItem) -> None:
    start = first + 80 * DAY
    intervention = make_intervention(
        cast.child, cast.pedagogue, item=item, start=start, planned_end=start + 180 * DAY,
        evaluation_due=start + 120 * DAY, closed_on=start + 180 * DAY, description="Mentor i frikvarteret.",
    )  # fmt: skip
    for title, owner in (("Leger med en ven i frikvarteret", "child"), ("Siger farvel uden gråd", "parents")):
        goal = make_goal(intervention, title=title, owner=owner)
        Goal.objects.filter(pk=goal.pk).update(created_at=_at(start, 11))  # created on the day the help started
        Milestone.objects.create(goal=goal, title="Første uge", due=start + 7 * DAY, reached_on=start + 9 * DAY)
        ProgressEntry.objects.bulk_create(
            ProgressEntry(goal=goal, rater=rater, value=cast.rng.randint(2, 9), recorded_on=start + days * DAY,
                          recorded_by=cast.pedagogue, guardian=cast.mother if rater == "parent" else None)
            for days, rater in ((30, "professional"), (70, "child"), (110, "parent"), (150, "professional"))
        )  # fmt: skip
    Evaluation.objects.create(
        intervention=intervention, evaluated_on=start + 120 * DAY, outcome=Outcome.CONTINUE,
        note="Færre konflikter i frikvarteret.", next_due=start + 180 * DAY, by=cast.pedagogue,
    )  # fmt: skip


def _notification(cast: _Cast, concern: Concern) -> None:
    received = _at(concern.observed_on + 10 * DAY, 13)
    Notification.objects.create(
        child=cast.child, filed_by=cast.pedagogue, filed_at=received, concern=concern,
        grounds=Grounds.SPECIAL_SUPPORT, description="Barnet har brug for særlig støtte.", received_at=received,
        assigned_to=cast.case_worker, assessed_at=received + 20 * datetime.timedelta(hours=1), acute_measures=False,
        assessment_note="Ingen akutte tiltag.", acknowledged_at=received + 3 * DAY,
        investigation_started_on=concern.observed_on + 20 * DAY,
        investigation_completed_on=concern.observed_on + 100 * DAY, closed_at=received + 120 * DAY,
    )  # fmt: skip


def _sdq(cast: _Cast, measured: datetime.date, code: str) -> Response:
    """A submitted SDQ; the parent's answered by a link sent to the mother, the teacher's in Trivsel."""
    form = instrument(code)
    parent = code == PARENT
    request = None
    if parent:
        request = QuestionnaireRequest.objects.create(
            child=cast.child, instrument=form, respondent=Respondent.PARENT, guardian=cast.mother,
            requested_by=cast.pedagogue, due=measured + 14 * DAY, answered_at=_at(measured, 20),
        )  # fmt: skip
    return Response.objects.create(
        child=cast.child, instrument=form, request=request,
        respondent=Respondent.PARENT if parent else Respondent.PROFESSIONAL,
        source=Source.LINK if parent else Source.APP, entered_by=None if parent else cast.pedagogue,
        answers={str(n): cast.rng.randint(0, 2) for n in range(1, 26)}, gate=0, impact={},
        measured_on=measured, submitted_at=_at(measured, 20),
    )  # fmt: skip


# Case review rounds built row by row, for the results and the report -------------------------------

DEFAULT_THEMES: dict[str, list[str]] = {"Tidlig opsporing": ["a1", "a2", "a3"], "Samarbejde": ["b1"]}


def make_schema(
    themes: Mapping[str, Sequence[str]] | None = None,
    *,
    family: str = "sagsgennemgang",
    version: int = 1,
    four: Collection[str] = ("b1",),
) -> ReviewSchema:
    """A published schema: ``themes`` maps each theme (in order) to its criteria's codes (in order);
    the codes in ``four`` are rated 1–4, the rest strength / challenge / not relevant."""
    schema = ReviewSchema.objects.create(
        family=family, version=version, name="Analyseskema", published_at=timezone.now()
    )
    for t, (name, codes) in enumerate((DEFAULT_THEMES if themes is None else themes).items()):
        theme = Theme.objects.create(schema=schema, order=t, name=name)
        for n, code in enumerate(codes):
            Criterion.objects.create(
                schema=schema,
                theme=theme,
                order=n,
                code=code,
                question=f"Spørgsmål {code}",
                scale=RatingScale.FOUR if code in four else RatingScale.STRENGTH,
            )
    return schema


def make_review_round(
    schema: ReviewSchema, *, name: str = "Sagsgennemgang 2026", previous: ReviewRound | None = None, **fields: Any
) -> ReviewRound:
    values: dict[str, Any] = {
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 6, 30),
        "method": SamplingMethod.RANDOM,
        "seed": 1,
        "ends_on": datetime.date(2026, 9, 30),
        **fields,
    }
    return ReviewRound.objects.create(name=name, schema=schema, previous=previous, **values)


def review_raters() -> tuple[User, User]:
    """The first and the second rater of every case made by ``add_case``."""
    return f.UserFactory(username="bedoemmer1"), f.UserFactory(username="bedoemmer2")


def add_case(
    review_round: ReviewRound,
    number: int,
    first: Mapping[str, str] | None,
    second: Mapping[str, str] | None = None,
    *,
    child: Child | None = None,
    unit: Unit | None = None,
    district: District | None = None,
    age_band: str = "",
    submitted: bool = True,
    second_submitted: bool = True,
    comments: Mapping[str, str] | None = None,
) -> ReviewCase:
    """A case with the first rater's ratings (code → value) and, if given, the second rater's; None
    for ``first`` makes no first review. ``comments`` (code → text) go with the first rater's ratings."""
    case = ReviewCase.objects.create(
        round=review_round,
        number=number,
        child=child,
        reference="" if child else f"EXT-{number}",
        unit=unit,
        district=district if district is not None else (unit.district if unit else None),
        age_band=age_band,
    )
    criteria = {c.code: c for c in Criterion.objects.filter(schema_id=review_round.schema_id)}
    raters = review_raters()
    given = [(False, first, submitted, comments or {}), (True, second, second_submitted, {})]
    for (is_second, ratings, done, notes), rater in zip(given, raters, strict=True):
        if ratings is None:
            continue
        review = Review.objects.create(
            case=case, reviewer=rater, is_second=is_second, submitted_at=timezone.now() if done else None
        )
        Rating.objects.bulk_create(
            Rating(review=review, criterion=criteria[code], value=value, comment=notes.get(code, ""))
            for code, value in ratings.items()
        )
    return case


def add_cases(review_round: ReviewRound, ratings: Sequence[Mapping[str, str]], **case: Any) -> list[ReviewCase]:
    """One case per mapping, numbered on from the round's last case, each with ``case``'s place."""
    last = ReviewCase.objects.filter(round=review_round).order_by("-number").values_list("number", flat=True).first()
    start = (last or 0) + 1
    return [add_case(review_round, start + n, first, **case) for n, first in enumerate(ratings)]


def spread(**counts: int) -> list[str]:
    """Values in the given numbers, e.g. ``spread(strength=3, challenge=2)``; 1–4 as ``_1=…``."""
    return [value.removeprefix("_") for value, n in counts.items() for _ in range(n)]


def default_schema() -> ReviewSchema:
    """The shipped schema, version 1; loaded again when a live-server test has flushed the migration's copy."""
    found = ReviewSchema.objects.filter(family="tidlig-indsats").order_by("version").first()
    return found if found is not None else schema_load()
