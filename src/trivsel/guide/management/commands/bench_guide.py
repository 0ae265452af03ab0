"""``manage.py bench_guide``: server time of the guide's search over 1,000 pages (issue 7).

The search page is requested with Django's test client (in-process: server time without the
network) for five queries, as a signed-in pedagogue and as an anonymous citizen, ``--runs`` times
after two warm-ups; the ``guide_search`` selector with the first page of hits is timed alone, and
the front page with every page listed. On a database of its own (``make bench-guide``).
"""

from __future__ import annotations

import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from trivsel.guide.bench import PAGES, SLUG_PREFIX, bench_guide, measure
from trivsel.guide.models import GuidePage, GuidePageVersion

TARGET_MS = 100.0


class Command(BaseCommand):
    help = "Measure the collaboration guide's search (and front page) over 1,000 pages."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--pages", type=int, default=PAGES)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        made = bench_guide(options["pages"])
        self.stdout.write(f"Data ready in {time.perf_counter() - started:.1f} s ({made} pages made)")
        self.stdout.write(f"Database: {connection.vendor}; load average (1 min) {os.getloadavg()[0]:.2f}")
        bench = GuidePage.objects.filter(slug__startswith=SLUG_PREFIX)
        self.stdout.write(
            f"Pages in the guide: {GuidePage.objects.count()} ({bench.count()} synthetic, "
            f"{bench.filter(audience='public').count()} of them public); "
            f"versions: {GuidePageVersion.objects.count()}"
        )
        self.stdout.write(f"{'Search':<32} {'Who':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'found':>6}")
        slow = []
        for t in measure(runs=options["runs"]):
            found = "" if t.found is None else str(t.found)
            self.stdout.write(f"{t.what:<32} {t.who:<22} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {t.queries:>7} {found:>6}")
            if t.p95_ms > TARGET_MS and t.what != "front page":
                slow.append(f"{t.what} ({t.who})")
        self.stdout.write(f"Load average (1 min) after: {os.getloadavg()[0]:.2f}")
        self.stdout.write("Every search within 100 ms at p95." if not slow else f"Over 100 ms: {', '.join(slow)}")
