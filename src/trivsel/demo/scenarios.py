"""The bench's pages and their two subjects each (``manage.py bench``): who asks for what."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to, current_enrolments
from trivsel.children.models import Child
from trivsel.meetings.models import AgendaItem, Agreement, Meeting
from trivsel.organisation.models import Membership, Role, Unit, UnitKind
from trivsel.plans.models import Intervention
from trivsel.screening.models import Screening, ScreeningRound

PAGE_TARGET_MS = 100.0  # lists, child pages, rating sheets, a meeting, a child's plan, My work
OVERVIEW_TARGET_MS = 200.0  # issue 3: a unit's and a district's screening overview
PDF_TARGET_MS = 1000.0  # issue 4: a child's agenda item as a PDF for the journal


@dataclass(frozen=True)
class Subject:
    user: User
    path: str
    note: str


@dataclass(frozen=True)
class Scenario:
    page: str
    main: Subject
    other: Subject
    target_ms: float = PAGE_TARGET_MS


def scenarios() -> list[Scenario]:
    leader = User.objects.get(username="leder")
    pedagogue = User.objects.get(username="paedagog")
    small_leader = _leader_of_smallest_school(exclude=leader)
    other_pedagogue = _frontline_elsewhere(pedagogue)
    list_url = reverse("children:list")
    visible = children_visible_to(leader).order_by("last_name", "first_name", "id")
    first, last = visible.first(), visible.last()
    if first is None or last is None:
        raise CommandError("The demo leader sees no children: seed the demo first.")
    return [
        *_list_scenarios(leader, pedagogue, small_leader, other_pedagogue, list_url, first, last, visible.count()),
        *_screening_scenarios(leader, pedagogue, small_leader, other_pedagogue),
        *_meeting_scenarios(leader),
    ]


def _list_scenarios(
    leader: User,
    pedagogue: User,
    small_leader: User,
    other_pedagogue: User,
    list_url: str,
    first: Child,
    last: Child,
    visible: int,
) -> list[Scenario]:
    return [
        Scenario(
            "Mine børn",
            Subject(leader, list_url, f"leader of the largest school ({visible} children)"),
            Subject(small_leader, list_url, _seeing("leader of the smallest school", small_leader)),
        ),
        Scenario(
            "Mine børn",
            Subject(pedagogue, list_url, _seeing("pedagogue", pedagogue)),
            Subject(other_pedagogue, list_url, _seeing("a pedagogue in another group", other_pedagogue)),
        ),
        Scenario(
            "Child page",
            Subject(leader, reverse("children:detail", args=[first.pk]), "leader of the largest school"),
            Subject(leader, reverse("children:detail", args=[last.pk]), "another child of the same school"),
        ),
        Scenario(
            "Search",
            Subject(leader, f"{list_url}?q={first.last_name}", f"leader, q={first.last_name}"),
            Subject(leader, f"{list_url}?q={last.first_name}", f"leader, q={last.first_name}"),
        ),
    ]


def _seeing(who: str, user: User) -> str:
    return f"{who} ({children_visible_to(user).count()} children)"


def _leader_of_smallest_school(*, exclude: User) -> User:
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL).exclude(memberships__user=exclude)
    smallest = schools.annotate(size=Count("groups")).order_by("size", "pk").first()
    leader = User.objects.filter(memberships__unit=smallest, memberships__role=Role.LEADER).first()
    return leader or exclude


def _frontline_elsewhere(pedagogue: User) -> User:
    group_ids = pedagogue.memberships.values_list("group_id", flat=True)
    other = (
        User.objects.filter(memberships__role=Role.FRONTLINE, memberships__unit__kind=UnitKind.NURSERY)
        .exclude(memberships__group_id__in=group_ids)
        .order_by("pk")
        .first()
    )
    return other or pedagogue


def _screening_scenarios(leader: User, pedagogue: User, small_leader: User, other_pedagogue: User) -> list[Scenario]:
    """The open round's rating sheets of two groups, two units' and two districts' overviews."""
    sheets = [_open_sheet(pedagogue), _open_sheet(other_pedagogue)]
    units = [_led_unit(leader), _led_unit(small_leader)]
    big, small = _districts()
    scenarios = []
    for page, name in (("Rating sheet", "screening:sheet"), ("Joint sheet", "screening:joint")):
        (round_a, group_a, size_a), (round_b, group_b, size_b) = sheets
        scenarios.append(
            Scenario(
                page,
                Subject(pedagogue, reverse(name, args=[round_a, group_a]), f"pedagogue, own group ({size_a} children)"),
                Subject(other_pedagogue, reverse(name, args=[round_b, group_b]), f"another group ({size_b} children)"),
            )
        )
    scenarios.append(
        Scenario(
            "Unit overview",
            Subject(leader, reverse("screening:unit_overview", args=[units[0]]), "leader of the largest school"),
            Subject(small_leader, reverse("screening:unit_overview", args=[units[1]]), "leader of the smallest school"),
            OVERVIEW_TARGET_MS,
        )
    )
    scenarios.append(
        Scenario(
            "District overview",
            Subject(big[0], reverse("screening:district_overview", args=[big[1]]), big[2]),
            Subject(small[0], reverse("screening:district_overview", args=[small[1]]), small[2]),
            OVERVIEW_TARGET_MS,
        )
    )
    return scenarios


