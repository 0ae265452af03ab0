"""``manage.py rescore_questionnaires``: score every submitted response again.

After a municipality loads other norms (e.g. Danish bands) or another SD and reliability, the
stored bands, change indexes and added values follow the instrument files now loaded.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from trivsel.questionnaires.models import Response
from trivsel.questionnaires.scores import responses_score


class Command(BaseCommand):
    help = "Score every submitted questionnaire again with the instrument definitions now loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        responses = list(
            Response.objects.filter(submitted_at__isnull=False).only(
                "id", "child_id", "instrument_id", "answers", "gate", "impact", "measured_on"
            )
        )
        responses_score(responses)
        self.stdout.write(f"Scored {len(responses)} responses in {time.perf_counter() - started:.1f} s")
