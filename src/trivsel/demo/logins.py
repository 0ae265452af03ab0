"""The fixed demo logins, and a table of what each one sees (printed by ``make demo``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to, current_grants
from trivsel.children.models import Guardianship
from trivsel.demo.builder import DEMO_PASSWORD
from trivsel.guide.access import may_edit_guide
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role

DEMO_ROLES: tuple[tuple[str, str], ...] = (
    ("paedagog", "Pedagogue (pædagog)"),
    ("laerer", "Teacher (lærer)"),
    ("leder", "Leader of a large school"),
    ("leder-dagtilbud", "Leader of a kindergarten"),
    ("distriktsraadgiver", "District adviser"),
    ("sagsbehandler", "Case worker (Børn og Familie)"),
    ("psykolog", "PPR psychologist"),
    ("sundhedsplejerske", "Health visitor"),
    ("analytiker", "Analyst / management"),
    ("sagsgennemgang", "Case review lead"),
    ("revisor", "Case reviewer"),
    ("admin", "Administrator"),
    ("foraelder", "Parent"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    sees: str


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist in the database, each with a line on what it shows."""
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in DEMO_ROLES])}
    return [
        DemoLogin(username, DEMO_PASSWORD, role, _what_they_see(users[username]))
        for username, role in DEMO_ROLES
        if username in users
    ]


def _what_they_see(user: User) -> str:
    if user.username == "analytiker":
        return "Effect dashboard (/effekt/) of the whole municipality: aggregates only, no child"
    if user.username == "sagsgennemgang":
        return "Case review (/sagsgennemgang/): schemas, rounds, results and reports; no child by name"
    if user.username == "revisor":
        cases = user.case_reviews.filter(case__round__status="open", submitted_at__isnull=True).count()
        return f"Case review (/sagsgennemgang/): {cases} cases to rate, each child only through the round's grant"
    if user.is_staff:
        return "Administration (/admin/): organisation, staff, children, guardians, enrolments"
    if user.is_guardian:
        count = Guardianship.objects.filter(guardian__user=user, has_custody=True).count()
        return f"Parent portal (/portal/): {count} children in their custody"
    day = today()
    memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), user=user, start__lte=day)
    places = "; ".join(_place(m) for m in memberships.select_related("unit", "group", "district"))
    seen = children_visible_to(user).count()
    granted = current_grants().filter(user=user).count()
    through = f", {granted} of them by access grant" if granted else ""
    edits = "; edits the collaboration guide (/samarbejdsguide/)" if may_edit_guide(user) else ""
    return f"{seen} children in Mine børn{through} ({places}){edits}"


def _place(membership: Membership) -> str:
    if membership.role == Role.ANALYST:
        return "effect dashboard (/effekt/), " + (
            membership.district.name if membership.district else "the municipality"
        )
    if membership.role == Role.DISTRICT_ADVISER and membership.district is not None:
        return f"district {membership.district.name}"
    if membership.group is not None and membership.unit is not None:
        return f"{membership.group.name}, {membership.unit.name}"
    return membership.unit.name if membership.unit is not None else ""


def format_logins(logins: list[DemoLogin]) -> str:
    """A Markdown table, readable in a terminal as it is."""
    rows = [("Username", "Password", "Role", "What they see")]
    rows += [(login.username, login.password, login.role, login.sees) for login in logins]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