def _open_sheet(user: User) -> tuple[int, int, int]:
    """(round id, group id, children) of the open round of the user's first group."""
    membership = user.memberships.filter(role=Role.FRONTLINE, end__isnull=True).select_related("group").first()
    if membership is None or membership.group is None or membership.unit_id is None:
        raise CommandError(f"{user} rates no group.")
    open_round = ScreeningRound.objects.filter(unit_id=membership.unit_id, closed_at__isnull=True).first()
    if open_round is None:
        raise CommandError(f"{membership.unit} has no open screening round: seed the demo first.")
    size = current_enrolments().filter(group=membership.group).count()
    return open_round.pk, membership.group.pk, size


def _led_unit(user: User) -> int:
    membership = user.memberships.filter(role=Role.LEADER).first()
    if membership is None or membership.unit_id is None:
        raise CommandError(f"{user} leads no unit.")
    return membership.unit_id


def _districts() -> tuple[tuple[User, int, str], tuple[User, int, str]]:
    """The advisers of the district with the most and the fewest screened children."""
    counts = (
        Screening.objects.filter(round__closed_at__isnull=True)
        .values("round__unit__district_id")
        .annotate(n=Count("id"))
        .order_by("-n", "round__unit__district_id")
    )
    ranked = [(c["round__unit__district_id"], c["n"]) for c in counts if c["round__unit__district_id"]]
    if not ranked:
        raise CommandError("No district has screenings: seed the demo first.")

    def adviser(district_id: int, n: int, which: str) -> tuple[User, int, str]:
        member = Membership.objects.filter(role=Role.DISTRICT_ADVISER, district_id=district_id).select_related("user")
        first = member.first()
        if first is None:
            raise CommandError(f"District {district_id} has no adviser.")
        units = Unit.objects.filter(district_id=district_id, screening_rounds__isnull=False).distinct().count()
        return first.user, district_id, f"adviser of the {which} district ({units} units, {n} joint ratings now)"

    return adviser(*ranked[0], "largest"), adviser(*ranked[-1], "smallest")


def _meeting_scenarios(leader: User) -> list[Scenario]:
    """A held meeting's page (most and fewest items), a child's plan, the advisers' My work, a journal PDF."""
    big, small = _districts()
    adviser, other_adviser = big[0], small[0]
    held = Meeting.objects.filter(chair=adviser, ends_at__lt=timezone.now()).annotate(n=Count("items")).filter(n__gt=0)
    full = held.order_by("-n", "-starts_at").first()
    sparse = held.order_by("n", "-starts_at").first()
    recent = AgendaItem.objects.filter(meeting__chair=adviser, meeting__ends_at__lt=timezone.now()).exclude(
        discussion=""
    )
    item = recent.order_by("-meeting__starts_at").first()
    planned = (
        Intervention.objects.filter(child__in=children_visible_to(leader))
        .values("child_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    most, least = planned.first(), planned.last()
    if not (full and sparse and item and most and least):
        raise CommandError("No meetings or plans to measure: seed the demo first.")
    return [
        Scenario(
            "Meeting page",
            Subject(
                adviser, reverse("meetings:detail", args=[full.pk]), f"chair (district adviser), {full.n} children"
            ),
            Subject(adviser, reverse("meetings:detail", args=[sparse.pk]), f"a meeting with {sparse.n} children"),
        ),
        Scenario(
            "Child's plan",
            Subject(
                leader,
                reverse("plans:plan", args=[most["child_id"]]),
                f"leader, a child with {most['n']} interventions",
            ),
            Subject(
                leader, reverse("plans:plan", args=[least["child_id"]]), f"a child with {least['n']} intervention(s)"
            ),
        ),
        Scenario(
            "My work",
            Subject(adviser, reverse("plans:my_work"), _work(adviser, big[2])),
            Subject(other_adviser, reverse("plans:my_work"), _work(other_adviser, small[2])),
        ),
        Scenario(
            "Journal PDF",
            Subject(
                adviser, reverse("meetings:item_pdf", args=[item.pk]), "chair, a held item with minutes and agreements"
            ),
            Subject(adviser, reverse("meetings:item_pdf", args=[item.pk]), "the same item"),
            PDF_TARGET_MS,
        ),
    ]


def _work(user: User, district: str) -> str:
    units = district.split("(")[1].split(" units")[0] if "(" in district else "?"
    open_agreements = Agreement.objects.filter(owner=user, done_on__isnull=True).count()
    return f"district adviser of {units} units, {open_agreements} open agreements"
