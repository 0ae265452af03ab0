"""``manage.py load_action_guide [path]``: replace the action guide; nothing changes if the file is invalid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trivsel.concerns.guide import DEFAULT_GUIDE, action_guide_load


class Command(BaseCommand):
    help = "Load the action guide 'fra bekymring til handling' from a JSON file (default: the built-in one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_GUIDE))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            guide = action_guide_load(path)
        except ValidationError as exc:
            raise CommandError("The action guide was not loaded:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"Loaded {guide.name!r}: {guide.steps.count()} steps.")
