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
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from trivsel.accounts.models import User
from trivsel.children.models import Child
from trivsel.demo.builder import build_demo, flush_demo
from trivsel.demo.meetings import BENCH_VOLUME, build_meetings
from trivsel.demo.scenarios import Scenario, scenarios
from trivsel.demo.screening import build_screenings
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Agreement, Meeting
from trivsel.plans.models import Intervention, ProgressEntry
from trivsel.screening.models import Rating, Screening, ScreeningRound


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
            results = [self._measure(s, options["runs"], options["warmup"]) for s in scenarios()]
        # Other work on the machine slows every request: the load average says how much there was.
        self.stdout.write(f"Load average (1 min) before/after measuring: {load_before:.2f} / {os.getloadavg()[0]:.2f}")
        self._report(results, options["runs"], options["warmup"])

    def _ensure_data(self, children: int, seed: int, flush: bool, rounds: int) -> None:
        existing = Child.objects.count()
        if existing >= children:
            self.stdout.write(f"Using the existing {existing} children.")
            self._add_missing(seed, rounds)
            self._report_volume()
            return
        if existing and not flush:
            raise CommandError(
                f"The database holds {existing} children, fewer than {children}. Use a separate database "
                "(TRIVSEL_VAR_DIR=var/bench or DATABASE_URL=…_bench), or --flush to replace its data."
            )
        if existing:
            flush_demo()
        stats = build_demo(children=children, seed=seed, rounds=rounds, meeting_volume=BENCH_VOLUME)
        self.stdout.write(
            f"Seeded {stats.children} children ({stats.guardians} guardians, {stats.enrolments} enrolments, "
            f"{stats.users} users, {stats.screening_rounds} screening rounds, {stats.screenings} joint and "
            f"{stats.ratings} individual ratings) in {stats.seconds:.1f} s."
        )
        self._report_volume()

    def _add_missing(self, seed: int, rounds: int) -> None:
        """A database seeded before screening or meetings existed gets them now."""
        if not ScreeningRound.objects.exists():
            started = time.perf_counter()
            screening = build_screenings(rounds=rounds, seed=seed, on=today())
            _analyze()
            self.stdout.write(
                f"Seeded {screening.rounds} screening rounds, {screening.screenings} joint and "
                f"{screening.ratings} individual ratings in {time.perf_counter() - started:.1f} s."
            )
        if not Meeting.objects.exists():
            started = time.perf_counter()
            v = BENCH_VOLUME
            talks = build_meetings(
                seed=seed, on=today(), months_back=v.months_back, items_per_meeting=v.items_per_meeting,
                intervention_share=v.intervention_share,
            )  # fmt: skip
            _analyze()
            self.stdout.write(
                f"Seeded {talks.fora} fora, {talks.meetings} meetings, {talks.items} agenda items, {talks.agreements} "
                f"agreements, {talks.interventions} interventions and {talks.progress} progress ratings in "
                f"{time.perf_counter() - started:.1f} s."
            )

    def _report_volume(self) -> None:
        self.stdout.write(
            f"Screening: {ScreeningRound.objects.count()} rounds, {Screening.objects.count()} joint ratings, "
            f"{Rating.objects.count()} individual ratings. Meetings: {Meeting.objects.count()} meetings, "
            f"{AgendaItem.objects.count()} agenda items, {Agreement.objects.count()} agreements, "
            f"{Intervention.objects.count()} interventions, {ProgressEntry.objects.count()} progress ratings."
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


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
