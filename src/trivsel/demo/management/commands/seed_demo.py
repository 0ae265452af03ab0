"""``manage.py seed_demo --children N``: build the synthetic demo municipality and print its logins."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trivsel.demo.builder import build_demo, flush_demo, has_municipality
from trivsel.demo.logins import demo_logins, format_logins


class Command(BaseCommand):
    help = "Build a synthetic demo municipality (synthetic names, no CPR numbers) and print the demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--children", type=int, default=2_000, help="How many children (default 2000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--rounds",
            type=int,
            default=4,
            help="Screening rounds per daycare and school, the newest open (default 4).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (but print the logins) if a municipality exists."
        )
        parser.add_argument(
            "--flush", action="store_true", help="Delete the existing municipality and demo users first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        children: int = options["children"]
        if children < 1:
            raise CommandError("--children must be at least 1.")
        if has_municipality():
            if options["if_empty"]:
                self.stdout.write("The database already holds a municipality; nothing to do.")
                self._print_logins()
                return
            if not options["flush"]:
                raise CommandError(
                    "The database already holds a municipality. Use --if-empty to keep it, "
                    "or --flush to delete it and build a new demo."
                )
            flush_demo()
            self.stdout.write("Deleted the existing municipality and demo users (the access log is kept).")
        if options["rounds"] < 1:
            raise CommandError("--rounds must be at least 1.")
        stats = build_demo(children=children, seed=options["seed"], rounds=options["rounds"])
        self.stdout.write(
            f"Built {stats.children} children, {stats.guardians} guardians, {stats.enrolments} enrolments, "
            f"{stats.units} units, {stats.groups} groups and {stats.users} users, and {stats.screening_rounds} "
            f"screening rounds with {stats.screenings} joint and {stats.ratings} individual ratings, "
            f"{stats.concerns} concerns, {stats.notifications} notifications, {stats.meetings} meetings with "
            f"{stats.agenda_items} agenda items, {stats.interventions} interventions, {stats.responses} scored "
            f"questionnaires and {stats.attendance_records} attendance records in {stats.seconds:.1f} s."
        )
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("\nDemo logins (password for all: demo):\n")
        self.stdout.write(format_logins(demo_logins()))
