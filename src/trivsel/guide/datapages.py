"""The guide's pages shown from the system's own data, never copied into pages (seed 004).

- the meeting fora (``meetings.Forum``), each kind next to the editors' page about it;
- the action guide "fra bekymring til handling" (``concerns``: levels and their steps);
- the intervention catalogue (``plans.InterventionType``).

None of them is about a child, so they are public. The public part names no staff: the standing
participants of a forum are shown to professionals only.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trivsel.accounts.models import User
from trivsel.concerns.models import ActionGuide, ActionGuideStep, ConcernLevel
from trivsel.guide.models import GuidePage
from trivsel.meetings.models import Forum, ForumKind
from trivsel.plans.models import InterventionType, Level

# Fora ------------------------------------------------------------------------------------------------

DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _position(n: int) -> str:
    words = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}
    return words.get(n, str(n))


def _weekdays(value: str) -> tuple[list[str], int | None]:
    """``MO,TH`` → the day names; ``1TU`` → Tuesday and its position in the month."""
    names, position = [], None
    for part in value.split(","):
        code = part[-2:]
        if code not in DAYS:
            continue
        if part[:-2]:
            try:
                position = int(part[:-2])
            except ValueError:
                continue
        names.append(str(WEEKDAYS[DAYS[code]]))  # Danish's own are in lower case
    return names, position


def cadence_in_words(rule: str, start_time: datetime.time | None = None) -> str:
    """A forum's RRULE (``meetings.cadence``) as a reader would say it, e.g. "Every 5 weeks on Monday at 09:00"."""
    if not rule.strip():
        return _("When needed")
    parts = dict(part.partition("=")[::2] for part in rule.upper().split(";") if "=" in part)
    try:
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        interval = 1
    days, position = _weekdays(parts.get("BYDAY", ""))
    if "BYSETPOS" in parts:
        try:
            position = int(parts["BYSETPOS"].split(",")[0])
        except ValueError:
            position = None
    numbers = [int(m) for m in parts.get("BYMONTH", "").split(",") if m.isdigit()]
    months = [str(MONTHS[m]) for m in numbers if 1 <= m <= 12]
    frequency = parts.get("FREQ", "")
    if frequency == "DAILY":
        text = ngettext("Every day", "Every %(n)d days", interval) % {"n": interval}
    elif frequency == "WEEKLY":
        text = ngettext("Every week", "Every %(n)d weeks", interval) % {"n": interval}
        if days:
            text = _("%(cadence)s on %(days)s") % {"cadence": text, "days": _join(days)}
    elif frequency == "MONTHLY" and days and position is not None:
        day = _("the %(position)s %(day)s") % {"position": _position(position), "day": _join(days)}
        if months:
            text = _("On %(day)s of %(months)s") % {"day": day, "months": _join(months)}
        else:
            every = ngettext("every month", "every %(n)d months", interval) % {"n": interval}
            text = _("On %(day)s of %(every)s") % {"day": day, "every": every}
    elif frequency == "MONTHLY":
        text = ngettext("Every month", "Every %(n)d months", interval) % {"n": interval}
        if months:
            text = _("In %(months)s") % {"months": _join(months)}
    elif frequency == "YEARLY":
        text = ngettext("Once a year", "Every %(n)d years", interval) % {"n": interval}
    else:
        text = _("At fixed intervals")
    if start_time is not None:
        text = _("%(cadence)s at %(time)s") % {"cadence": text, "time": time_format(start_time, "H:i")}
    return text


def duration_in_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest}
    if not rest:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return _("%(hours)s and %(minutes)s") % {
        "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
        "minutes": ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest},
    }


@dataclass(frozen=True)
class ForumRow:
    name: str
    place: str
    chair: str
    cadence: str
    duration: str
    members: tuple[str, ...]  # empty in the public part


@dataclass(frozen=True)
class ForumKindEntry:
    kind: str
    label: str
    page: GuidePage | None  # the editors' page about this kind, if the visitor may read it
    fora: list[ForumRow]


def _fora(kinds: Iterable[str] | None, *, with_members: bool) -> list[Forum]:
    fora = Forum.objects.filter(is_active=True).select_related("unit", "district").order_by("name", "pk")
    if kinds is not None:
        fora = fora.filter(kind__in=list(kinds))
    if with_members:
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        fora = fora.prefetch_related(Prefetch("members", queryset=people))
    return list(fora)


def _row(forum: Forum, *, with_members: bool) -> ForumRow:
    place = forum.unit or forum.district
    return ForumRow(
        name=forum.name,
        place=place.name if place else "",
        chair=forum.get_chair_role_display(),
        cadence=cadence_in_words(forum.cadence, forum.start_time),
        duration=duration_in_words(forum.duration_minutes),
        members=tuple(str(user) for user in forum.members.all()) if with_members else (),
    )


def fora_of_kind(kind: str, *, professional: bool) -> list[ForumRow]:
    """The live fora of one kind, for the editors' page about that kind."""
    return [_row(forum, with_members=professional) for forum in _fora([kind], with_members=professional)]


def fora_overview(*, audiences: Collection[str], professional: bool) -> list[ForumKindEntry]:
    """Every kind of forum that has an active forum or a page about it, in the kinds' order."""
    pages = {
        page.forum_kind: page
        for page in GuidePage.objects.filter(audience__in=audiences).exclude(forum_kind="").select_related("current")
    }
    by_kind: dict[str, list[ForumRow]] = {kind: [] for kind in ForumKind.values}
    for forum in _fora(None, with_members=professional):
        by_kind.setdefault(forum.kind, []).append(_row(forum, with_members=professional))
    return [
        ForumKindEntry(kind, str(ForumKind(kind).label), pages.get(kind), by_kind[kind])
        for kind in ForumKind.values
        if by_kind[kind] or kind in pages
    ]


# The action guide ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelSteps:
    level: ConcernLevel
    steps: list[ActionGuideStep]


def action_guide_overview() -> tuple[ActionGuide | None, list[LevelSteps]]:
    """The loaded guide (loading a new one replaces the old) and its steps per level, mildest first."""
    guide = ActionGuide.objects.order_by("-loaded_at", "-pk").first()
    steps: dict[int, list[ActionGuideStep]] = {}
    if guide is not None:
        for step in ActionGuideStep.objects.filter(guide=guide).order_by("level__order", "order", "pk"):
            steps.setdefault(step.level_id, []).append(step)
    levels = ConcernLevel.objects.order_by("order", "pk")
    return guide, [LevelSteps(level, steps.get(level.pk, [])) for level in levels]


# The intervention catalogue --------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueLevel:
    level: str
    label: str
    types: list[InterventionType]


def intervention_catalogue() -> list[CatalogueLevel]:
    """The active intervention types by level: general, preventive, specialised."""
    types: dict[str, list[InterventionType]] = {level: [] for level in Level.values}
    for item in InterventionType.objects.filter(is_active=True).order_by("name"):
        types.setdefault(item.level, []).append(item)
    return [CatalogueLevel(level, str(Level(level).label), types[level]) for level in Level.values if types[level]]
