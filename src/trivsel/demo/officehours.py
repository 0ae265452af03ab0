"""Synthetic office hours for the demo: the district adviser's weekly træffetid, with two bookings.

Written through the services: ``paedagog`` has booked one consultation anonymously and one about a
child whose parents have consented to sharing with the adviser, so both calendars show them.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import TU, relativedelta
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to
from trivsel.children.models import Guardianship
from trivsel.consent.models import Method, Purpose
from trivsel.consent.services import Recipient, consent_record
from trivsel.officehours import services
from trivsel.officehours.models import OfficeHours


def build_office_hours() -> int:
    host, pedagogue = User.objects.get(username="distriktsraadgiver"), User.objects.get(username="paedagog")
    tuesday = timezone.localdate() + relativedelta(days=1, weekday=TU)
    blocks = services.office_hours_publish(
        actor=host, title="Træffetid hos distriktsrådgiveren", location="Telefon eller Teams", day=tuesday,
        start=datetime.time(9, 0), end=datetime.time(11, 0), slot_minutes=20, weeks=6,
        description="Sparring om et barn, I er bekymrede for: handlemuligheder, og hvornår I skal inddrage andre.",
    )  # fmt: skip
    slots = list(blocks[0].slots.order_by("starts_at"))
    services.consultation_book(
        actor=pedagogue, slot=slots[0], question="Dreng, der ofte slår i konflikter. Hvordan inddrager vi forældrene?",
        anonymous_description="Dreng, 5 år",
    )  # fmt: skip
    child = children_visible_to(pedagogue).filter(guardianships__has_custody=True).order_by("pk").first()
    holder = Guardianship.objects.filter(child=child, has_custody=True).first() if child else None
    if child is not None and holder is not None:
        consent_record(
            actor=pedagogue, child=child, guardian=holder.guardian, purpose=Purpose.INFORMATION_SHARING,
            method=Method.WRITTEN, valid_from=timezone.localdate(), valid_until=timezone.localdate() + relativedelta(
                months=6), recipients=[Recipient(user=host)],
        )  # fmt: skip
        services.consultation_book(
            actor=pedagogue, slot=slots[2], child=child,
            question="Meget fravær i efteråret og trist ved aflevering. Skal vi tale om en underretning?",
        )  # fmt: skip
    return OfficeHours.objects.count()
