"""When a child's next transition is due, from the unit the child attends and the child's age.

- Nursery or childminding → kindergarten when the child is ``KINDERGARTEN_START_MONTHS`` old
  (default 2 years 10 months, as most municipalities do).
- Kindergarten → school on 1 August of the year the child turns 6 (folkeskoleloven § 34: the duty
  of education starts on 1 August of the calendar year the child turns 6).
- After-school care (SFO) → club on 1 August of the year the child turns ``CLUB_START_AGE`` (10: 4th grade).
- School → youth education on 1 August of the year the child turns 16, after 9th grade.

A school-year rule whose date has passed (a deferred school start) gives the next 1 August; the
kindergarten rule keeps its date, so that an overdue move shows as overdue.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings

from trivsel.organisation.models import UnitKind
from trivsel.transitions.models import Kind

SCHOOL_START_AGE = 6
YOUTH_EDUCATION_AGE = 16

# The kind of unit a child goes on to, for each rule.
NEXT_UNIT_KINDS: dict[str, tuple[str, ...]] = {
    Kind.KINDERGARTEN: (UnitKind.KINDERGARTEN, UnitKind.INTEGRATED),
    Kind.SCHOOL_START: (UnitKind.SCHOOL,),
    Kind.CLUB: (UnitKind.CLUB,),
    Kind.YOUTH_EDUCATION: (UnitKind.YOUTH_EDUCATION,),
}


def _first_of_august(year: int, on: datetime.date) -> datetime.date:
    """1 August of ``year``, or the next 1 August after ``on`` if that has passed."""
    day = datetime.date(year, 8, 1)
    while day < on:
        day = day.replace(year=day.year + 1)
    return day


def next_transition(unit_kind: str, birth_date: datetime.date, on: datetime.date) -> tuple[str, datetime.date] | None:
    """The kind and date of the next transition for a child in a unit of ``unit_kind``, or None."""
    if unit_kind in (UnitKind.CHILDMINDER, UnitKind.NURSERY):
        return Kind.KINDERGARTEN, birth_date + relativedelta(months=settings.KINDERGARTEN_START_MONTHS)
    if unit_kind in (UnitKind.KINDERGARTEN, UnitKind.INTEGRATED):
        return Kind.SCHOOL_START, _first_of_august(birth_date.year + SCHOOL_START_AGE, on)
    if unit_kind == UnitKind.AFTER_SCHOOL:
        return Kind.CLUB, _first_of_august(birth_date.year + settings.CLUB_START_AGE, on)
    if unit_kind == UnitKind.SCHOOL:
        return Kind.YOUTH_EDUCATION, _first_of_august(birth_date.year + YOUTH_EDUCATION_AGE, on)
    return None


def born_by(unit_kind: str, on: datetime.date, until: datetime.date) -> datetime.date | None:
    """The latest birth date of a child in a unit of ``unit_kind`` whose rule falls on or before ``until``.

    Lets the database pick the few children due (a school's 9th grade, not all its pupils). Children born
    later are never due by then; earlier ones are (an overdue or deferred move is due at once).
    """
    if unit_kind in (UnitKind.CHILDMINDER, UnitKind.NURSERY):
        return until - relativedelta(months=settings.KINDERGARTEN_START_MONTHS)
    ages: dict[str, int] = {
        UnitKind.KINDERGARTEN: SCHOOL_START_AGE,
        UnitKind.INTEGRATED: SCHOOL_START_AGE,
        UnitKind.AFTER_SCHOOL: settings.CLUB_START_AGE,
        UnitKind.SCHOOL: YOUTH_EDUCATION_AGE,
    }
    if unit_kind not in ages:
        return None
    if _first_of_august(on.year, on) > until:
        return datetime.date.min  # no 1 August between now and then: nobody is due
    last_august = until.year if until >= datetime.date(until.year, 8, 1) else until.year - 1
    return datetime.date(last_august - ages[unit_kind], 12, 31)


def kind_between(from_kind: str, to_kind: str) -> str:
    """The kind of a transition between two kinds of unit (e.g. for an enrolment already registered)."""
    daycare = (UnitKind.CHILDMINDER, UnitKind.NURSERY, UnitKind.KINDERGARTEN, UnitKind.INTEGRATED)
    if from_kind in (UnitKind.CHILDMINDER, UnitKind.NURSERY) and to_kind in NEXT_UNIT_KINDS[Kind.KINDERGARTEN]:
        return Kind.KINDERGARTEN
    if from_kind in daycare and to_kind in (UnitKind.SCHOOL, UnitKind.AFTER_SCHOOL):
        return Kind.SCHOOL_START
    if from_kind == UnitKind.AFTER_SCHOOL and to_kind == UnitKind.CLUB:
        return Kind.CLUB
    if from_kind == UnitKind.SCHOOL and to_kind == UnitKind.YOUTH_EDUCATION:
        return Kind.YOUTH_EDUCATION
    return Kind.CHANGE_OF_UNIT
