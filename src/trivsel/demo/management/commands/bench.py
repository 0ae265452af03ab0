"""``manage.py bench --children N [--rounds R]``: server time and query counts of the busiest pages.

Seeds the demo municipality first if the database is empty, then requests each page with
Django's test client (in-process, so the times are server time without the network) and
counts its queries. Every query count is taken for two subjects of different size (a large
and a small school, two groups, two children, two search words): the counts must be equal,
or a page makes queries per row (N+1) and the command fails.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from argparse import ArgumentParser
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to, current_enrolments
from trivsel.children.models import Child
from trivsel.demo.builder import build_demo, flush_demo
from trivsel.demo.screening import build_screenings
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role, Unit, UnitKind
from trivsel.screening.models import Rating, Screening, ScreeningRound

PAGE_TARGET_MS = 100.0  # issue 2: lists and child pages; issue 3: a group's rating sheets
OVERVIEW_TARGET_MS = 200.0  # issue 3: a unit's and a district's screening overview


@dataclass(frozen=True)
class Subject:
    user: User
    path: str
    note: str


@dataclass(frozen=True)
class Scenario:
    page: str
    main: Subject
    other: Subject
    target_ms: float = PAGE_TARGET_MS


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    p50_ms: float
    p95_ms: float
    queries: int
    other_queries: int


class Command(BaseCommand):
    help = "Seed (if empty) and measure p50/p95 server time and query counts of Mine børn, a child page and a search."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--children", type=int, default=100_000, help="Children to seed (default 100000).")
        parser.add_argument("--runs", type=int, default=50, help="Timed requests per page (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests per page first (default 5).")
        parser.add_argument("--rounds", type=int, default=20, help="Screening rounds per unit to seed (default 20).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--flush", action="store_true", help="Re-seed if the database holds fewer children.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._ensure_data(options["children"], options["seed"], options["flush"], options["rounds"])
        # The bench measures the pages, not the login: no OTP step, the test client's host allowed.
        load_before = os.getloadavg()[0]
        with override_settings(REQUIRE_2FA=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            results = [self._measure(s, options["runs"], options["warmup"]) for s in _scenarios()]
        # Other work on the machine slows every request: the load average says how much there was.
        self.stdout.write(f"Load average (1 min) before/after measuring: {load_before:.2f} / {os.getloadavg()[0]:.2f}")
        self._report(results, options["runs"], options["warmup"])

    def _ensure_data(self, children: int, seed: int, flush: bool, rounds: int) -> None:
        existing = Child.objects.count()
        if existing >= children:
            self.stdout.write(f"Using the existing {existing} children.")
            if not ScreeningRound.objects.exists():  # a database seeded before screening existed
                started = time.perf_counter()
                screening = build_screenings(rounds=rounds, seed=seed, on=today())
                _analyze()
                self.stdout.write(
                    f"Seeded {screening.rounds} screening rounds, {screening.screenings} joint and "
                    f"{screening.ratings} individual ratings in {time.perf_counter() - started:.1f} s."
                )
            self._report_volume()
            return
        if existing and not flush:
            raise CommandError(
                f"The database holds {existing} children, fewer than {children}. Use a separate database "
                "(TRIVSEL_VAR_DIR=var/bench or DATABASE_URL=…_bench), or --flush to replace its data."
            )
        if existing:
            flush_demo()
        stats = build_demo(children=children, seed=seed, rounds=rounds)
        self.stdout.write(
            f"Seeded {stats.children} children ({stats.guardians} guardians, {stats.enrolments} enrolments, "
            f"{stats.users} users, {stats.screening_rounds} screening rounds, {stats.screenings} joint and "
            f"{stats.ratings} individual ratings) in {stats.seconds:.1f} s."
        )
        self._report_volume()

    def _report_volume(self) -> None:
        self.stdout.write(
            f"Screening: {ScreeningRound.objects.count()} rounds, {Screening.objects.count()} joint ratings, "
            f"{Rating.objects.count()} individual ratings."
        )

    def _measure(self, scenario: Scenario, runs: int, warmup: int) -> Result:
        client = _client(scenario.main.user)
        for _ in range(warmup):
            _get(client, scenario.main.path)
        times: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            _get(client, scenario.main.path)
            times.append((time.perf_counter() - started) * 1000)
        return Result(
            scenario=scenario,
            p50_ms=statistics.median(times),
            p95_ms=_percentile(times, 95),
            queries=_count_queries(client, scenario.main.path),
            other_queries=_count_queries(_client(scenario.other.user), scenario.other.path, warmup=True),
        )

    def _report(self, results: list[Result], runs: int, warmup: int) -> None:
        version = ".".join(str(part) for part in connection.get_database_version())
        self.stdout.write(
            f"\nDatabase: {connection.display_name} {version}; {Child.objects.count()} children; "
            f"{runs} timed requests per page after {warmup} warm-up requests.\n"
        )
        self.stdout.write("| Page | User | p50 ms | p95 ms | Target p95 ms | Queries | Queries, other subject |")
        self.stdout.write("|---|---|---:|---:|---:|---:|---:|")
        for r in results:
            self.stdout.write(
                f"| {r.scenario.page} | {r.scenario.main.note} | {r.p50_ms:.1f} | {r.p95_ms:.1f} "
                f"| {r.scenario.target_ms:.0f} | {r.queries} | {r.other_queries} |"
            )
        self.stdout.write("\nOther subjects (same page, different data size):")
        for r in results:
            self.stdout.write(f"- {r.scenario.page}: {r.scenario.other.note}")
        slow = [r for r in results if r.p95_ms >= r.scenario.target_ms]
        self.stdout.write(
            "\np95 under its target: "
            + ("yes, on every page." if not slow else "NO: " + ", ".join(r.scenario.page for r in slow))
        )
        uneven = [r for r in results if r.queries != r.other_queries]
        if uneven:
            raise CommandError("Query counts differ between subjects: " + ", ".join(r.scenario.page for r in uneven))
        self.stdout.write("Query counts equal for both subjects of every page: yes.")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise CommandError(f"GET {path} answered {response.status_code}")


def _count_queries(client: Client, path: str, *, warmup: bool = False) -> int:
    if warmup:  # a new session's first request does more (session start time, language)
        _get(client, path)
    with CaptureQueriesContext(connection) as context:
        _get(client, path)
    # One bulk write of access-log rows is one statement on PostgreSQL, but SQLite splits it into
    # batches of 999 parameters (about 70 rows): count the batches of one write as one query.
    queries = [q["sql"] for q in context.captured_queries]
    log_batches = [i for i, sql in enumerate(queries) if sql.startswith('INSERT INTO "audit_accesslog"')]
    extra = sum(1 for a, b in itertools.pairwise(log_batches) if b == a + 1)
    return len(queries) - extra


def _percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile: the value below which ``percent`` % of the requests fall."""
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))  # ceil without floats
    return ordered[rank - 1]


