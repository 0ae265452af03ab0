"""Synthetic fora, meetings, agenda items, agreements and plans for the demo (and the bench).

Every daycare gets a "Flerfaglig sparring" every 5th Monday and every school a "Ressourceteam"
every 14 days, chaired by the district's adviser, with the leader and a psychologist as standing
participants. Meetings run from ``months_back`` months ago to half a year ahead. Each held
meeting discusses ``items_per_meeting`` children of the unit — children with an open concern
first — by name where a consent allows it, otherwise anonymously, with minutes, agreements and,
for some, an intervention with goals rated every few weeks. Written with ``bulk_create``.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from trivsel.children.access import current_enrolments
from trivsel.concerns.models import Concern
from trivsel.concerns.models import Status as ConcernStatus
from trivsel.consent.models import Consent, Purpose
from trivsel.meetings.cadence import PRESETS, occurrences
from trivsel.meetings.models import AgendaItem, Agreement, Forum, ForumKind, Meeting, Sharing
from trivsel.organisation.models import Membership, Profession, Role, Unit, UnitKind
from trivsel.plans.models import Goal, Intervention, InterventionType, ProgressEntry

BATCH = 2_000
DAYCARE = (UnitKind.NURSERY, UnitKind.KINDERGARTEN, UnitKind.INTEGRATED)
MINUTES = {
    "knowledge_professionals": "Pædagogerne ser, at barnet trækker sig i fællesskabet, især om morgenen.",
    "knowledge_parents": "Forældrene fortæller om uro derhjemme og ønsker hjælp til rutiner.",
    "knowledge_child": "Barnet siger, at det er svært at finde nogen at lege med.",
    "discussion": "Vi er enige om at starte med en fast voksen og en lille legegruppe.",
    "intervention_note": "Fast voksen om morgenen og minigruppe to gange om ugen.",
    "evaluation_plan": "Evalueres på mødet om seks uger.",
}
AGREEMENTS = [
    "Ring til forældrene og fortæl om aftalerne",
    "Observere i frikvarteret i to uger",
    "Tage barnet op igen om seks uger",
]
GOALS = [("Siger farvel uden gråd", "trivsel"), ("Møder til tiden", "fremmoede"), ("Leger med en ven", "netvaerk")]


@dataclass(frozen=True)
class MeetingVolume:
    """How much meeting history to write: the demo's few months, or the bench's years."""

    months_back: int = 3
    items_per_meeting: int = 3
    intervention_share: float = 0.5


BENCH_VOLUME = MeetingVolume(months_back=96, items_per_meeting=10, intervention_share=0.2)


@dataclass(frozen=True)
class MeetingStats:
    fora: int
    meetings: int
    items: int
    agreements: int
    interventions: int
    progress: int


def _staff() -> tuple[dict[int, int], dict[int, int], list[int]]:
    """The leader of each unit, the adviser of each district, and the PPR psychologists."""
    day = timezone.localdate()
    current = Membership.objects.filter(start__lte=day).exclude(end__lt=day)
    leaders = {
        m["unit_id"]: m["user_id"]
        for m in current.filter(role=Role.LEADER).values("unit_id", "user_id").order_by("-id")
    }
    advisers = {
        m["district_id"]: m["user_id"]
        for m in current.filter(role=Role.DISTRICT_ADVISER).values("district_id", "user_id").order_by("-id")
    }
    psychologists = list(
        current.filter(profession=Profession.PSYCHOLOGIST).values_list("user_id", flat=True).order_by("id")
    )
    return leaders, advisers, psychologists


def _fora(rng: random.Random, on: datetime.date, months_back: int) -> list[Forum]:
    leaders, advisers, psychologists = _staff()
    first = on - relativedelta(months=months_back)
    monday = first - datetime.timedelta(days=first.weekday())
    units = Unit.objects.filter(kind__in=(*DAYCARE, UnitKind.SCHOOL), is_active=True, district__isnull=False).order_by(
        "id"
    )
    fora = []
    for unit in units:
        school = unit.kind == UnitKind.SCHOOL
        fora.append(
            Forum(
                name=f"{'Ressourceteam' if school else 'Flerfaglig sparring'}, {unit.name}",
                kind=ForumKind.RESOURCE_TEAM if school else ForumKind.MULTIPROFESSIONAL,
                unit=unit,
                chair_role=Role.DISTRICT_ADVISER,
                cadence=PRESETS["every_14_days"] if school else PRESETS["every_5th_monday"],
                first_day=monday + datetime.timedelta(days=1 if school else 0),
                start_time=datetime.time(13),
                duration_minutes=120,
                parts=["Distriktsteam: sager", "Ressourceteam: planlægning af undervisningen"]
                if school
                else ["Fælles drøftelse af sager", "Supervision af de pædagogiske teams"],
            )
        )
    created = Forum.objects.bulk_create(fora, batch_size=BATCH)
    Through = Forum.members.through
    members = []
    for forum in created:
        place = forum.unit
        assert place is not None
        people = {leaders.get(place.pk), advisers.get(place.district_id or 0)}
        if psychologists:
            people.add(rng.choice(psychologists))
        members += [Through(forum_id=forum.pk, user_id=u) for u in people if u]
    Through.objects.bulk_create(members, batch_size=BATCH)
    return created


def _meetings(fora: list[Forum], on: datetime.date, months_back: int) -> list[Meeting]:
    _leaders, advisers, _psychologists = _staff()
    start = on - relativedelta(months=months_back)
    until = on + relativedelta(months=6)
    meetings = []
    for forum in fora:
        assert forum.unit is not None and forum.first_day is not None and forum.start_time is not None
        for moment in occurrences(
            rule=forum.cadence,
            first_day=forum.first_day,
            start_time=forum.start_time,
            after=start,
            until=until,
            skip_closed_days=True,
        ):
            meetings.append(
                Meeting(
                    forum=forum,
                    kind=forum.kind,
                    unit=forum.unit,
                    title=forum.name,
                    starts_at=moment,
                    ends_at=moment + datetime.timedelta(minutes=forum.duration_minutes),
                    chair_id=advisers.get(forum.unit.district_id or 0),
                    parts=forum.parts,
                )
            )
    created = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    members = defaultdict(list)
    for forum_id, user_id in Forum.members.through.objects.values_list("forum_id", "user_id"):
        members[forum_id].append(user_id)
    Through = Meeting.participants.through
    rows = [Through(meeting_id=m.pk, user_id=u) for m in created for u in members[m.forum_id or 0]]
    Through.objects.bulk_create(rows, batch_size=BATCH)
    return created


class _Writer:
    def __init__(self, rng: random.Random, on: datetime.date) -> None:
        self.rng, self.on = rng, on
        self.items: list[AgendaItem] = []
        self.order: dict[int, int] = defaultdict(int)  # the next place on each meeting's agenda
        self.types = list(InterventionType.objects.filter(is_active=True).order_by("id"))

    def item(
        self, meeting: Meeting, child_id: int, first_name: str, requested_by: int, named: bool, problem: str
    ) -> None:
        held = meeting.ends_at.date() <= self.on
        self.order[meeting.pk] += 1
        self.items.append(
            AgendaItem(
                meeting=meeting,
                child_id=child_id,
                requested_by_id=requested_by,
                order=self.order[meeting.pk],
                sharing=Sharing.CONSENT if named else Sharing.ANONYMOUS,
                first_name=first_name,
                problem=problem,
                **(MINUTES if held else {}),
                parent_contact_id=requested_by if held else None,
                minutes_version=1 if held else 0,
            )
        )

    def follow_up(
        self, items: list[AgendaItem], intervention_share: float
    ) -> tuple[list[Agreement], list[Intervention], list[Goal], list[ProgressEntry]]:
        """Agreements for every held item; an intervention with goals and weekly-ish ratings for some."""
        rng, on = self.rng, self.on
        agreements, interventions = [], []
        for item in items:
            held = item.meeting.ends_at.date()
            if held > on:
                continue
            # One agreement for whoever brought the child, one for the chair (who follows up).
            owners = [item.requested_by_id, item.meeting.chair_id or item.requested_by_id]
            for what, owner in zip(rng.sample(AGREEMENTS, 2), owners, strict=True):
                due = held + datetime.timedelta(days=rng.randint(3, 30))
                done = due if due < on - datetime.timedelta(days=7) else None
                agreements.append(
                    Agreement(item=item, child_id=item.child_id, what=what, owner_id=owner, due=due, done_on=done)
                )
            if self.types and rng.random() < intervention_share:
                kind = rng.choice(self.types)
                interventions.append(
                    Intervention(
                        child_id=item.child_id,
                        type=kind,
                        level=kind.level,
                        responsible_id=item.requested_by_id,
                        start=held,
                        planned_end=held + datetime.timedelta(days=90),
                        evaluation_due=held + datetime.timedelta(days=42),
                        item=item,
                        created_by_id=item.requested_by_id,
                        closed_on=held + datetime.timedelta(days=90)
                        if held + datetime.timedelta(days=90) < on
                        else None,
                    )
                )
        created = Intervention.objects.bulk_create(interventions, batch_size=BATCH)
        goals = [Goal(intervention=i, title=title, area=area, owner="child", scale="0-10", target=8)
                 for i in created for title, area in rng.sample(GOALS, 2)]  # fmt: skip
        goals = Goal.objects.bulk_create(goals, batch_size=BATCH)
        progress = []
        for goal in goals:
            start, value = goal.intervention.start, rng.randint(1, 4)
            for week in range(0, 12, 2):
                day = start + datetime.timedelta(weeks=week)
                if day > on:
                    break
                value = min(10, max(0, value + rng.choice((-1, 0, 1, 1, 2))))
                progress.append(
                    ProgressEntry(
                        goal=goal,
                        rater=rng.choice(("professional", "child")),
                        value=value,
                        recorded_on=day,
                        recorded_by_id=goal.intervention.responsible_id,
                    )
                )
        return agreements, created, goals, progress


@transaction.atomic
def build_meetings(
    *, seed: int, on: datetime.date, months_back: int = 3, items_per_meeting: int = 3, intervention_share: float = 0.5
) -> MeetingStats:
    """Fora, their meetings and what was discussed at the held ones; see the module docstring."""
    rng = random.Random(seed + 11)
    fora = _fora(rng, on, months_back)
    meetings = _meetings(fora, on, months_back)
    by_unit: dict[int, list[tuple[int, str, int]]] = defaultdict(list)  # unit -> (child, first name, frontline user)
    frontline = {
        m["group_id"]: m["user_id"]
        for m in Membership.objects.filter(role=Role.FRONTLINE, end__isnull=True).values("group_id", "user_id")
    }
    for unit_id, child_id, first_name, group_id in (
        current_enrolments()
        .filter(unit__in=[f.unit_id for f in fora], group__isnull=False)
        .values_list("unit_id", "child_id", "child__first_name", "group_id")
        .order_by("child_id")
    ):
        if group_id in frontline:
            by_unit[unit_id].append((child_id, first_name, frontline[group_id]))
    worried = set(Concern.objects.filter(status=ConcernStatus.OPEN).values_list("child_id", flat=True))
    consented = set(
        Consent.objects.filter(
            purpose=Purpose.MULTIPROFESSIONAL_DISCUSSION, withdrawn_at__isnull=True, valid_until__gte=on
        ).values_list("child_id", flat=True)
    )
    writer = _Writer(rng, on)
    for meeting in meetings:
        children = by_unit.get(meeting.unit_id or 0, [])
        if not children:
            continue
        first = [c for c in children if c[0] in worried]
        chosen = (first + rng.sample(children, min(len(children), items_per_meeting)))[:items_per_meeting]
        for child_id, first_name, requested_by in dict.fromkeys(chosen):
            writer.item(
                meeting,
                child_id,
                first_name,
                requested_by,
                child_id in consented,
                "Bekymring for barnets trivsel og deltagelse i fællesskabet.",
            )
    items = AgendaItem.objects.bulk_create(writer.items, batch_size=BATCH)
    agreements, interventions, _goals, progress = writer.follow_up(items, intervention_share)
    Agreement.objects.bulk_create(agreements, batch_size=BATCH)
    ProgressEntry.objects.bulk_create(progress, batch_size=BATCH)
    return MeetingStats(len(fora), len(meetings), len(items), len(agreements), len(interventions), len(progress))
