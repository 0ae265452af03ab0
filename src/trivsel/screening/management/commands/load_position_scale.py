"""``manage.py load_position_scale [path]``: add a position scale and use it for new rounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trivsel.screening.scale import DEFAULT_SCALE, position_scale_load


class Command(BaseCommand):
    help = "Load the screening position scale from a JSON file (default: TOPI grøn/gul/rød)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_SCALE))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scale = position_scale_load(Path(options["path"]))
        except ValidationError as exc:
            raise CommandError("The scale was not loaded:\n" + "\n".join(exc.messages)) from exc
        names = ", ".join(scale.positions.values_list("name", flat=True))
        self.stdout.write(f"Loaded {scale.name!r} ({names}); new rounds use it.")
