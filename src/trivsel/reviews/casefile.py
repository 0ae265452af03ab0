"""The reviewer's case file: everything Trivsel knows about one child, oldest first, read only.

Each kind of record has one small function returning its entries in one query (two where a
prefetch reads the rows under it), so the whole file is read in a fixed number of queries however
long the child's history is. Labels come from the models' own verbose names where they fit, so
they share the Danish catalogue with the pages that edit them. Questionnaires show their scores
only — SDQ item texts are licensed and never read here (domain.md §4).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Field, Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_noop

from trivsel.children.models import Child
from trivsel.concerns.models import Concern, ConcernStep
from trivsel.consent.models import Consent, ConsentRecipient
from trivsel.meetings.models import AgendaItem, Agreement, Meeting
from trivsel.notifications.models import Notification
from trivsel.plans.models import Evaluation, Goal, Intervention, Milestone, ProgressEntry
from trivsel.questionnaires.change import PROSOCIAL
from trivsel.questionnaires.instruments import Definition, definition_of
from trivsel.questionnaires.models import Response, Score
from trivsel.screening.models import Screening

# Message ids, translated when an entry is made (in the reader's language).
KIND_LABELS = {
    "concern": gettext_noop("Concern"),
    "notification": gettext_noop("Notification"),
    "screening": gettext_noop("Well-being screening"),
    "consent": gettext_noop("Consent"),
    "consent_withdrawn": gettext_noop("Consent withdrawn"),
    "meeting": gettext_noop("Meeting"),
    "agreement": gettext_noop("Agreement"),
    "intervention": gettext_noop("Intervention"),
    "goal": gettext_noop("Goal"),
    "progress": gettext_noop("Progress rating"),
    "evaluation": gettext_noop("Evaluation"),
    "questionnaire": gettext_noop("Questionnaire"),
}
# The eight steps of an agenda item's minutes after step 1 (the sharing basis), in their order.
MINUTES = (
    "problem",
    "knowledge_professionals",
    "knowledge_parents",
    "knowledge_child",
    "discussion",
    "intervention_note",
    "evaluation_plan",
    "new_agreements",
)

Details = list[tuple[str, str]]
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Entry:
    """One dated line of the case file; ``details`` are (label, value) pairs, shown as a description list."""

    on: datetime.date
    kind: str  # a key of KIND_LABELS
    kind_label: str
    title: str
    details: Details = field(default_factory=list)
    by: str = ""


def case_file(child: Child, *, until: datetime.date | None = None) -> list[Entry]:
    """Every concern, screening, consent, meeting, plan, notification and questionnaire of the child, oldest first.

    ``until`` leaves out what happened after that day (a review of a period sees the case as it
    stood), also inside an entry: steps, decisions and closings after it are not shown.

    A read function for a page that has already decided the reader may see the child: it checks no
    access and writes no access log. The caller (a view in ``reviews``) gets the child through
    ``children.selectors.child_get``, which applies the access policy and logs the read.
    """
    entries: list[Entry] = []
    for kind in KINDS:
        entries += kind(child, until)
    # A stable sort: entries of one day keep the order of KINDS, then each kind's own order.
    return sorted(entries, key=lambda e: e.on)


def _entry(kind: str, on: datetime.date, title: str, details: Details, by: object = None) -> Entry:
    return Entry(on=on, kind=kind, kind_label=_(KIND_LABELS[kind]), title=title, details=details, by=_who(by))


def _who(person: object) -> str:
    return "" if person is None else str(person)


def _day(day: datetime.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "–"  # as the templates' "d-m-Y", in every language


def _period(start: datetime.date, end: datetime.date) -> str:
    return f"{_day(start)} – {_day(end)}"


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _seen(day: datetime.date | None, until: datetime.date | None) -> bool:
    """Whether something dated ``day`` had happened by ``until``."""
    return day is not None and (until is None or day <= until)


def _upto(queryset: QuerySet[M], lookup: str, until: datetime.date | None) -> QuerySet[M]:
    return queryset if until is None else queryset.filter(**{f"{lookup}__lte": until})


# A ten-year case file holds thousands of labels: each is translated once per language, not per entry.
@functools.cache
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    return _translated(get_language(), message)


def _label(model: type[Model], name: str) -> str:
    """The field's verbose name, capitalised as a label (already in the catalogue)."""
    return _verbose_name(get_language(), model, name)


def _display(obj: Model, name: str) -> str:
    """Like ``get_<name>_display()``, for a field with choices."""
    return _choice(get_language(), type(obj), name, getattr(obj, name))


@functools.cache
def _verbose_name(language: str | None, model: type[Model], name: str) -> str:
    found = model._meta.get_field(name)
    return capfirst(str(found.verbose_name)) if isinstance(found, Field) else name


