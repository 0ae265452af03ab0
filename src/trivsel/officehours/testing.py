"""Office hours for the ``cast``: Carl (case worker, Børn og Familie) hosts; Pia books about Emma."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import MO, relativedelta
from django.utils import timezone

from trivsel.consent.models import Purpose, RecipientKind
from trivsel.lib.time import today
from trivsel.lib.workdays import is_working_day
from trivsel.officehours import services
from trivsel.officehours.models import Consultation, OfficeHours, Slot
from trivsel.testing import factories as f


def next_working_monday() -> datetime.date:
    day = today() + relativedelta(days=1, weekday=MO)
    while not is_working_day(day):
        day += datetime.timedelta(days=7)
    return day


def make_office_hours(host: Any, **fields: Any) -> OfficeHours:
    values: dict[str, Any] = {
        "title": "Træffetid hos socialrådgiveren",
        "location": "Solsikken, personalestuen",
        "day": next_working_monday(),
        "start": datetime.time(9, 0),
        "end": datetime.time(10, 0),
        "slot_minutes": 20,
    }
    values.update(fields)
    return services.office_hours_publish(actor=host, **values)[0]


def first_slot(block: OfficeHours) -> Slot:
    return block.slots.order_by("starts_at")[0]


def sharing_consent_for(cast: Any, host: Any) -> Any:
    """Mette's consent to share information about Emma with the host, by name."""
    consent = f.ConsentFactory(
        child=cast.child, guardian=cast.mother, purpose=Purpose.INFORMATION_SHARING, recorded_by=cast.pedagogue,
        valid_from=today() - datetime.timedelta(days=1), valid_until=today() + datetime.timedelta(days=180),
    )  # fmt: skip
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.USER, user=host, unit=None, role="")
    return consent


def booked(cast: Any, block: OfficeHours) -> Consultation:
    """Pia's consultation about Emma, stored directly (booking writes log rows)."""
    consent = sharing_consent_for(cast, block.host)
    return Consultation.objects.create(
        slot=first_slot(block), booked_by=cast.pedagogue, question="Emma græder ved aflevering", child=cast.child,
        consent=consent,
    )  # fmt: skip


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
