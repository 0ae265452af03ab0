"""``manage.py load_instruments [path ...]``: add or replace instrument versions from their files.

Without paths, the versions that ship with Trivsel. Every file is checked first; if one is
invalid, none is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from trivsel.questionnaires.instruments import DATA, instrument_read
from trivsel.questionnaires.services import instrument_load


class Command(BaseCommand):
    help = "Load questionnaire definitions (JSON, one file per version); default: the shipped SDQ versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["paths"]] or sorted(DATA.glob("*.json"))
        errors: list[str] = []
        for path in paths:
            try:
                instrument_read(path)
            except ValidationError as exc:
                errors += exc.messages
        if errors:
            raise CommandError("No questionnaire was loaded:\n" + "\n".join(errors))
        with transaction.atomic():
            loaded = [instrument_load(path) for path in paths]
        for instrument in loaded:
            self.stdout.write(f"Loaded {instrument.code}: {instrument.name}")