def _scenarios() -> list[Scenario]:
    leader = User.objects.get(username="leder")
    pedagogue = User.objects.get(username="paedagog")
    small_leader = _leader_of_smallest_school(exclude=leader)
    other_pedagogue = _frontline_elsewhere(pedagogue)
    list_url = reverse("children:list")
    visible = children_visible_to(leader).order_by("last_name", "first_name", "id")
    first, last = visible.first(), visible.last()
    if first is None or last is None:
        raise CommandError("The demo leader sees no children: seed the demo first.")
    return [
        *_list_scenarios(leader, pedagogue, small_leader, other_pedagogue, list_url, first, last, visible.count()),
        *_screening_scenarios(leader, pedagogue, small_leader, other_pedagogue),
    ]


def _list_scenarios(
    leader: User,
    pedagogue: User,
    small_leader: User,
    other_pedagogue: User,
    list_url: str,
    first: Child,
    last: Child,
    visible: int,
) -> list[Scenario]:
    return [
        Scenario(
            "Mine børn",
            Subject(leader, list_url, f"leader of the largest school ({visible} children)"),
            Subject(small_leader, list_url, _seeing("leader of the smallest school", small_leader)),
        ),
        Scenario(
            "Mine børn",
            Subject(pedagogue, list_url, _seeing("pedagogue", pedagogue)),
            Subject(other_pedagogue, list_url, _seeing("a pedagogue in another group", other_pedagogue)),
        ),
        Scenario(
            "Child page",
            Subject(leader, reverse("children:detail", args=[first.pk]), "leader of the largest school"),
            Subject(leader, reverse("children:detail", args=[last.pk]), "another child of the same school"),
        ),
        Scenario(
            "Search",
            Subject(leader, f"{list_url}?q={first.last_name}", f"leader, q={first.last_name}"),
            Subject(leader, f"{list_url}?q={last.first_name}", f"leader, q={last.first_name}"),
        ),
    ]


