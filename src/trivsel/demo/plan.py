"""Plan a synthetic municipality in memory: children, families, units, groups, staff.

Planning is pure Python (no queries) and deterministic for a seed and a date; ``builder.py``
writes the plan with ``bulk_create``. Children are placed by age the Danish way: health
visiting in the first year, dagpleje or vuggestue until three, børnehave until school starts
in August of the year the child turns six, school classes 0–9 by birth year (+ SFO for
0.–3. klasse, klub for 4.–8. klasse), then youth education or nothing.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from trivsel.children.models import GrantSource, GuardianRelation
from trivsel.consent.models import Method, Purpose
from trivsel.demo import names
from trivsel.lib.time import age_on
from trivsel.organisation.models import Profession, Role, UnitKind

CLASS_SIZE = 24
KINDERGARTEN_ROOM_SIZE = 22
NURSERY_ROOM_SIZE = 12
CHILDMINDER_SIZE = 4  # dagplejeloven: a childminder looks after up to four or five children
CHILDREN_PER_DISTRICT = 7_500
MAX_DISTRICTS = len(names.DISTRICT_NAMES)
CONSENT_SHARE = 0.04
GRANT_SHARE = 0.005

# The fixed demo logins: (username, first name, last name). All have the password "demo".
DEMO_PEOPLE: dict[str, tuple[str, str]] = {
    "paedagog": ("Pia", "Kjær"),
    "laerer": ("Thomas", "Lund"),
    "leder": ("Lene", "Berg"),
    "leder-dagtilbud": ("Dorthe", "Winther"),
    "distriktsraadgiver": ("Anders", "Friis"),
    "sagsbehandler": ("Camilla", "Juhl"),
    "psykolog": ("Henrik", "Bach"),
    "sundhedsplejerske": ("Susanne", "Krogh"),
    "admin": ("Ada", "Andersen"),
    "foraelder": ("Mette", "Holm"),
}


@dataclass
class UnitPlan:
    name: str
    kind: str
    district: int | None
    groups: list[str] = field(default_factory=list)


@dataclass
class Placement:
    """One enrolment: a unit, a group in it (index into ``UnitPlan.groups``), a period."""

    unit: int
    group: int | None
    start: datetime.date
    end: datetime.date | None = None


@dataclass(eq=False)
class ChildPlan:
    first: str
    last: str
    birth: datetime.date
    district: int
    stage: str = ""
    grade: int = 0
    placements: list[Placement] = field(default_factory=list)
    pk: int = 0


@dataclass
class MembershipPlan:
    role: str
    profession: str
    start: datetime.date
    unit: int | None = None
    group: int | None = None
    district: int | None = None
    end: datetime.date | None = None


@dataclass
class UserPlan:
    username: str
    first: str
    last: str
    memberships: list[MembershipPlan] = field(default_factory=list)
    is_admin: bool = False


@dataclass
class GuardianPlan:
    first: str
    last: str
    relation: str
    # (index into DemoPlan.children, holds custody)
    children: list[tuple[int, bool]] = field(default_factory=list)
    user: int | None = None


@dataclass
class ConsentPlan:
    child: int
    guardian: int
    purpose: str
    method: str
    valid_from: datetime.date
    recorded_by: int
    recipient_units: list[int] = field(default_factory=list)
    recipient_roles: list[str] = field(default_factory=list)
    withdrawn_after_days: int | None = None


@dataclass
class GrantPlan:
    child: int
    user: int
    source: str
    reason: str
    starts_days_ago: int
    ends_in_days: int  # negative: already expired
    granted_by: int | None = None


@dataclass
class DemoPlan:
    districts: list[str] = field(default_factory=list)
    units: list[UnitPlan] = field(default_factory=list)
    children: list[ChildPlan] = field(default_factory=list)
    families: list[tuple[list[int], list[int]]] = field(default_factory=list)  # (children, guardians)
    guardians: list[GuardianPlan] = field(default_factory=list)
    users: list[UserPlan] = field(default_factory=list)
    consents: list[ConsentPlan] = field(default_factory=list)
    grants: list[GrantPlan] = field(default_factory=list)


def school_year(on: datetime.date) -> int:
    """The calendar year in which the current school year began (1 August)."""
    return on.year if on.month >= 8 else on.year - 1


def grade_of(birth: datetime.date, on: datetime.date) -> int:
    """The class a child belongs in: 0. klasse starts in August of the year the child turns six."""
    return school_year(on) - birth.year - 6


class Planner:
    def __init__(self, *, children: int, seed: int, today: datetime.date) -> None:
        self.n = children
        self.rng = random.Random(seed)
        self.today = today
        self.plan = DemoPlan()
        self.pools: dict[tuple[object, ...], list[tuple[int, int]]] = defaultdict(list)
        self.turn: Counter[tuple[object, ...]] = Counter()
        self.school_sfo: dict[int, int] = {}
        self.school_klub: dict[int, int] = {}
        self.unit_leader: dict[int, int] = {}
        self.places: dict[str, list[str]] = {}
        self.place_turn: Counter[str] = Counter()
        self.special: dict[str, int] = {}

    def build(self) -> DemoPlan:
        count = max(2, min(MAX_DISTRICTS, round(self.n / CHILDREN_PER_DISTRICT)))
        self.plan.districts = list(names.DISTRICT_NAMES[:count])
        self._demo_family()
        self._families()
        self._organisation()
        self._place_children()
        self._staff()
        self._demo_logins()
        self._consents()
        self._grants()
        return self.plan

    # --- children and families -------------------------------------------------------------

    def _stage(self, child: ChildPlan) -> None:
        grade = grade_of(child.birth, self.today)
        age = age_on(child.birth, self.today)
        child.grade = grade
        if 0 <= grade <= 9:
            child.stage = "school"
        elif grade > 9:
            child.stage = "youth"
        elif age == 0:
            child.stage = "health"
        elif age <= 2:
            child.stage = UnitKind.NURSERY if self.rng.random() < 0.7 else UnitKind.CHILDMINDER
        else:
            child.stage = UnitKind.KINDERGARTEN

    def _add_child(self, first: str, last: str, birth: datetime.date, district: int) -> int:
        child = ChildPlan(first=first, last=last, birth=birth, district=district)
        self._stage(child)
        self.plan.children.append(child)
        return len(self.plan.children) - 1

    def _add_guardian(self, first: str, last: str, relation: str, children: list[tuple[int, bool]]) -> int:
        self.plan.guardians.append(GuardianPlan(first=first, last=last, relation=relation, children=children))
        return len(self.plan.guardians) - 1

    def _demo_family(self) -> None:
        """The parent login's family: a school child with two custody holders and a half-sibling."""
        first, last = DEMO_PEOPLE["foraelder"]
        pupil_birth = datetime.date(school_year(self.today) - 8, 3, 14)  # in 2. klasse
        kid_birth = self.today - relativedelta(years=4, days=40)  # in børnehave
        pupil = self._add_child("Ida", last, pupil_birth, 0)
        kid = self._add_child("Oscar", last, kid_birth, 0)
        mother = self._add_guardian(first, last, GuardianRelation.MOTHER, [(pupil, True), (kid, True)])
        father = self._add_guardian("Lars", last, GuardianRelation.FATHER, [(pupil, True)])
        self.plan.families.append(([pupil, kid], [mother, father]))
        self.special["pupil"] = pupil
        self.special["kid"] = kid
        self.special["mother"] = mother

    def _families(self) -> None:
        rng = self.rng
        oldest_days = 19 * 365 - 2  # nobody older than 18
        while len(self.plan.children) < self.n:
            size = min(rng.choices((1, 2, 3), (45, 40, 15))[0], self.n - len(self.plan.children))
            district = rng.randrange(len(self.plan.districts))
            last = rng.choice(names.LAST_NAMES)
            kids: list[int] = []
            for _ in range(size):
                first = rng.choice(names.GIRL_NAMES if rng.random() < 0.49 else names.BOY_NAMES)
                birth = self.today - datetime.timedelta(days=rng.randrange(oldest_days))
                kids.append(self._add_child(first, last, birth, district))
            self.plan.families.append((kids, self._parents(kids, last)))

    def _parents(self, kids: list[int], last: str) -> list[int]:
        rng = self.rng
        mother_last = last if rng.random() < 0.8 else rng.choice(names.LAST_NAMES)
        if rng.random() < 0.15:  # one guardian only
            return [self._add_guardian(rng.choice(names.ADULT_WOMEN), mother_last, "mother", [(k, True) for k in kids])]
        # Most parents share custody; in some families one parent does not hold it.
        without = rng.choice(("mother", "father", "father")) if rng.random() < 0.12 else ""
        mother = self._add_guardian(
            rng.choice(names.ADULT_WOMEN), mother_last, "mother", [(k, without != "mother") for k in kids]
        )
        father = self._add_guardian(
            rng.choice(names.ADULT_MEN), last, "father", [(k, without != "father") for k in kids]
        )
        return [mother, father]

    # --- organisation ------------------------------------------------------------------------

    def _place_name(self, key: str) -> str:
        """The next made-up place name for a kind of unit, numbered once the list runs out."""
        if key not in self.places:
            self.places[key] = names.place_names()
            self.rng.shuffle(self.places[key])
            self.place_turn[key] = 0
        pool, index = self.places[key], self.place_turn[key]
        self.place_turn[key] += 1
        place = pool[index % len(pool)]
        return place if index < len(pool) else f"{place} {index // len(pool) + 1}"

    def _add_unit(self, name: str, kind: str, district: int | None, groups: list[str]) -> int:
        self.plan.units.append(UnitPlan(name=name, kind=kind, district=district, groups=groups))
        return len(self.plan.units) - 1

    def _organisation(self) -> None:
        demand = Counter((c.district, c.stage, c.grade if c.stage == "school" else 0) for c in self.plan.children)
        for district, district_name in enumerate(self.plan.districts):
            self._schools(district, demand)
            self._rooms(district, UnitKind.KINDERGARTEN, "Børnehuset", demand, KINDERGARTEN_ROOM_SIZE, 4)
            self._rooms(district, UnitKind.NURSERY, "Vuggestuen", demand, NURSERY_ROOM_SIZE, 3)
            homes = max(1, math.ceil(demand[(district, UnitKind.CHILDMINDER, 0)] / CHILDMINDER_SIZE))
            unit = self._add_unit(
                f"Dagplejen {district_name}",
                UnitKind.CHILDMINDER,
                district,
                [f"Dagplejehjem {i + 1}" for i in range(homes)],
            )
            self.pools[(UnitKind.CHILDMINDER, district)] = [(unit, i) for i in range(homes)]
        health = self._add_unit(
            "Sundhedsplejen", UnitKind.HEALTH_VISITING, None, [f"Sundhedspleje {d}" for d in self.plan.districts]
        )
        for district in range(len(self.plan.districts)):
            self.pools[("health", district)] = [(health, district)]
        years = ["1. år", "2. år", "3. år"]
        for name in ("Demo Gymnasium", "Erhvervsskolen Demo", "Demo HF"):
            unit = self._add_unit(name, UnitKind.YOUTH_EDUCATION, None, list(years))
            for year in range(3):
                self.pools[("youth", year)].append((unit, year))
        self.special["ppr"] = self._add_unit("PPR", UnitKind.PPR, None, [])
        self.special["bof"] = self._add_unit("Børn og Familie", UnitKind.CHILDREN_AND_FAMILY, None, [])
        self.special["health"] = health

    def _schools(self, district: int, demand: Counter[tuple[int, str, int]]) -> None:
        biggest = max(demand[(district, "school", grade)] for grade in range(10))
        tracks = max(2, math.ceil(biggest / CLASS_SIZE))
        count = max(1, round(tracks / 3))
        base, extra = divmod(tracks, count)
        sizes = [base + (1 if i < extra else 0) for i in range(count)]
        if district == 0:
            sizes[0] += 1  # one large school: the demo leader's
        for size in sizes:
            place = self._place_name("school")
            letters = "ABCDEFGH"[:size]
            classes = [f"{grade}.{letter}" for grade in range(10) for letter in letters]
            school = self._add_unit(f"{place}skolen", UnitKind.SCHOOL, district, classes)
            for index, name in enumerate(classes):
                self.pools[("school", district, int(name.split(".")[0]))].append((school, index))
            sfo_groups = [f"{grade}. årgang" for grade in range(4)]
            self.school_sfo[school] = self._add_unit(f"SFO {place}", UnitKind.AFTER_SCHOOL, district, sfo_groups)
            klub_groups = ["Juniorklub", "Ungdomsklub"]
            self.school_klub[school] = self._add_unit(f"Klub {place}", UnitKind.CLUB, district, klub_groups)
        if district == 0:
            self.special["large_school"] = self.pools[("school", 0, 0)][0][0]

    def _rooms(
        self, district: int, kind: str, prefix: str, demand: Counter[tuple[int, str, int]], size: int, per_unit: int
    ) -> None:
        rooms = max(1, math.ceil(demand[(district, kind, 0)] / size))
        units = math.ceil(rooms / per_unit)
        base, extra = divmod(rooms, units)
        for i in range(units):
            count = base + (1 if i < extra else 0)
            unit = self._add_unit(f"{prefix} {self._place_name(kind)}", kind, district, list(names.ROOM_NAMES[:count]))
            self.pools[(kind, district)].extend((unit, room) for room in range(count))

    # --- enrolments --------------------------------------------------------------------------

    def _next(self, key: tuple[object, ...]) -> tuple[int, int]:
        """Round-robin over a pool, so that groups of a kind get even numbers of children."""
        pool = self.pools[key]
        index = self.turn[key] % len(pool)
        self.turn[key] += 1
        return pool[index]

    def _any(self, key: tuple[object, ...]) -> tuple[int, int]:
        return self.rng.choice(self.pools[key])

    def _place_children(self) -> None:
        for index, child in enumerate(self.plan.children):
            forced = index in (self.special["pupil"], self.special["kid"])
            self._place(child, forced)

    def _place(self, child: ChildPlan, forced: bool) -> None:
        birth, add, rng = child.birth, child.placements.append, self.rng
        if child.stage == "health":
            unit, group = self._next(("health", child.district))
            add(Placement(unit, group, birth))
        elif child.stage in (UnitKind.NURSERY, UnitKind.CHILDMINDER):
            start = birth + relativedelta(months=rng.choice((10, 11, 12)))
            unit, group = self._any(("health", child.district))
            add(Placement(unit, group, birth, start - datetime.timedelta(days=1)))
            unit, group = self._next((child.stage, child.district))
            add(Placement(unit, group, start))
        elif child.stage == UnitKind.KINDERGARTEN:
            start = birth + relativedelta(years=3)
            before = rng.choice((UnitKind.NURSERY, UnitKind.CHILDMINDER))
            unit, group = self._any((before, child.district))
            toddler_start = birth + relativedelta(months=rng.choice((10, 11, 12)))
            add(Placement(unit, group, toddler_start, start - datetime.timedelta(days=1)))
            key = (UnitKind.KINDERGARTEN, child.district)
            unit, group = self.pools[key][0] if forced else self._next(key)
            add(Placement(unit, group, start))
        elif child.stage == "school":
            self._place_pupil(child, forced)
        else:
            self._place_youth(child)

    def _place_pupil(self, child: ChildPlan, forced: bool) -> None:
        birth, grade, add, rng = child.birth, child.grade, child.placements.append, self.rng
        school_start = datetime.date(birth.year + 6, 8, 1)
        unit, group = self._any((UnitKind.KINDERGARTEN, child.district))
        add(Placement(unit, group, birth + relativedelta(years=3), school_start - datetime.timedelta(days=1)))
        key = ("school", child.district, grade)
        school, group = self.pools[key][0] if forced else self._next(key)
        add(Placement(school, group, school_start))
        this_year = datetime.date(school_year(self.today), 8, 1)
        if grade <= 3:
            if forced or rng.random() < 0.85:
                add(Placement(self.school_sfo[school], grade, this_year))
        elif grade <= 8:
            # SFO until the summer after 3. klasse, then perhaps the club: one leisure place at a time.
            if rng.random() < 0.85:
                sfo_end = datetime.date(birth.year + 10, 7, 31)
                add(Placement(self.school_sfo[school], 3, school_start, sfo_end))
            if rng.random() < 0.5:
                add(Placement(self.school_klub[school], 0 if grade <= 6 else 1, this_year))

    def _place_youth(self, child: ChildPlan) -> None:
        birth, add = child.birth, child.placements.append
        unit, group = self._any(("school", child.district, 9))
        add(Placement(unit, group, datetime.date(birth.year + 6, 8, 1), datetime.date(birth.year + 16, 6, 30)))
        year = child.grade - 10
        if year <= 2 and self.rng.random() < 0.75:
            unit, group = self._any(("youth", year))
            add(Placement(unit, group, datetime.date(birth.year + 16, 8, 1)))

    # --- staff -------------------------------------------------------------------------------

    def _add_user(self, memberships: list[MembershipPlan]) -> int:
        rng = self.rng
        first = rng.choice(names.ADULT_WOMEN if rng.random() < 0.7 else names.ADULT_MEN)
        last = rng.choice(names.LAST_NAMES)
        index = len(self.plan.users)
        username = f"{names.ascii_name(first)}.{names.ascii_name(last)}.{index}"
        self.plan.users.append(UserPlan(username=username, first=first, last=last, memberships=memberships))
        return index

    def _since(self) -> datetime.date:
        return datetime.date(self.rng.randint(2005, self.today.year - 1), 8, 1)

    def _frontline(self, unit: int, group: int, profession: str) -> MembershipPlan:
        return MembershipPlan(Role.FRONTLINE, profession, self._since(), unit=unit, group=group)

    def _staff(self) -> None:
        for index, unit in enumerate(self.plan.units):
            profession = Profession.TEACHER if unit.kind == UnitKind.SCHOOL else Profession.PEDAGOGUE
            leader = MembershipPlan(Role.LEADER, profession, self._since(), unit=index)
            self.unit_leader[index] = self._add_user([leader])
            self._group_staff(index, unit)
        self._specialists()
        for district in range(len(self.plan.districts)):
            adviser = MembershipPlan(Role.DISTRICT_ADVISER, Profession.SOCIAL_WORKER, self._since(), district=district)
            user = self._add_user([adviser])
            self.special.setdefault("adviser", user)

    def _group_staff(self, index: int, unit: UnitPlan) -> None:
        groups = len(unit.groups)
        for group in range(groups):
            if unit.kind in (UnitKind.SCHOOL, UnitKind.YOUTH_EDUCATION):
                # A class teacher who also teaches the next class: frontline in two groups.
                mine = [self._frontline(index, group, Profession.TEACHER)]
                if groups > 1:
                    mine.append(self._frontline(index, (group + 1) % groups, Profession.TEACHER))
                self._add_user(mine)
            elif unit.kind == UnitKind.CHILDMINDER:
                self._add_user([self._frontline(index, group, Profession.CHILDMINDER)])
            elif unit.kind != UnitKind.HEALTH_VISITING:
                for _ in range(2):
                    mine = [self._frontline(index, group, Profession.PEDAGOGUE)]
                    if self.rng.random() < 0.05:  # an earlier, ended job in another room
                        old = self._frontline(index, (group + 1) % groups, Profession.PEDAGOGUE)
                        old.start, old.end = datetime.date(2015, 8, 1), datetime.date(2019, 7, 31)
                        mine.append(old)
                    self._add_user(mine)

    def _specialists(self) -> None:
        n, health = self.n, self.special["health"]
        infants = Counter(c.district for c in self.plan.children if c.stage == "health")
        for district in range(len(self.plan.districts)):
            for _ in range(max(1, round(infants[district] / 80))):
                membership = MembershipPlan(
                    Role.SPECIALIST, Profession.HEALTH_VISITOR, self._since(), unit=health, group=district
                )
                user = self._add_user([membership])
                self.special.setdefault("health_visitor", user)
        ppr = self.special["ppr"]
        for profession, count in (
            (Profession.PSYCHOLOGIST, max(2, n // 2_500)),
            (Profession.SPEECH_THERAPIST, max(1, n // 10_000)),
            (Profession.OCCUPATIONAL_THERAPIST, max(1, n // 20_000)),
        ):
            for _ in range(count):
                user = self._add_user([MembershipPlan(Role.SPECIALIST, profession, self._since(), unit=ppr)])
                self.special.setdefault(profession, user)
        bof = self.special["bof"]
        for _ in range(max(2, n // 1_500)):
            membership = MembershipPlan(Role.CASE_WORKER, Profession.SOCIAL_WORKER, self._since(), unit=bof)
            user = self._add_user([membership])
            self.special.setdefault("case_worker", user)

    def _demo_logins(self) -> None:
        """Give fixed usernames to staff whose places the demo needs (see ``DEMO_PEOPLE``)."""
        pupil = self.plan.children[self.special["pupil"]].placements[1]
        kid = self.plan.children[self.special["kid"]].placements[-1]
        chosen = {
            "leder": self.unit_leader[self.special["large_school"]],
            "leder-dagtilbud": self.unit_leader[kid.unit],
            "paedagog": self._first_frontline(kid.unit, kid.group),
            "laerer": self._first_frontline(pupil.unit, pupil.group),
            "distriktsraadgiver": self.special["adviser"],
            "sagsbehandler": self.special["case_worker"],
            "psykolog": self.special[Profession.PSYCHOLOGIST],
            "sundhedsplejerske": self.special["health_visitor"],
        }
        for username, index in chosen.items():
            user = self.plan.users[index]
            user.username = username
            user.first, user.last = DEMO_PEOPLE[username]
        first, last = DEMO_PEOPLE["admin"]
        self.plan.users.append(UserPlan(username="admin", first=first, last=last, is_admin=True))
        first, last = DEMO_PEOPLE["foraelder"]
        self.plan.users.append(UserPlan(username="foraelder", first=first, last=last))
        self.plan.guardians[self.special["mother"]].user = len(self.plan.users) - 1
        self.special.update({name: index for name, index in chosen.items()})
        self.special["foraelder"] = len(self.plan.users) - 1

    def _first_frontline(self, unit: int, group: int | None) -> int:
        for index, user in enumerate(self.plan.users):
            first = user.memberships[0] if user.memberships else None
            if first and first.role == Role.FRONTLINE and first.unit == unit and first.group == group:
                return index
        raise LookupError(f"no frontline staff in unit {unit} group {group}")

    # --- consent and access grants -----------------------------------------------------------

    def _consents(self) -> None:
        rng = self.rng
        custody: dict[int, int] = {}
        for g_index, guardian in enumerate(self.plan.guardians):
            for child_index, holds in guardian.children:
                if holds:
                    custody.setdefault(child_index, g_index)
        kid, pupil = self.special["kid"], self.special["pupil"]
        special = self.special
        self.plan.consents += [
            ConsentPlan(
                kid, special["mother"], Purpose.MULTIPROFESSIONAL_DISCUSSION, Method.WRITTEN,
                self.today - datetime.timedelta(days=30), special["paedagog"],
                recipient_units=[special["ppr"]], recipient_roles=[Role.DISTRICT_ADVISER],
            ),
            ConsentPlan(
                pupil, special["mother"], Purpose.QUESTIONNAIRES, Method.DIGITAL,
                self.today - datetime.timedelta(days=60), special["foraelder"],
                recipient_units=[special["large_school"]],
            ),
        ]  # fmt: skip
        purposes, roles = list(Purpose), [Role.DISTRICT_ADVISER, Role.SPECIALIST]
        for index, child in enumerate(self.plan.children):
            current = [p for p in child.placements if p.end is None]
            if index in (kid, pupil) or not current or index not in custody or rng.random() >= CONSENT_SHARE:
                continue
            unit = current[0].unit
            consent = ConsentPlan(
                index,
                custody[index],
                rng.choice(purposes),
                rng.choice((Method.WRITTEN, Method.ORAL)),
                self.today - datetime.timedelta(days=rng.randrange(330)),
                self.unit_leader[unit],
            )
            if rng.random() < 0.6:
                consent.recipient_units.append(unit)
            if rng.random() < 0.6 or not consent.recipient_units:
                consent.recipient_roles.append(rng.choice(roles))
            if rng.random() < 0.08:
                consent.withdrawn_after_days = rng.randrange((self.today - consent.valid_from).days + 1)
            self.plan.consents.append(consent)

    def _grants(self) -> None:
        rng, special, children = self.rng, self.special, self.plan.children

        def pick(count: int, test: Callable[[ChildPlan], bool]) -> list[int]:
            found = [i for i, c in enumerate(children) if test(c)]
            return sorted(rng.sample(found, min(count, len(found))))

        large = special["large_school"]
        demo = (
            ("sagsbehandler", GrantSource.NOTIFICATION, "Underretning modtaget", None,
             pick(5, lambda c: c.district == 0 and c.stage == "school")),
            ("psykolog", GrantSource.MEETING, "Deltager i netværksmøde", None,
             sorted({special["pupil"], *pick(4, lambda c: c.stage == "school" and c.placements[1].unit == large)})),
            ("distriktsraadgiver", GrantSource.MEETING, "Flerfaglig sparring", None,
             pick(3, lambda c: c.district == 0 and c.stage == UnitKind.KINDERGARTEN)),
            ("sundhedsplejerske", GrantSource.MANUAL, "Sundhedsplejens hjemmebesøg",
             self.unit_leader[special["health"]], pick(5, lambda c: c.district == 0 and c.stage == "health")),
        )  # fmt: skip
        for username, source, reason, granted_by, picked in demo:
            for child in picked:
                self.plan.grants.append(GrantPlan(child, special[username], source, reason, 10, 180, granted_by))
        granted_roles = (Role.DISTRICT_ADVISER, Role.CASE_WORKER, Role.SPECIALIST)
        others = [i for i, u in enumerate(self.plan.users) if u.memberships and u.memberships[0].role in granted_roles]
        for child in range(len(children)):
            if rng.random() < GRANT_SHARE:
                expired = rng.random() < 0.3
                self.plan.grants.append(
                    GrantPlan(
                        child,
                        rng.choice(others),
                        rng.choice((GrantSource.MEETING, GrantSource.NOTIFICATION)),
                        "Flerfagligt møde",
                        400 if expired else rng.randrange(1, 60),
                        -35 if expired else rng.randrange(30, 365),
                    )
                )


def plan_demo(*, children: int, seed: int, today: datetime.date) -> DemoPlan:
    return Planner(children=children, seed=seed, today=today).build()