@functools.cache
def _choice(language: str | None, model: type[Model], name: str, value: object) -> str:
    found = model._meta.get_field(name)
    choices = dict(found.flatchoices) if isinstance(found, Field) else {}
    return str(choices.get(value, value))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("Yes") if value else _("No"))


def _filled(pairs: Iterable[tuple[str, str]]) -> Details:
    """Leave out what was never filled in."""
    return [(label, value) for label, value in pairs if value]


def _concerns(child: Child, until: datetime.date | None) -> list[Entry]:
    steps = _upto(ConcernStep.objects.select_related("done_by").order_by("done_on", "id"), "done_on", until)
    concerns = (
        _upto(child.concerns.all(), "observed_on", until)
        .select_related("level", "reported_by")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("observed_on", "id")
    )
    return [_entry("concern", c.observed_on, c.level.name, _concern_details(c, until), c.reported_by) for c in concerns]


def _concern_details(concern: Concern, until: datetime.date | None) -> Details:
    closed = _local(concern.closed_at)
    return _filled(
        [
            (_("Areas"), ", ".join(concern.area_labels())),
            (_label(Concern, "description"), concern.description),
            *((s.step_title, _step(s)) for s in concern.steps.all()),
            (_("Closed"), _day(closed) if _seen(closed, until) else ""),
        ]
    )


def _step(step: ConcernStep) -> str:
    done = f"{_day(step.done_on)} · {step.done_by}"
    return f"{done}: {step.note}" if step.note else done


def _notifications(child: Child, until: datetime.date | None) -> list[Entry]:
    notifications = (
        _upto(child.notifications.all(), "received_at__date", until)
        .select_related("filed_by", "assigned_to", "concern__level")
        .order_by("received_at", "id")
    )
    return [
        _entry(
            "notification", timezone.localdate(n.received_at), _display(n, "grounds"), _decisions(n, until), n.filed_by
        )
        for n in notifications
    ]


def _decisions(n: Notification, until: datetime.date | None) -> Details:
    """What was notified, then each decision on it that had been made by ``until``."""
    assessed, acknowledged, closed = _local(n.assessed_at), _local(n.acknowledged_at), _local(n.closed_at)
    started, completed = n.investigation_started_on, n.investigation_completed_on
    concern = f"{n.concern.level.name} · {_day(n.concern.observed_on)}" if n.concern else ""
    return _filled(
        [
            (_label(Notification, "notifier_is_professional"), _yes_no(n.notifier_is_professional)),
            (_("Description"), n.description),
            (_label(Notification, "concern"), concern),
            (_("Case worker"), _who(n.assigned_to)),
            (_("Assessed"), _day(assessed) if _seen(assessed, until) else ""),
            (_label(Notification, "acute_measures"), _yes_no(n.acute_measures) if _seen(assessed, until) else ""),
            (_label(Notification, "assessment_note"), n.assessment_note if _seen(assessed, until) else ""),
            (_("Acknowledged"), _day(acknowledged) if _seen(acknowledged, until) else ""),
            (_("Investigation started"), _day(started) if _seen(started, until) else ""),
            (_label(Notification, "investigation_completed_on"), _day(completed) if _seen(completed, until) else ""),
            (_("Closed"), _day(closed) if _seen(closed, until) else ""),
        ]
    )


def _screenings(child: Child, until: datetime.date | None) -> list[Entry]:
    screenings = (
        _upto(child.screenings.all(), "agreed_at__date", until)
        .select_related("round__unit", "group", "position", "agreed_by")
        .order_by("agreed_at", "id")
    )
    return [
        _entry("screening", timezone.localdate(s.agreed_at), s.position.name, _screening_details(s), s.agreed_by)
        for s in screenings
    ]


def _screening_details(s: Screening) -> Details:
    return _filled(
        [
            (_("Round"), s.round.name),
            (_("Unit"), s.round.unit.name),
            (_("Group"), s.group.name),
            (_label(Screening, "note"), s.note),
            (_("Next step"), _display(s, "next_step") if s.next_step else ""),
            (_label(Screening, "next_step_note"), s.next_step_note),
        ]
    )


def _consents(child: Child, until: datetime.date | None) -> list[Entry]:
    recipients = ConsentRecipient.objects.select_related("unit", "user").order_by("id")
    consents = (
        _upto(child.consents.all(), "given_at__date", until)
        .select_related("guardian", "recorded_by", "withdrawn_by")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("given_at", "id")
    )
    entries = []
    for c in consents:
        purpose = _display(c, "purpose")
        entries.append(_entry("consent", timezone.localdate(c.given_at), purpose, _consent_details(c), c.recorded_by))
        withdrawn = _local(c.withdrawn_at)
        if withdrawn is not None and _seen(withdrawn, until):
            details = [
                (_label(Consent, "guardian"), c.guardian.full_name),
                (_("Period"), _period(c.valid_from, c.valid_until)),
            ]
            entries.append(_entry("consent_withdrawn", withdrawn, purpose, details, c.withdrawn_by))
    return entries


