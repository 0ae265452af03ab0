"""Reading consent, and the one function every feature asks: does consent allow this?"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from enum import StrEnum

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.models import Child, Enrolment
from trivsel.consent.models import Consent, Purpose, RecipientKind
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Unit, UnitKind


class ConsentStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    ConsentStatus.ACTIVE: _("Active"),
    ConsentStatus.PENDING: _("Not yet in force"),
    ConsentStatus.EXPIRED: _("Expired"),
    ConsentStatus.WITHDRAWN: _("Withdrawn"),
}


def consent_status(consent: Consent, on: datetime.date | None = None) -> ConsentStatus:
    day = on or today()
    # The local date, as in ``consents_in_force`` (``__date`` uses TIME_ZONE): withdrawn at 00:30 Danish
    # time is withdrawn that day, although it is still the day before in UTC.
    if consent.withdrawn_at is not None and timezone.localdate(consent.withdrawn_at) <= day:
        return ConsentStatus.WITHDRAWN
    if day < consent.valid_from:
        return ConsentStatus.PENDING
    if day > consent.valid_until:
        return ConsentStatus.EXPIRED
    return ConsentStatus.ACTIVE


def consents_in_force(child: Child, purpose: str, on: datetime.date) -> QuerySet[Consent]:
    """Consents for the purpose, in their period, not withdrawn, from a guardian who holds custody."""
    return Consent.objects.filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gt=on),
        child=child,
        purpose=purpose,
        valid_from__lte=on,
        valid_until__gte=on,
        guardian__guardianships__child=child,
        guardian__guardianships__has_custody=True,
    )


def consent_allows(*, child: Child, purpose: str, recipient: User | Unit, on: datetime.date | None = None) -> bool:
    """Whether a custody holder's consent lets ``child``'s information go to ``recipient`` for ``purpose``.

    A recipient user matches a consent naming them, naming a unit they work in, or naming their role.
    """
    day = on or today()
    consents = consents_in_force(child, purpose, day)
    if isinstance(recipient, Unit):
        return consents.filter(recipients__kind=RecipientKind.UNIT, recipients__unit=recipient).exists()
    memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), user=recipient, start__lte=day)
    unit_ids = [m.unit_id for m in memberships if m.unit_id]
    roles = {m.role for m in memberships}
    return consents.filter(
        Q(recipients__kind=RecipientKind.USER, recipients__user=recipient)
        | Q(recipients__kind=RecipientKind.UNIT, recipients__unit_id__in=unit_ids)
        | Q(recipients__kind=RecipientKind.ROLE, recipients__role__in=roles)
    ).exists()


def consented_children(
    user: User,
    child_ids: Iterable[int],
    purpose: str = Purpose.MULTIPROFESSIONAL_DISCUSSION,
    on: datetime.date | None = None,
) -> set[int]:
    """Of ``child_ids``, those whose consent for ``purpose`` names ``user`` (as ``consent_allows``), in one query."""
    ids = list(child_ids)
    if not ids:
        return set()
    day = on or today()
    memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), user=user, start__lte=day)
    unit_ids = [m.unit_id for m in memberships if m.unit_id]
    roles = {m.role for m in memberships}
    consents = Consent.objects.filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gt=day),
        child_id__in=ids,
        purpose=purpose,
        valid_from__lte=day,
        valid_until__gte=day,
        guardian__guardianships__child_id=F("child_id"),
        guardian__guardianships__has_custody=True,
    ).filter(
        Q(recipients__kind=RecipientKind.USER, recipients__user=user)
        | Q(recipients__kind=RecipientKind.UNIT, recipients__unit_id__in=unit_ids)
        | Q(recipients__kind=RecipientKind.ROLE, recipients__role__in=roles)
    )
    return set(consents.values_list("child_id", flat=True))


def child_consents(child: Child) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(child=child)
        .select_related("guardian", "recorded_by", "withdrawn_by")
        .prefetch_related("recipients__unit", "recipients__user")
        .order_by("-valid_from", "-id")
    )


# Municipal services a consent may let in, whichever unit the child attends.
MUNICIPAL_UNIT_KINDS = (UnitKind.PPR, UnitKind.HEALTH_VISITING, UnitKind.CHILDREN_AND_FAMILY)


def recipient_units(child: Child) -> QuerySet[Unit]:
    """The units a consent for ``child`` can name: those the child attends now or is enrolled in from a
    later day (a transition's receiving unit), and the municipality's PPR, health visiting and Children
    and Family (not every unit in the city)."""
    day = today()
    enrolled_unit_ids = Enrolment.objects.filter(Q(end__isnull=True) | Q(end__gte=day), child=child).values("unit_id")
    return (
        Unit.objects.filter(Q(pk__in=enrolled_unit_ids) | Q(kind__in=MUNICIPAL_UNIT_KINDS), is_active=True)
        .select_related("district")
        .order_by("kind", "name")
    )
