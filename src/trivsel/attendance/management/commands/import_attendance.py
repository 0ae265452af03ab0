"""``manage.py import_attendance <unit_id> <file> --user <username>``: a school's attendance export, imported.

For a file the school system drops on a server, or an administrator's import for a school. The
same service as the leader's page: every row checked, all imported or nothing, logged as the user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trivsel.accounts.models import User
from trivsel.attendance.reading import MAX_FILE_BYTES
from trivsel.attendance.services import attendance_import
from trivsel.organisation.models import Unit


class Command(BaseCommand):
    help = "Import a school's attendance (CSV or XLSX from the school's system) as the given user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit_id", type=int, help="The school's id in Trivsel.")
        parser.add_argument("file", type=Path, help="The CSV or XLSX file.")
        parser.add_argument("--user", required=True, help="The username of the school's leader or an administrator.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        unit = Unit.objects.filter(pk=options["unit_id"]).first()
        path: Path = options["file"]
        if user is None:
            raise CommandError(f"No active user named {options['user']!r}.")
        if unit is None:
            raise CommandError(f"No unit with id {options['unit_id']}.")
        try:
            with path.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            result = attendance_import(actor=user, unit=unit, file=data, filename=path.name)
        except PermissionDenied as exc:
            raise CommandError(f"{user.username} may not import attendance for {unit.name}.") from exc
        if not result.ok:
            raise CommandError(f"Nothing was imported from {path.name}:\n" + "\n".join(result.errors))
        self.stdout.write(
            f"Imported {result.rows} rows for {result.children} pupils of {unit.name}: "
            f"{result.created} new, {result.updated} changed, {result.unchanged} unchanged."
        )
