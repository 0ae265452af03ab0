"""``manage.py refresh_indicators``: count the effect dashboard's figures now (the job does it hourly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from trivsel.effect.refresh import indicators_refresh


class Command(BaseCommand):
    help = "Count and store the effect dashboard's figures for every half-year one may choose."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        stats = indicators_refresh()
        cells = ", ".join(f"{table} {count}" for table, count in stats.items())
        self.stdout.write(f"Counted the dashboard in {time.perf_counter() - started:.1f} s (cells stored: {cells}).")
