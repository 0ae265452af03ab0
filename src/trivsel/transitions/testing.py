"""A receiving school for the ``cast`` (Emma in Solsikken), and transitions written through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from trivsel.children.models import Enrolment
from trivsel.lib.time import today
from trivsel.organisation.models import Group, Role, Unit, UnitKind
from trivsel.testing import factories as f
from trivsel.transitions import services
from trivsel.transitions.models import Handover, Kind, Status, Transition


@dataclass(frozen=True)
class School:
    unit: Unit
    group: Group
    leader: Any
    teacher: Any
    other_teacher: Any


def make_school(name: str = "Bakkeskolen") -> School:
    unit = f.UnitFactory(name=name, kind=UnitKind.SCHOOL)
    group = f.GroupFactory(unit=unit, name="0.A")
    other = f.GroupFactory(unit=unit, name="0.B")
    leader = f.MembershipFactory(role=Role.LEADER, group=None, unit=unit, user__username="sofie").user
    teacher = f.MembershipFactory(group=group, user__username="tom").user
    other_teacher = f.MembershipFactory(group=other, user__username="tina").user
    return School(unit, group, leader, teacher, other_teacher)


def handover_with_parents(cast: Any) -> Handover:
    """Emma's move to a new Bakkeskolen, stored directly (the services write log rows) and sent to her parents."""
    school = f.UnitFactory(name="Bakkeskolen", kind=UnitKind.SCHOOL, district=cast.unit.district)
    transition = Transition.objects.create(
        child=cast.child, kind=Kind.SCHOOL_START, from_unit=cast.unit, to_unit=school, moves_on=next_month(),
        status=Status.WITH_PARENTS, created_by=cast.leader,
        from_enrolment=Enrolment.objects.get(child=cast.child, unit=cast.unit),
    )  # fmt: skip
    texts = {"strengths": "Nysgerrig", "what_works": "Faste rutiner", "needs": "Ro", "child_view": ""}
    content = {**texts, "contact_person": "Pia", "contact_email": "", "interventions": None, "screenings": None}
    return Handover.objects.create(
        transition=transition, contact_person=cast.pedagogue, content={**content, "parents_view": ""},
        sent_at=timezone.now(), sent_by=cast.pedagogue, **texts,
    )  # fmt: skip


def next_month() -> datetime.date:
    return today() + relativedelta(months=1)


def make_transition(cast: Any, school: School, *, moves_on: datetime.date | None = None) -> Transition:
    return services.transition_create(
        actor=cast.leader,
        child=cast.child,
        kind=Kind.SCHOOL_START,
        from_unit=cast.unit,
        to_unit=school.unit,
        to_group=school.group,
        moves_on=moves_on or next_month(),
    )


def write_handover(cast: Any, transition: Transition) -> Handover:
    handover = transition.handover
    values = {
        "strengths": "Emma er nysgerrig og elsker at tegne.",
        "what_works": "Faste rutiner og en voksen, hun kender, om morgenen.",
        "needs": "Hjælp til at komme ind i legen med nye børn.",
        "child_view": "Jeg glæder mig til at lære at læse.",
        "contact_person": cast.pedagogue,
    }
    return services.handover_save(actor=cast.pedagogue, handover=handover, values=values, version=handover.version)


def sent_handover(cast: Any, school: School) -> Handover:
    transition = make_transition(cast, school)
    write_handover(cast, transition)
    return services.handover_send(actor=cast.pedagogue, handover=Handover.objects.get(transition=transition))


def approved_handover(cast: Any, school: School, *, consent: bool = True) -> Handover:
    handover = sent_handover(cast, school)
    return services.handover_approve(
        actor=cast.parent, handover=handover, parents_view="Hun er spændt, men glad.", consent_to_share=consent
    )
