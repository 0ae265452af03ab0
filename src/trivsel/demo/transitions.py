"""Synthetic transitions for the demo, written through the services as the staff and parents would.

The kindergarten of ``leder-dagtilbud`` sends its oldest children to the large school of ``leder``
next 1 August, in every step of the handover; Oscar (the demo parent's child) changes kindergarten,
and his handover waits for his mother's approval in the portal.
"""

from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.access import current_enrolments
from trivsel.children.models import Child, Guardianship
from trivsel.consent.models import Method
from trivsel.organisation.models import Group, Membership, Role, Unit, UnitKind
from trivsel.transitions import services
from trivsel.transitions.models import Handover, Kind, Transition
from trivsel.transitions.selectors import bridge_candidates, suggestions

SCHOOL_STARTERS = 10
TEXTS = (
    ("Glad for at bygge og tegne, og god til at hjælpe de mindre børn.", "Faste rutiner og en voksen, der tager imod "
     "om morgenen.", "Hjælp til at komme ind i legen med nye børn og tid til at vænne sig til skolens lyde."),
    ("Nysgerrig og sprogligt stærk; elsker højtlæsning.", "Korte beskeder og billeder af dagens program.",
     "En fast plads ved bordet og pauser, når der er meget uro."),
    ("Motorisk stærk og glad for at være udenfor.", "Bevægelse mellem opgaverne og ros for indsatsen.",
     "Støtte til at sige fra i konflikter og vente på tur."),
)  # fmt: skip


def _led_unit(username: str) -> Unit:
    membership = Membership.objects.filter(user__username=username, role=Role.LEADER).select_related("unit")[0]
    assert membership.unit is not None
    return membership.unit


def _pedagogue(child: Child, unit: Unit) -> User | None:
    enrolment = current_enrolments().filter(child=child, unit=unit).first()
    if enrolment is None or enrolment.group_id is None:
        return None
    found = Membership.objects.filter(group_id=enrolment.group_id, role=Role.FRONTLINE).select_related("user").first()
    return found.user if found else None


def _write_and_send(handover: Handover, by: User, rng: random.Random) -> Handover:
    strengths, works, needs = rng.choice(TEXTS)
    values = {"strengths": strengths, "what_works": works, "needs": needs, "contact_person": by,
              "child_view": "Jeg glæder mig til at møde nye venner."}  # fmt: skip
    services.handover_save(actor=by, handover=handover, values=values, version=handover.version)
    return services.handover_send(actor=by, handover=Handover.objects.get(pk=handover.pk))


def _custody_holder(child: Child) -> Guardianship | None:
    return Guardianship.objects.filter(child=child, has_custody=True).select_related("guardian").first()


def _school_starters(leader: User, kindergarten: Unit, school: Unit, rng: random.Random) -> int:
    receiver = User.objects.get(username="leder")
    first_class = Group.objects.filter(unit=school, name__startswith="0").order_by("name").first()
    made = 0
    for suggestion in suggestions(kindergarten):
        if made == SCHOOL_STARTERS or suggestion.kind != Kind.SCHOOL_START:
            continue
        child, pedagogue = suggestion.child, _pedagogue(suggestion.child, kindergarten)
        holder = _custody_holder(child)
        if pedagogue is None or holder is None:
            continue
        transition = services.transition_create(
            actor=leader, child=child, kind=Kind.SCHOOL_START, from_unit=kindergarten, to_unit=school,
            to_group=first_class, moves_on=max(suggestion.moves_on, timezone.localdate() + datetime.timedelta(days=1)),
        )  # fmt: skip
        made += 1
        step = made % 5  # 0 draft … 4 received
        if step == 0:
            continue
        handover = _write_and_send(transition.handover, pedagogue, rng)
        if step == 1:
            continue
        services.handover_record_approval(
            actor=pedagogue, handover=handover, guardian=holder.guardian, method=Method.WRITTEN,
            parents_view="Vi glæder os, men er spændte på, om hun/han finder en ven.", consent_to_share=True,
        )  # fmt: skip
        if step == 2:
            continue
        services.handover_share(actor=pedagogue, handover=Handover.objects.get(pk=handover.pk))
        if step == 3:
            when = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + relativedelta(weeks=3)
            services.bridge_meeting_call(
                actor=pedagogue, transition=transition, starts_at=when, duration_minutes=60,
                location=kindergarten.name, participants=list(bridge_candidates(transition)),
            )  # fmt: skip
            continue
        services.handover_acknowledge(actor=receiver, handover=Handover.objects.get(pk=handover.pk), note="Tak.")
    return made


def _oscar_changes_kindergarten(leader: User, kindergarten: Unit, rng: random.Random) -> None:
    """Oscar's family moves: his handover waits for the demo parent (``foraelder``) in the portal."""
    oscar = Child.objects.filter(guardianships__guardian__user__username="foraelder", first_name="Oscar").first()
    pedagogue = _pedagogue(oscar, kindergarten) if oscar else None
    other = (
        Unit.objects.filter(district=kindergarten.district, kind=UnitKind.KINDERGARTEN)
        .exclude(pk=kindergarten.pk)
        .order_by("name")
        .first()
    )
    if oscar is None or pedagogue is None or other is None:
        return
    transition = services.transition_create(
        actor=leader, child=oscar, kind=Kind.CHANGE_OF_UNIT, from_unit=kindergarten, to_unit=other, to_group=None,
        moves_on=timezone.localdate() + relativedelta(months=2, day=1),
    )  # fmt: skip
    _write_and_send(transition.handover, pedagogue, rng)


def build_transitions(*, seed: int) -> int:
    """Write the demo's transitions; returns how many."""
    rng = random.Random(seed)
    leader = User.objects.get(username="leder-dagtilbud")
    kindergarten, school = _led_unit("leder-dagtilbud"), _led_unit("leder")
    _oscar_changes_kindergarten(leader, kindergarten, rng)
    _school_starters(leader, kindergarten, school, rng)
    return Transition.objects.count()
