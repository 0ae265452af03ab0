"""``manage.py bench_reviews``: server time of the case review's two heavy pages.

- **Case file**: a reviewer's page of one case (the case file and the schema on one page) for a
  synthetic child with 10 years of history (``reviews.testing.child_with_history``), reached through
  the round's grant like any review.
- **Results**: the lead's results page of a round of 500 cases × 30 criteria with a second rater
  for a share and an earlier round to compare with (``reviews.bench.bench_round``).

Both pages are requested with Django's test client (in-process: server time without the network),
``--runs`` times after a warm-up, on a database of their own (``make bench-reviews``).
"""

from __future__ import annotations

import os
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trivsel.accounts.models import User
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role
from trivsel.reviews import services
from trivsel.reviews.bench import bench_round
from trivsel.reviews.casefile import case_file
from trivsel.reviews.models import Review, ReviewSchema, SamplingMethod
from trivsel.reviews.testing import child_with_history

TARGET_MS = 200.0
LEAD, REVIEWER = "bench-lead", "bench-case-reviewer"


def _member(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": "Bench"})
    if created:
        Membership.objects.create(user=user, role=role, start=today() - relativedelta(years=1))
    return user


def _case_review() -> Review:
    """A review of the 10-year child in an open round (made once, found again)."""
    found = Review.objects.filter(reviewer__username=REVIEWER, case__round__status="open").first()
    if found is not None:
        return found
    lead, reviewer = _member(LEAD, Role.REVIEW_LEAD), _member(REVIEWER, Role.REVIEWER)
    child_with_history(10)
    schema = ReviewSchema.objects.get(family="tidlig-indsats", version=1)
    plan = services.RoundPlan(
        name="Benchmark: sagen", schema=schema, period_start=today() - relativedelta(years=11), period_end=today(),
        method=SamplingMethod.RANDOM, sample_size=1, seed=1, ends_on=today() + relativedelta(months=1),
        reviewer_ids=[reviewer.pk],
    )  # fmt: skip
    round = services.round_create(actor=lead, plan=plan)
    return Review.objects.get(case__round=round)


def _time(client: Client, path: str, runs: int) -> tuple[float, float, int]:
    for _ in range(2):
        if client.get(path).status_code != 200:
            raise CommandError(f"GET {path} did not answer 200")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    ordered = sorted(times)
    p95 = ordered[max(1, -(-95 * len(ordered) // 100)) - 1]
    return statistics.median(ordered), p95, len(queries)


class Command(BaseCommand):
    help = "Measure the case file page (10 years of history) and the results page (500 cases × 30 criteria)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        review = _case_review()
        results_round = bench_round()
        _member(LEAD, Role.REVIEW_LEAD)
        assert review.case.child is not None
        entries = len(case_file(review.case.child))
        self.stdout.write(f"Database: {connection.vendor}; load average (1 min) {os.getloadavg()[0]:.2f}")
        pages = [
            (f"Case file (10 years, {entries} entries)", REVIEWER, reverse("reviews:review", args=[review.pk])),
            ("Results (500 cases × 30 criteria)", LEAD, reverse("reviews:results", args=[results_round.pk])),
            ("Results by unit", LEAD, reverse("reviews:results", args=[results_round.pk]) + "?efter=unit"),
        ]
        self.stdout.write(f"{'Page':<40} {'p50 ms':>8} {'p95 ms':>8} queries")
        slow = []
        with override_settings(REQUIRE_2FA=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for label, username, path in pages:
                client = Client()
                client.force_login(User.objects.get(username=username))
                p50, p95, queries = _time(client, path, options["runs"])
                self.stdout.write(f"{label:<40} {p50:>8.1f} {p95:>8.1f} {queries}")
                if p95 > TARGET_MS:
                    slow.append(label)
        self.stdout.write(f"Load average (1 min) after: {os.getloadavg()[0]:.2f}")
        self.stdout.write("All pages within 200 ms at p95." if not slow else f"Over 200 ms: {', '.join(slow)}")
