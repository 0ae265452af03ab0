"""Write a planned demo municipality to the database, fast; remove it again.

This is a data generator, not a user action: it writes with ``bulk_create`` straight into
the tables instead of going through the services (which check permissions and write one
access-log row per change). The plan respects every model rule: an enrolment's track is
its unit's track, enrolments on one track never overlap, periods end after they start.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.attendance.models import AttendanceRecord
from trivsel.children.models import Child, ChildAccessGrant, Enrolment, Guardian, Guardianship
from trivsel.concerns.models import Concern, ConcernStep
from trivsel.consent.models import Consent, ConsentRecipient, RecipientKind
from trivsel.demo.cases import build_cases
from trivsel.demo.guide import build_guide
from trivsel.demo.meetings import MeetingVolume, build_meetings
from trivsel.demo.names import ascii_name
from trivsel.demo.officehours import build_office_hours
from trivsel.demo.outcomes import build_outcomes
from trivsel.demo.plan import DemoPlan, GuardianPlan, plan_demo
from trivsel.demo.reviews import build_reviews
from trivsel.demo.screening import build_screenings
from trivsel.demo.transitions import build_transitions
from trivsel.effect.models import IndicatorCell, IndicatorRefresh
from trivsel.effect.refresh import indicators_refresh
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Agreement, Forum, ItemView, Meeting
from trivsel.notifications.models import Notification
from trivsel.officehours.models import Consultation, OfficeHours, Slot
from trivsel.organisation.models import UNIT_TRACK, District, Group, Membership, Municipality, Unit
from trivsel.plans.models import Evaluation, Goal, Intervention, ProgressEntry
from trivsel.questionnaires.models import QuestionnaireRequest, Response, Score
from trivsel.reviews.models import DevelopmentAction, Review, ReviewCase, ReviewRound
from trivsel.reviews.models import Rating as ReviewRating
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.transitions.models import Handover, Transition

MUNICIPALITY_NAME = "Demo Kommune"
DEMO_PASSWORD = "demo"
# Demo users are recognised by this address domain when the demo data is removed.
DEMO_EMAIL_DOMAIN = "demo.trivsel.invalid"
BATCH = 2_000
CHUNK = 10_000  # children written per round, with their guardians and enrolments


@dataclass(frozen=True)
class BuildStats:
    children: int
    guardians: int
    enrolments: int
    units: int
    groups: int
    users: int
    screening_rounds: int
    screenings: int
    ratings: int
    concerns: int
    notifications: int
    meetings: int
    agenda_items: int
    interventions: int
    responses: int
    attendance_records: int
    seconds: float


T = TypeVar("T")
M = TypeVar("M", bound=Model)


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _create(model: type[M], objects: Sequence[M]) -> list[M]:
    return model._default_manager.bulk_create(objects, batch_size=BATCH)


class Writer:
    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.unit_pks: list[int] = []
        self.group_pks: list[list[int]] = []
        self.user_pks: list[int] = []
        self.guardian_pks: list[int] = [0] * len(plan.guardians)
        self.district_pks: list[int] = []
        self.enrolments = 0

    def write(self) -> None:
        self._organisation()
        self._users()
        for families in _batches(self.plan.families, max(1, CHUNK // 2)):
            self._families(families)
        self._consents()
        self._grants()

    def _organisation(self) -> None:
        municipality = Municipality.objects.create(name=MUNICIPALITY_NAME, code="999")
        districts = _create(District, [District(municipality=municipality, name=name) for name in self.plan.districts])
        units = _create(
            Unit,
            [
                Unit(name=u.name, kind=u.kind, district=districts[u.district] if u.district is not None else None)
                for u in self.plan.units
            ],
        )
        self.unit_pks = [u.pk for u in units]
        groups = _create(
            Group,
            [Group(unit=unit, name=name) for unit, u in zip(units, self.plan.units, strict=True) for name in u.groups],
        )
        pks = iter(g.pk for g in groups)
        self.group_pks = [[next(pks) for _ in u.groups] for u in self.plan.units]
        self.district_pks = [d.pk for d in districts]

    def _users(self) -> None:
        # One Argon2 hash for every demo login: hashing 10,000 passwords would take minutes.
        password = make_password(DEMO_PASSWORD)
        users = _create(
            User,
            [
                User(
                    username=u.username,
                    first_name=u.first,
                    last_name=u.last,
                    email=f"{u.username}@{DEMO_EMAIL_DOMAIN}",
                    password=password,
                    is_staff=u.is_admin,
                    is_superuser=u.is_admin,
                )
                for u in self.plan.users
            ],
        )
        self.user_pks = [u.pk for u in users]
        memberships = [
            Membership(
                user_id=self.user_pks[index],
                role=m.role,
                profession=m.profession,
                unit_id=self.unit_pks[m.unit] if m.unit is not None else None,
                group_id=self.group_pks[m.unit][m.group] if m.unit is not None and m.group is not None else None,
                district_id=self.district_pks[m.district] if m.district is not None else None,
                start=m.start,
                end=m.end,
            )
            for index, u in enumerate(self.plan.users)
            for m in u.memberships
        ]
        _create(Membership, memberships)

    def _families(self, families: Sequence[tuple[list[int], list[int]]]) -> None:
        plan = self.plan
        child_indices = [c for kids, _ in families for c in kids]
        children = _create(
            Child,
            [
                Child(first_name=c.first, last_name=c.last, birth_date=c.birth)
                for c in (plan.children[i] for i in child_indices)
            ],
        )
        for index, child in zip(child_indices, children, strict=True):
            plan.children[index].pk = child.pk
        guardian_indices = [g for _, parents in families for g in parents]
        guardians = _create(Guardian, [self._guardian(plan.guardians[i]) for i in guardian_indices])
        for index, guardian in zip(guardian_indices, guardians, strict=True):
            self.guardian_pks[index] = guardian.pk
        _create(
            Guardianship,
            [
                Guardianship(
                    child_id=plan.children[child].pk,
                    guardian_id=self.guardian_pks[g],
                    relation=plan.guardians[g].relation,
                    has_custody=custody,
                )
                for g in guardian_indices
                for child, custody in plan.guardians[g].children
            ],
        )
        enrolments = [
            Enrolment(
                child_id=plan.children[i].pk,
                unit_id=self.unit_pks[p.unit],
                group_id=self.group_pks[p.unit][p.group] if p.group is not None else None,
                track=UNIT_TRACK[plan.units[p.unit].kind],
                start=p.start,
                end=p.end,
            )
            for i in child_indices
            for p in plan.children[i].placements
        ]
        self.enrolments += len(_create(Enrolment, enrolments))

    def _guardian(self, g: GuardianPlan) -> Guardian:
        email = f"{ascii_name(g.first)}.{ascii_name(g.last)}@example.org".replace(" ", "")
        user_id = self.user_pks[g.user] if g.user is not None else None
        return Guardian(first_name=g.first, last_name=g.last, email=email, user_id=user_id)

    def _consents(self) -> None:
        plan, now = self.plan, timezone.now()
        consents = _create(
            Consent,
            [
                Consent(
                    child_id=plan.children[c.child].pk,
                    guardian_id=self.guardian_pks[c.guardian],
                    purpose=c.purpose,
                    method=c.method,
                    valid_from=c.valid_from,
                    valid_until=c.valid_from + datetime.timedelta(days=365),
                    recorded_by_id=self.user_pks[c.recorded_by],
                    withdrawn_at=_withdrawn_at(c.valid_from, c.withdrawn_after_days, now),
                    withdrawn_by_id=self.user_pks[c.recorded_by] if c.withdrawn_after_days is not None else None,
                )
                for c in plan.consents
            ],
        )
        recipients = [
            ConsentRecipient(consent=consent, kind=RecipientKind.UNIT, unit_id=self.unit_pks[unit])
            for consent, c in zip(consents, plan.consents, strict=True)
            for unit in c.recipient_units
        ] + [
            ConsentRecipient(consent=consent, kind=RecipientKind.ROLE, role=role)
            for consent, c in zip(consents, plan.consents, strict=True)
            for role in c.recipient_roles
        ]
        _create(ConsentRecipient, recipients)

    def _grants(self) -> None:
        now = timezone.now()
        grants = [
            ChildAccessGrant(
                child_id=self.plan.children[g.child].pk,
                user_id=self.user_pks[g.user],
                source=g.source,
                reason=g.reason,
                granted_by_id=self.user_pks[g.granted_by] if g.granted_by is not None else None,
                starts_at=now - datetime.timedelta(days=g.starts_days_ago),
                ends_at=now + datetime.timedelta(days=g.ends_in_days),
            )
            for g in self.plan.grants
        ]
        _create(ChildAccessGrant, grants)


def _withdrawn_at(
    valid_from: datetime.date, after_days: int | None, now: datetime.datetime
) -> datetime.datetime | None:
    if after_days is None:
        return None
    day = valid_from + datetime.timedelta(days=after_days)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return min(moment, now)


def build_demo(
    *, children: int, seed: int = 1, rounds: int = 4, meeting_volume: MeetingVolume | None = None
) -> BuildStats:
    """Plan and write a municipality with ``children`` children, ``rounds`` screening rounds per
    daycare and school, and fora with meetings (``meeting_volume``), in one transaction."""
    started = time.perf_counter()
    plan = plan_demo(children=children, seed=seed, today=today())
    writer = Writer(plan)
    with transaction.atomic():
        writer.write()
        screening = build_screenings(rounds=rounds, seed=seed, on=today())
        cases = build_cases(seed=seed, on=today())
        volume = meeting_volume or MeetingVolume()
        talks = build_meetings(
            seed=seed, on=today(), months_back=volume.months_back, items_per_meeting=volume.items_per_meeting,
            intervention_share=volume.intervention_share,
        )  # fmt: skip
        outcomes = build_outcomes(seed=seed, on=today(), password=DEMO_PASSWORD, email_domain=DEMO_EMAIL_DOMAIN)
        build_reviews(seed=seed, on=today(), password=DEMO_PASSWORD, email_domain=DEMO_EMAIL_DOMAIN)
        build_transitions(seed=seed)
        build_office_hours()
        build_guide()
    if connection.vendor == "postgresql":
        # Fresh statistics, so the first pages get good plans (autovacuum would catch up later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    indicators_refresh()  # the dashboard's figures, which the hourly job keeps fresh
    return BuildStats(
        children=len(plan.children),
        guardians=len(plan.guardians),
        enrolments=writer.enrolments,
        units=len(plan.units),
        groups=sum(len(u.groups) for u in plan.units),
        users=len(plan.users),
        screening_rounds=screening.rounds,
        screenings=screening.screenings,
        ratings=screening.ratings,
        concerns=cases.concerns,
        notifications=cases.notifications,
        meetings=talks.meetings,
        agenda_items=talks.items,
        interventions=talks.interventions,
        responses=outcomes.responses,
        attendance_records=outcomes.attendance_records,
        seconds=time.perf_counter() - started,
    )


def has_municipality() -> bool:
    return Municipality.objects.exists()


def flush_demo() -> None:
    """Delete the municipality's data and the demo users.

    The access log and the change history stay: they are append-only (on PostgreSQL a
    trigger refuses DELETE), and keep their plain ids after the rows they name are gone.
    """
    with transaction.atomic():
        # Children's data first, so that every delete below is a plain DELETE without cascades.
        models: list[type[Model]] = [
            Consultation,
            Slot,
            OfficeHours,
            Handover,
            Transition,
            ProgressEntry,
            Goal,
            Evaluation,
            Intervention,
            Agreement,
            ItemView,
            AgendaItem,
        ]
        models += [Meeting, Forum, Rating, Screening, ScreeningRound, Notification, ConcernStep, Concern]
        models += [IndicatorCell, IndicatorRefresh, ReviewRating, Review, ReviewCase, DevelopmentAction, ReviewRound]
        models += [Score, Response, QuestionnaireRequest, AttendanceRecord, ConsentRecipient, Consent]
        models += [ChildAccessGrant, Enrolment, Guardianship, Membership]
        for model in models:
            model._default_manager.all().delete()
        Guardian.objects.all().delete()
        Child.objects.all().delete()
        Group.objects.all().delete()
        Unit.objects.all().delete()
        District.objects.all().delete()
        Municipality.objects.all().delete()
        User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