def _consent_details(c: Consent) -> Details:
    return _filled(
        [
            (_label(Consent, "guardian"), c.guardian.full_name),
            (_("How it was given"), _display(c, "method")),
            (_("Period"), _period(c.valid_from, c.valid_until)),
            (_("Recipients"), ", ".join(str(r) for r in c.recipients.all())),
            (_("Which information"), c.information),
        ]
    )


def _meetings(child: Child, until: datetime.date | None) -> list[Entry]:
    items = (
        _upto(child.agenda_items.all(), "meeting__starts_at__date", until)
        .select_related("meeting__unit", "meeting__district", "meeting__chair", "parent_contact")
        .order_by("meeting__starts_at", "id")
    )
    return [
        _entry("meeting", timezone.localdate(i.meeting.starts_at), i.meeting.title, _minutes(i), i.meeting.chair)
        for i in items
    ]


def _minutes(item: AgendaItem) -> Details:
    """Where and on what grounds the child was discussed, then the minutes' steps that were written."""
    cancelled = _local(item.meeting.cancelled_at)
    return _filled(
        [
            (_("Place"), item.meeting.place),
            (_label(Meeting, "cancelled_at"), _day(cancelled) if cancelled else ""),
            (_label(AgendaItem, "sharing"), _display(item, "sharing")),
            *((_label(AgendaItem, name), getattr(item, name)) for name in MINUTES[:5]),
            (_label(AgendaItem, "parent_contact"), _who(item.parent_contact)),
            *((_label(AgendaItem, name), getattr(item, name)) for name in MINUTES[5:]),
        ]
    )


def _agreements(child: Child, until: datetime.date | None) -> list[Entry]:
    agreements = (
        _upto(child.agreements.all(), "item__meeting__starts_at__date", until)
        .select_related("item__meeting", "owner")
        .order_by("item__meeting__starts_at", "due", "id")
    )
    return [
        _entry(
            "agreement", timezone.localdate(a.item.meeting.starts_at), a.what, _agreement_details(a, until), _owner(a)
        )
        for a in agreements
    ]


def _owner(agreement: Agreement) -> str:
    return _who(agreement.owner) if agreement.owner else agreement.owner_other


def _agreement_details(a: Agreement, until: datetime.date | None) -> Details:
    meeting = a.item.meeting
    return [
        (_("By when"), _day(a.due)),
        (_("Status"), _("Done %(day)s") % {"day": _day(a.done_on)} if _seen(a.done_on, until) else _("Open")),
        (_("Meeting"), f"{meeting.title} {_day(timezone.localdate(meeting.starts_at))}"),
    ]


def _interventions(child: Child, until: datetime.date | None) -> list[Entry]:
    interventions = (
        _upto(child.interventions.all(), "start", until)
        .select_related("type", "responsible", "item__meeting")
        .order_by("start", "id")
    )
    return [
        _entry("intervention", i.start, i.type.name, _intervention_details(i, until), i.responsible)
        for i in interventions
    ]


def _intervention_details(i: Intervention, until: datetime.date | None) -> Details:
    decided = f"{i.item.meeting.title} {_day(timezone.localdate(i.item.meeting.starts_at))}" if i.item else ""
    return _filled(
        [
            (_("Level"), _display(i, "level")),
            (_label(Intervention, "description"), i.description),
            (_("Period"), _period(i.start, i.planned_end)),
            (_label(Intervention, "evaluation_due"), _day(i.evaluation_due)),
            (_("Decided at"), decided),
            (_("Closed"), _day(i.closed_on) if _seen(i.closed_on, until) else ""),
        ]
    )


def _goals(child: Child, until: datetime.date | None) -> list[Entry]:
    goals = (
        _upto(Goal.objects.filter(intervention__child=child), "created_at__date", until)
        .select_related("intervention__type")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due", "id")))
        .order_by("created_at", "id")
    )
    return [_entry("goal", timezone.localdate(g.created_at), g.title, _goal_details(g, until)) for g in goals]


def _goal_details(g: Goal, until: datetime.date | None) -> Details:
    return [
        (_("Intervention"), g.intervention.type.name),
        (_label(Goal, "area"), _display(g, "area")),
        (_label(Goal, "owner"), _display(g, "owner")),
        (_("Target"), f"{g.target} ({_display(g, 'scale')})"),
        *((m.title, _milestone(m, until)) for m in g.milestones.all()),
    ]


