"""``manage.py load_review_schema [path]``: publish an analysis schema file as its family's next version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trivsel.reviews.schemas import DEFAULT_SCHEMA, schema_load


class Command(BaseCommand):
    help = "Publish an analysis schema for case review from a JSON file (default: the built-in one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_SCHEMA))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            schema = schema_load(Path(options["path"]))
        except ValidationError as exc:
            raise CommandError("The schema was not loaded:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"Published {schema.name!r} version {schema.version}: {schema.criteria.count()} criteria.")
