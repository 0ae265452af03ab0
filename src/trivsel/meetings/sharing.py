"""On what grounds a participant sees an agenda item's child by name (domain.md §5, seed 002).

- The item carries the child's name and birth date only with a basis for it: a consent for
  multi-professional discussion in force, or — without consent — the rule that schools, SFO,
  daycare, health visitors and the children's authority may share for a possible case **once,
  at one meeting**. Otherwise the item is anonymous: first name only.
- Each participant is judged on their own: someone with a working relation to the child knows
  the child already; a consent must name them (their unit, role or themselves); the one-meeting
  rule covers only participants from the units it names. Everyone else sees the item anonymous.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to
from trivsel.children.models import Child
from trivsel.consent.models import Consent, Purpose
from trivsel.consent.selectors import consented_children, consents_in_force
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Sharing
from trivsel.organisation.models import Membership, UnitKind

# The units that may share without consent at one meeting (former Servicelov § 49 a, Barnets Lov).
ONE_MEETING_UNITS = frozenset(
    {
        UnitKind.CHILDMINDER,
        UnitKind.NURSERY,
        UnitKind.KINDERGARTEN,
        UnitKind.INTEGRATED,
        UnitKind.SCHOOL,
        UnitKind.AFTER_SCHOOL,
        UnitKind.HEALTH_VISITING,
        UnitKind.CHILDREN_AND_FAMILY,
    }
)


class ViewBasis(TextChoices):
    RELATION = "relation", _("Works with the child")
    CONSENT = "consent", _("Named in the consent")
    ONE_MEETING = "one_meeting", _("Sharing without consent at one meeting")
    ANONYMOUS = "anonymous", _("Anonymous: first name only")


def discussion_consent(child: Child, on: datetime.date | None = None) -> Consent | None:
    """A consent for multi-professional discussion in force for the child, if any."""
    return consents_in_force(child, Purpose.MULTIPROFESSIONAL_DISCUSSION, on or today()).first()


def one_meeting_used(child: Child, *, exclude_meeting_id: int | None = None) -> AgendaItem | None:
    """The earlier item at which the child was discussed by name without consent, if any."""
    items = AgendaItem.objects.filter(child=child, sharing=Sharing.ONE_MEETING, meeting__cancelled_at__isnull=True)
    if exclude_meeting_id is not None:
        items = items.exclude(meeting_id=exclude_meeting_id)
    return items.select_related("meeting").order_by("meeting__starts_at").first()


def in_one_meeting_circle(user: User, on: datetime.date | None = None) -> bool:
    day = on or today()
    return (
        Membership.objects.filter(user=user, start__lte=day, unit__kind__in=ONE_MEETING_UNITS)
        .exclude(end__lt=day)
        .exists()
    )


def view_bases(user: User, items: Sequence[AgendaItem]) -> dict[int, ViewBasis]:
    """How ``user`` may see each item's child — by name on some basis, or anonymously — in three queries."""
    child_ids = {item.child_id for item in items}
    related = set(children_visible_to(user).filter(pk__in=child_ids).values_list("pk", flat=True))
    consented = consented_children(user, {i.child_id for i in items if i.sharing == Sharing.CONSENT})
    circle = any(i.sharing == Sharing.ONE_MEETING for i in items) and in_one_meeting_circle(user)
    bases = {}
    for item in items:
        if item.child_id in related:
            bases[item.pk] = ViewBasis.RELATION
        elif item.sharing == Sharing.CONSENT and item.child_id in consented:
            bases[item.pk] = ViewBasis.CONSENT
        elif item.sharing == Sharing.ONE_MEETING and circle:
            bases[item.pk] = ViewBasis.ONE_MEETING
        else:
            bases[item.pk] = ViewBasis.ANONYMOUS
    return bases


def view_basis(item: AgendaItem, user: User) -> ViewBasis:
    return view_bases(user, [item])[item.pk]
