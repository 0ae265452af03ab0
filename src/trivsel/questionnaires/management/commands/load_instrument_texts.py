"""``manage.py load_instrument_texts path``: the municipality's licensed question texts (CSV).

The SDQ's wording is licensed (youthinmind; in Denmark via Komiteen for Sundhedsoplysning) and
is never part of Trivsel. A municipality with a licence keeps its text file outside the
repository and loads it here; without it, forms say "SDQ item N" for entry from paper.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trivsel.questionnaires.services import instrument_texts_load


class Command(BaseCommand):
    help = "Load licensed question texts from a CSV file: instrument;question;text (question: 1-25, gate, impact code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            count = instrument_texts_load(path)
        except ValidationError as exc:
            raise CommandError("No text was loaded:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"Loaded {count} texts.")
