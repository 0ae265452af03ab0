"""``manage.py bench_effect --children N``: the effect dashboard's panels and bulk scoring, at scale.

Seeds the demo municipality if the database is empty (with 26 screening rounds per unit, about two
million joint ratings), and adds earlier years of questionnaires until there are 300,000 responses
(and attendance, to a database seeded before it existed). Then:

- **Bulk scoring**: ``responses_score`` over 100,000 submitted responses whose scores have been
  and change measures have been removed first (outside the timing), as a bulk import of new
  responses: 800,000 Score rows written and every series' change measures computed.
- **Count**: the hourly job's run (``indicators_refresh``) for the half-years one may choose.
- **Panels**: each panel's server time (p50/p95) for the municipality, a district and a unit, read
  from the counted figures; beside it the time of the bare SQL aggregates over the raw tables that
  give the same numbers (the panel's tables' GROUP BY statements, captured and executed again
  through a cursor), and the ratio of the two.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trivsel.accounts.models import User
from trivsel.attendance.models import AttendanceRecord
from trivsel.children.models import Child
from trivsel.demo.builder import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, build_demo
from trivsel.demo.meetings import BENCH_VOLUME
from trivsel.demo.outcomes import add_analyst, build_attendance, build_questionnaires
from trivsel.effect.panels import PANEL_SPECS, PANELS
from trivsel.effect.periods import HalfYear, recent
from trivsel.effect.places import places
from trivsel.effect.refresh import indicators_refresh
from trivsel.effect.selectors import dashboard
from trivsel.lib.time import today
from trivsel.questionnaires.models import Response, Score
from trivsel.questionnaires.scores import responses_score
from trivsel.screening.models import Screening

PANEL_TARGET_MS = 500.0
SCORING_TARGET_S = 30.0
SCORED = 100_000
RESPONSES = 300_000


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Command(BaseCommand):
    help = "Measure the effect dashboard's panels and bulk scoring (seeds the demo first if empty)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--children", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=20, help="Timed runs per panel and place (default 20).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--only", choices=("scoring", "count", "panels"), help="Measure one part (default: all three)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._ensure_data(options["children"], options["seed"])
        self.stdout.write(
            f"Volume: {Child.objects.count()} children, {Screening.objects.count()} joint screenings, "
            f"{Response.objects.count()} questionnaire responses ({Score.objects.count()} scores), "
            f"{AttendanceRecord.objects.count()} attendance records."
        )
        self.stdout.write(f"Load average (1 min) before measuring: {os.getloadavg()[0]:.2f}")
        only = options["only"]
        if only in (None, "scoring"):
            self._bench_scoring()
        if only in (None, "count"):
            started = time.perf_counter()
            stats = indicators_refresh()
            seconds = time.perf_counter() - started
            self.stdout.write(f"Count of the dashboard (11 half-years, {sum(stats.values())} cells): {seconds:.1f} s")
        if only in (None, "panels"):
            self._bench_panels(options["runs"])

    def _ensure_data(self, children: int, seed: int) -> None:
        if not Child.objects.exists():
            stats = build_demo(children=children, seed=seed, rounds=26, meeting_volume=BENCH_VOLUME)
            self.stdout.write(f"Seeded {stats.children} children in {stats.seconds:.1f} s.")
        if Child.objects.count() < children:
            raise CommandError(f"The database holds fewer than {children} children: use another database.")
        if Response.objects.count() < RESPONSES:
            # The demo's questionnaires are one year's; the bench wants the 300,000: earlier years.
            started = time.perf_counter()
            add_analyst(DEMO_PASSWORD, DEMO_EMAIL_DOMAIN)
            added, scoring = 0, 0.0
            for year in range(1, 4):
                if Response.objects.count() >= RESPONSES:
                    break
                on = today() - datetime.timedelta(days=365 * year)
                count, seconds = build_questionnaires(seed=seed + year, on=on)
                added, scoring = added + count, scoring + seconds
            if not AttendanceRecord.objects.exists():
                build_attendance(seed=seed, on=today())
            self.stdout.write(
                f"Added {added} questionnaires (scored in {scoring:.1f} s) in {time.perf_counter() - started:.1f} s."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _bench_scoring(self) -> None:
        responses = list(
            Response.objects.filter(submitted_at__isnull=False)
            .only("id", "child_id", "instrument_id", "answers", "gate", "impact", "measured_on")
            .order_by("id")[:SCORED]
        )
        # As an import: the responses are there, their scores not yet (removed outside the timing).
        Score.objects.filter(response__submitted_at__isnull=False, response_id__lte=responses[-1].pk).delete()
        Response.objects.filter(pk__lte=responses[-1].pk).update(baseline=None, change_index=None, added_value=None)
        if connection.vendor == "postgresql":  # an import finds no dead rows of the removal just made
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE questionnaires_score, questionnaires_response")
        started = time.perf_counter()
        responses_score(responses)
        seconds = time.perf_counter() - started
        verdict = "ok" if seconds < SCORING_TARGET_S else "SLOW"
        self.stdout.write(f"Bulk scoring of {len(responses)} responses: {seconds:.1f} s (target < 30 s) {verdict}")

    def _places(self) -> list[tuple[str, str]]:
        tree = places()
        districts = [n for n in tree.children("m") if n != "d0"]
        district = max(districts, key=lambda n: len(tree.children(n)))
        unit = User.objects.get(username="leder").memberships.filter(role="leader").values_list("unit_id", flat=True)
        return [("municipality", "m"), (f"district ({len(tree.children(district))} units)", district),
                ("unit (the large school)", f"u{unit[0]}")]  # fmt: skip

    def _bench_panels(self, runs: int) -> None:
        analyst = User.objects.get(username="analytiker")
        periods = recent(today())
        self.stdout.write(
            f"{'Panel':<14} {'Place':<28} {'p50 ms':>8} {'p95 ms':>8} {'raw SQL':>8} {'ratio':>6} queries"
        )
        slow = []
        sql_times: dict[str, float] = {}
        for name in PANELS:
            for label, node in self._places():
                dashboard(user=analyst, node=node, periods=periods, only=name)  # warm-up
                times = []
                for _run in range(runs):
                    started = time.perf_counter()
                    dashboard(user=analyst, node=node, periods=periods, only=name)
                    times.append(time.perf_counter() - started)
                with CaptureQueriesContext(connection) as captured:
                    dashboard(user=analyst, node=node, periods=periods, only=name)
                sql = sql_times.setdefault(name, self._bare_sql(name, periods))
                p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[18]
                ratio = p50 / sql if sql else 0.0
                self.stdout.write(
                    f"{name:<14} {label:<28} {_ms(p50):>8} {_ms(p95):>8} {_ms(sql):>8} {ratio:>6.2f} "
                    f"{len(captured.captured_queries)}"
                )
                if _ms(p95) > PANEL_TARGET_MS:
                    slow.append(f"{name} {label}")
        self.stdout.write("All panels within 500 ms at p95." if not slow else f"Over 500 ms: {', '.join(slow)}")
        self.stdout.write(f"Load average (1 min) after measuring: {os.getloadavg()[0]:.2f}")

    def _bare_sql(self, name: str, periods: list[HalfYear]) -> float:
        """The median of three runs of the panel's counting statements themselves, fetching every row."""
        with CaptureQueriesContext(connection) as captured:
            for spec in PANEL_SPECS[name]:
                spec.count(periods)
        statements = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")]
        times = []
        with connection.cursor() as cursor:
            for _run in range(3):
                started = time.perf_counter()
                for statement in statements:
                    cursor.execute(statement)
                    cursor.fetchall()
                times.append(time.perf_counter() - started)
        return statistics.median(times)
