"""``manage.py purge_access_log [--days N]``: the access log's retention period, enforced.

Run it daily (cron or a systemd timer). Rows older than the period are deleted with their field
changes; nothing else is written, so the purge itself leaves no trace in the log it trims.
"""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trivsel.audit.services import access_log_purge


class Command(BaseCommand):
    help = "Delete access-log rows older than the retention period (default ACCESS_LOG_RETENTION_DAYS)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days of log instead of settings.ACCESS_LOG_RETENTION_DAYS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = settings.ACCESS_LOG_RETENTION_DAYS if options["days"] is None else options["days"]
        if days < 1:
            # Zero would empty the whole log: never what an operator means.
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        logs, changes = access_log_purge(before=cutoff)
        self.stdout.write(
            f"Deleted {logs} access-log rows and {changes} field changes older than {cutoff:%Y-%m-%d %H:%M:%S} UTC."
        )