def _seeing(who: str, user: User) -> str:
    return f"{who} ({children_visible_to(user).count()} children)"


def _leader_of_smallest_school(*, exclude: User) -> User:
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL).exclude(memberships__user=exclude)
    smallest = schools.annotate(size=Count("groups")).order_by("size", "pk").first()
    leader = User.objects.filter(memberships__unit=smallest, memberships__role=Role.LEADER).first()
    return leader or exclude


def _frontline_elsewhere(pedagogue: User) -> User:
    group_ids = pedagogue.memberships.values_list("group_id", flat=True)
    other = (
        User.objects.filter(memberships__role=Role.FRONTLINE, memberships__unit__kind=UnitKind.NURSERY)
        .exclude(memberships__group_id__in=group_ids)
        .order_by("pk")
        .first()
    )
    return other or pedagogue


def _screening_scenarios(leader: User, pedagogue: User, small_leader: User, other_pedagogue: User) -> list[Scenario]:
    """The open round's rating sheets of two groups, two units' and two districts' overviews."""
    sheets = [_open_sheet(pedagogue), _open_sheet(other_pedagogue)]
    units = [_led_unit(leader), _led_unit(small_leader)]
    big, small = _districts()
    scenarios = []
    for page, name in (("Rating sheet", "screening:sheet"), ("Joint sheet", "screening:joint")):
        (round_a, group_a, size_a), (round_b, group_b, size_b) = sheets
        scenarios.append(
            Scenario(
                page,
                Subject(pedagogue, reverse(name, args=[round_a, group_a]), f"pedagogue, own group ({size_a} children)"),
                Subject(other_pedagogue, reverse(name, args=[round_b, group_b]), f"another group ({size_b} children)"),
            )
        )
    scenarios.append(
        Scenario(
            "Unit overview",
            Subject(leader, reverse("screening:unit_overview", args=[units[0]]), "leader of the largest school"),
            Subject(small_leader, reverse("screening:unit_overview", args=[units[1]]), "leader of the smallest school"),
            OVERVIEW_TARGET_MS,
        )
    )
    scenarios.append(
        Scenario(
            "District overview",
            Subject(big[0], reverse("screening:district_overview", args=[big[1]]), big[2]),
            Subject(small[0], reverse("screening:district_overview", args=[small[1]]), small[2]),
            OVERVIEW_TARGET_MS,
        )
    )
    return scenarios


def _open_sheet(user: User) -> tuple[int, int, int]:
    """(round id, group id, children) of the open round of the user's first group."""
    membership = user.memberships.filter(role=Role.FRONTLINE, end__isnull=True).select_related("group").first()
    if membership is None or membership.group is None or membership.unit_id is None:
        raise CommandError(f"{user} rates no group.")
    open_round = ScreeningRound.objects.filter(unit_id=membership.unit_id, closed_at__isnull=True).first()
    if open_round is None:
        raise CommandError(f"{membership.unit} has no open screening round: seed the demo first.")
    size = current_enrolments().filter(group=membership.group).count()
    return open_round.pk, membership.group.pk, size


def _led_unit(user: User) -> int:
    membership = user.memberships.filter(role=Role.LEADER).first()
    if membership is None or membership.unit_id is None:
        raise CommandError(f"{user} leads no unit.")
    return membership.unit_id


def _districts() -> tuple[tuple[User, int, str], tuple[User, int, str]]:
    """The advisers of the district with the most and the fewest screened children."""
    counts = (
        Screening.objects.filter(round__closed_at__isnull=True)
        .values("round__unit__district_id")
        .annotate(n=Count("id"))
        .order_by("-n", "round__unit__district_id")
    )
    ranked = [(c["round__unit__district_id"], c["n"]) for c in counts if c["round__unit__district_id"]]
    if not ranked:
        raise CommandError("No district has screenings: seed the demo first.")

    def adviser(district_id: int, n: int, which: str) -> tuple[User, int, str]:
        member = Membership.objects.filter(role=Role.DISTRICT_ADVISER, district_id=district_id).select_related("user")
        first = member.first()
        if first is None:
            raise CommandError(f"District {district_id} has no adviser.")
        units = Unit.objects.filter(district_id=district_id, screening_rounds__isnull=False).distinct().count()
        return first.user, district_id, f"adviser of the {which} district ({units} units, {n} joint ratings now)"

    return adviser(*ranked[0], "largest"), adviser(*ranked[-1], "smallest")


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
