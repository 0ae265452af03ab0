"""``manage.py bench_transitions``: server time of a school leader's transition overview for the whole intake.

The page is requested with Django's test client (in-process: server time without the network),
``--runs`` times after a warm-up, on a database of its own (``make bench-transitions``).
"""

from __future__ import annotations

import os
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trivsel.transitions.bench import bench_world
from trivsel.transitions.models import Transition

TARGET_MS = 200.0


class Command(BaseCommand):
    help = "Measure the school leader's transition overview with a whole intake."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        world = bench_world()
        self.stdout.write(f"Data ready in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"Database: {connection.vendor}; load average (1 min) {os.getloadavg()[0]:.2f}")
        self.stdout.write(
            f"Transitions in the database: {Transition.objects.count()}; the school's intake: {world.intake}"
        )
        path = f"{reverse('transitions:overview')}?enhed={world.school.pk}"
        with override_settings(REQUIRE_2FA=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            client.force_login(world.leader)
            for _ in range(2):
                if client.get(path).status_code != 200:
                    raise CommandError(f"GET {path} did not answer 200")
            times = []
            for _ in range(options["runs"]):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
        ordered = sorted(times)
        p95 = ordered[max(1, -(-95 * len(ordered) // 100)) - 1]
        self.stdout.write(
            f"Overview: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, {len(queries)} queries"
        )
        self.stdout.write(f"Load average (1 min) after: {os.getloadavg()[0]:.2f}")
        self.stdout.write("Within 200 ms at p95." if p95 <= TARGET_MS else "Over 200 ms at p95.")
