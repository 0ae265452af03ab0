"""Synthetic volume for the transition overview: a large school's whole intake among a municipality's moves.

``bench_world()`` builds it once (bulk inserts, no log rows): about 100,000 children in 200 daycares
and schools, 20,000 transitions spread over the other units, and one school
("Benchmark-skolen") with 900 pupils (its 9th grade suggested for youth education) and an intake of
180 children from 30 daycares, in every status of the handover.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction

from trivsel.accounts.models import User
from trivsel.children.models import Child, Enrolment
from trivsel.lib.time import today
from trivsel.organisation.models import District, Group, Membership, Municipality, Role, Unit, UnitKind
from trivsel.transitions.models import Handover, Kind, Status, Transition

SCHOOL = "Benchmark-skolen"
LEADER = "bench-skoleleder"
INTAKE, PUPILS, DAYCARES, OTHER_UNITS, OTHER_TRANSITIONS = 180, 900, 30, 170, 20_000
BACKGROUND = 78_000  # children in the other units without a transition: ~100,000 in all, as Copenhagen
STATUSES = [Status.DRAFT, Status.WITH_PARENTS, Status.APPROVED, Status.SHARED, Status.ACKNOWLEDGED]


@dataclass(frozen=True)
class BenchWorld:
    school: Unit
    leader: User
    intake: int


def bench_world() -> BenchWorld:
    found = Unit.objects.filter(name=SCHOOL).first()
    if found is None:
        with transaction.atomic():
            found = _build()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as after the demo's seed
    return BenchWorld(found, User.objects.get(username=LEADER), Transition.objects.filter(to_unit=found).count())


def _children(n: int, born: datetime.date, rng: random.Random, prefix: str) -> list[Child]:
    made = Child.objects.bulk_create(
        Child(
            first_name=f"{prefix}{i}",
            last_name="Benchmark",
            birth_date=born + datetime.timedelta(days=rng.randrange(365)),
        )
        for i in range(n)
    )
    if made and made[0].pk is None:  # SQLite before 3.35 gives no ids back
        made = list(Child.objects.filter(last_name="Benchmark", first_name__startswith=prefix).order_by("pk"))
    return made


def _build() -> Unit:
    rng = random.Random(7)
    day = today()
    started = day - relativedelta(years=1)
    moves_on = datetime.date(day.year + (day.month >= 8), 8, 1)
    municipality = Municipality.objects.first() or Municipality.objects.create(name="Benchmarkkommune")
    district = District.objects.create(municipality=municipality, name="Benchmark-distrikt")
    school = Unit.objects.create(district=district, name=SCHOOL, kind=UnitKind.SCHOOL)
    classes = [Group.objects.create(unit=school, name=f"{grade}.{letter}") for grade in range(10) for letter in "ABC"]
    leader = User.objects.create(username=LEADER, first_name="Bench")
    Membership.objects.create(user=leader, role=Role.LEADER, unit=school, start=day - relativedelta(years=2))
    # Pupils of every grade (0. to 9.): about a tenth of them are suggested for youth education.
    pupils = [
        c
        for grade in range(10)
        for c in _children(PUPILS // 10, day - relativedelta(years=7 + grade), rng, f"Elev{grade}-")
    ]
    Enrolment.objects.bulk_create(
        Enrolment(child=c, unit=school, group=classes[i % len(classes)], track="school", start=started)
        for i, c in enumerate(pupils)
    )
    Unit.objects.bulk_create(
        Unit(district=district, name=f"Benchmark-børnehus {n}", kind=UnitKind.KINDERGARTEN) for n in range(DAYCARES)
    )
    daycares = list(Unit.objects.filter(name__startswith="Benchmark-børnehus").order_by("pk"))
    Unit.objects.bulk_create(
        Unit(district=district, name=f"Benchmark-enhed {n}", kind=rng.choice([UnitKind.KINDERGARTEN, UnitKind.SCHOOL]))
        for n in range(OTHER_UNITS)
    )
    others = list(Unit.objects.filter(name__startswith="Benchmark-enhed").order_by("pk"))
    incoming = _children(INTAKE, day - relativedelta(years=6), rng, "Skolestart")
    outside = _children(OTHER_TRANSITIONS, day - relativedelta(years=6), rng, "Anden")
    rows = [
        Transition(
            child=c, kind=Kind.SCHOOL_START, from_unit=daycares[i % DAYCARES], to_unit=school,
            to_group=classes[i % 3], moves_on=moves_on, status=STATUSES[i % len(STATUSES)], created_by=leader,
        )
        for i, c in enumerate(incoming)
    ] + [
        Transition(
            child=c, kind=Kind.CHANGE_OF_UNIT, from_unit=others[i % OTHER_UNITS], to_unit=others[(i + 1) % OTHER_UNITS],
            moves_on=moves_on, status=STATUSES[i % len(STATUSES)], created_by=leader,
        )
        for i, c in enumerate(outside)
    ]  # fmt: skip
    Transition.objects.bulk_create(rows, batch_size=2000)
    background = _children(BACKGROUND, day - relativedelta(years=10), rng, "Baggrund")
    Enrolment.objects.bulk_create(
        (
            Enrolment(child=c, unit=others[i % OTHER_UNITS], track=others[i % OTHER_UNITS].track, start=started)
            for i, c in enumerate(background)
        ),
        batch_size=5000,
    )
    Handover.objects.bulk_create(
        (Handover(transition_id=pk, strengths="Synthetic") for pk in Transition.objects.values_list("pk", flat=True)),
        batch_size=2000,
    )
    return school