def _milestone(m: Milestone, until: datetime.date | None) -> str:
    if _seen(m.reached_on, until):
        return _("reached %(day)s") % {"day": _day(m.reached_on)}
    return "{}: {}".format(_("By when"), _day(m.due)) if m.due else "–"


def _progress(child: Child, until: datetime.date | None) -> list[Entry]:
    ratings = (
        _upto(ProgressEntry.objects.filter(goal__intervention__child=child), "recorded_on", until)
        .select_related("goal", "recorded_by", "guardian")
        .order_by("recorded_on", "id")
    )
    return [_entry("progress", p.recorded_on, p.goal.title, _rating(p), p.recorded_by) for p in ratings]


def _rating(p: ProgressEntry) -> Details:
    rater = _display(p, "rater") + (f" ({p.guardian.full_name})" if p.guardian else "")
    return _filled(
        [
            (_("Rated by"), rater),
            (_("Rating"), f"{p.value} ({_display(p.goal, 'scale')})"),
            (_("Target"), str(p.goal.target)),
            (_("Comment"), p.comment),
        ]
    )


def _evaluations(child: Child, until: datetime.date | None) -> list[Entry]:
    evaluations = (
        _upto(Evaluation.objects.filter(intervention__child=child), "evaluated_on", until)
        .select_related("intervention__type", "by")
        .order_by("evaluated_on", "id")
    )
    return [
        _entry("evaluation", e.evaluated_on, e.intervention.type.name, _evaluation_details(e), e.by)
        for e in evaluations
    ]


def _evaluation_details(e: Evaluation) -> Details:
    return _filled(
        [
            (_("Outcome"), _display(e, "outcome")),
            (_label(Evaluation, "note"), e.note),
            (_("Next evaluation"), _day(e.next_due) if e.next_due else ""),
        ]
    )


def _questionnaires(child: Child, until: datetime.date | None) -> list[Entry]:
    responses = (
        _upto(child.questionnaire_responses.filter(submitted_at__isnull=False), "measured_on", until)
        .defer("answers", "impact")  # the scores are what the case file shows
        .select_related("entered_by", "request__guardian", "request__professional")
        # Prefetched rather than joined: each instrument's definition is read and parsed once.
        .prefetch_related("instrument", Prefetch("scores", queryset=Score.objects.order_by("id")))
        .order_by("measured_on", "id")
    )
    definitions: dict[int, Definition] = {}
    entries = []
    for r in responses:
        if r.instrument_id not in definitions:
            definitions[r.instrument_id] = definition_of(r.instrument.definition)
        details = _scores(r, definitions[r.instrument_id])
        entries.append(_entry("questionnaire", r.measured_on, r.instrument.name, details, _respondent(r)))
    return entries


def _respondent(r: Response) -> object:
    """The person who answered when the request names them, otherwise who entered the answers."""
    request = r.request
    if request is not None and (request.guardian or request.professional):
        return request.guardian.full_name if request.guardian else request.professional
    return r.entered_by


def _scores(r: Response, definition: Definition) -> Details:
    """The respondent, then each score with its band: total difficulties first, the rest in the instrument's order."""
    by_scale = {s.scale: s for s in r.scores.all()}
    order = [s.code for s in definition.scales] + [c.code for c in definition.composites] + ["impact"]
    order.sort(key=lambda code: code != "total")
    return [
        (_("Respondent"), _display(r, "respondent")),
        (_label(Response, "source"), _display(r, "source")),
        *((_scale_label(definition, code), _score(definition, by_scale[code])) for code in order if code in by_scale),
    ]


def _scale_label(definition: Definition, code: str) -> str:
    labels = {s.code: s.label for s in definition.scales} | {c.code: c.label for c in definition.composites}
    if definition.impact is not None:
        labels["impact"] = definition.impact.label
    return labels.get(code, code)


def _score(definition: Definition, score: Score) -> str:
    if score.value is None:
        return "–"
    norms = definition.norms
    if score.band is None or norms is None:
        return str(score.value)
    labels = norms.prosocial_labels if score.scale == PROSOCIAL else norms.labels
    return f"{score.value} ({labels[score.band]})" if score.band < len(labels) else str(score.value)


# In this order on a day with several entries: what was seen, then what was done about it.
KINDS: tuple[Callable[[Child, datetime.date | None], list[Entry]], ...] = (
    _concerns,
    _notifications,
    _screenings,
    _consents,
    _meetings,
    _agreements,
    _interventions,
    _goals,
    _progress,
    _evaluations,
    _questionnaires,
)
