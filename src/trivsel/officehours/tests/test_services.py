"""Publishing office hours (closed days skipped), booking named under consent or anonymously, cancelling."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action
from trivsel.consent.services import consent_withdraw
from trivsel.officehours import services
from trivsel.officehours.models import Consultation, OfficeHours
from trivsel.officehours.testing import aware, first_slot, make_office_hours, sharing_consent_for
from trivsel.reminders.models import Reminder

pytestmark = pytest.mark.django_db
D = datetime.date


def test_weekly_office_hours_skip_easter_and_christmas():
    # Mondays from 15 March 2027: 29 March is Easter Monday (2. påskedag).
    assert services.publish_days(D(2027, 3, 15), 4) == [D(2027, 3, 15), D(2027, 3, 22), D(2027, 4, 5)]
    # Fridays from 10 December 2027: 24 and 31 December are closed days of the municipality.
    assert services.publish_days(D(2027, 12, 10), 4) == [D(2027, 12, 10), D(2027, 12, 17)]


def test_a_block_is_divided_into_slots(cast):
    block = make_office_hours(cast.case_worker, start=datetime.time(9, 0), end=datetime.time(10, 10))
    day = timezone.localdate(block.starts_at)
    slots = list(block.slots.order_by("starts_at").values_list("starts_at", "ends_at"))
    assert slots == [
        (aware(day, 9), aware(day, 9, 20)), (aware(day, 9, 20), aware(day, 9, 40)), (aware(day, 9, 40), aware(day, 10)),
    ]  # fmt: skip


def test_repeating_publishes_one_block_a_week(cast):
    first = make_office_hours(cast.case_worker, weeks=3)
    days = [timezone.localdate(b.starts_at) for b in OfficeHours.objects.filter(host=cast.case_worker)]
    assert days == services.publish_days(timezone.localdate(first.starts_at), 3)
    assert len(days) >= 2 and all(d.weekday() == 0 for d in days)


def test_publishing_is_refused_with_reasons(cast):
    with pytest.raises(ValidationError) as caught:
        services.office_hours_publish(
            actor=cast.case_worker, title=" ", location="", day=D(2020, 1, 1), start=datetime.time(10),
            end=datetime.time(9), slot_minutes=5, weeks=30,
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"title", "location", "day", "slot_minutes", "end", "weeks"}


@pytest.mark.parametrize("role", ["pedagogue", "leader", "parent", "administrator"])
def test_only_specialists_advisers_and_case_workers_publish(cast, role):
    with pytest.raises(PermissionDenied):
        make_office_hours(getattr(cast, role))


def test_a_named_consultation_needs_the_parents_consent(cast):
    block = make_office_hours(cast.case_worker)
    with pytest.raises(ValidationError, match="ikke givet samtykke") as caught:
        services.consultation_book(actor=cast.pedagogue, slot=first_slot(block), question="Hjælp", child=cast.child)
    assert "child" in caught.value.message_dict
    consent = sharing_consent_for(cast, cast.case_worker)
    consultation = services.consultation_book(
        actor=cast.pedagogue, slot=first_slot(block), question="Emma græder ved aflevering", child=cast.child
    )
    assert (consultation.child, consultation.consent) == (cast.child, consent)
    row = AccessLog.objects.filter(action=Action.CREATE, object_type="officehours.consultation").get()
    assert (row.child_id, row.user_id, row.role) == (cast.child.pk, cast.pedagogue.pk, "frontline")
    assert Reminder.objects.filter(user=cast.case_worker, kind="consultation_booked").count() == 1


def test_a_withdrawn_consent_refuses_a_named_booking(cast):
    block = make_office_hours(cast.case_worker)
    consent = sharing_consent_for(cast, cast.case_worker)
    consent_withdraw(actor=cast.parent, consent=consent)
    with pytest.raises(ValidationError):
        services.consultation_book(actor=cast.pedagogue, slot=first_slot(block), question="x", child=cast.child)


def test_only_about_a_child_the_booker_works_with(cast):
    block = make_office_hours(cast.case_worker)
    sharing_consent_for(cast, cast.case_worker)
    with pytest.raises(PermissionDenied):
        services.consultation_book(actor=cast.outsider, slot=first_slot(block), question="x", child=cast.child)


def test_an_anonymous_consultation(cast):
    block = make_office_hours(cast.case_worker)
    with pytest.raises(ValidationError) as caught:
        services.consultation_book(actor=cast.outsider, slot=first_slot(block), question="x")
    assert "anonymous_description" in caught.value.message_dict
    consultation = services.consultation_book(
        actor=cast.outsider, slot=first_slot(block), question="Vrede udbrud", anonymous_description="Dreng, 7 år"
    )
    assert consultation.child is None and consultation.anonymous_description == "Dreng, 7 år"
    assert not AccessLog.objects.filter(child_id__isnull=False, object_type="officehours.consultation").exists()


def test_a_slot_is_booked_once_and_freed_by_cancelling(cast):
    block = make_office_hours(cast.case_worker)
    slot = first_slot(block)
    first = services.consultation_book(actor=cast.pedagogue, slot=slot, question="x", anonymous_description="Pige, 4")
    with pytest.raises(ValidationError, match="lige blevet booket"):
        services.consultation_book(actor=cast.outsider, slot=slot, question="y", anonymous_description="Dreng, 5")
    services.consultation_cancel(actor=cast.case_worker, consultation=first)
    assert Reminder.objects.filter(user=cast.pedagogue, kind="consultation_cancelled").exists()
    again = services.consultation_book(actor=cast.outsider, slot=slot, question="y", anonymous_description="Dreng, 5")
    assert Consultation.objects.filter(slot=slot, cancelled_at__isnull=True).get() == again


def test_past_and_own_slots_and_strangers(cast):
    block = make_office_hours(cast.case_worker)
    slot = first_slot(block)
    with pytest.raises(ValidationError):
        services.consultation_book(actor=cast.case_worker, slot=slot, question="x", anonymous_description="Dreng")
    for user in (cast.parent, cast.administrator):
        with pytest.raises(PermissionDenied):
            services.consultation_book(actor=user, slot=slot, question="x", anonymous_description="Dreng")
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    slot.save()
    with pytest.raises(ValidationError, match="passeret"):
        services.consultation_book(actor=cast.pedagogue, slot=slot, question="x", anonymous_description="Dreng")


def test_only_the_booker_or_host_cancels(cast):
    block = make_office_hours(cast.case_worker)
    consultation = services.consultation_book(
        actor=cast.pedagogue, slot=first_slot(block), question="x", anonymous_description="Pige, 4"
    )
    with pytest.raises(PermissionDenied):
        services.consultation_cancel(actor=cast.outsider, consultation=consultation)
    services.consultation_cancel(actor=cast.pedagogue, consultation=consultation)
    with pytest.raises(ValidationError):
        services.consultation_cancel(actor=cast.pedagogue, consultation=consultation)


def test_cancelling_a_block_cancels_its_bookings(cast):
    block = make_office_hours(cast.case_worker)
    consultation = services.consultation_book(
        actor=cast.pedagogue, slot=first_slot(block), question="x", anonymous_description="Pige, 4"
    )
    with pytest.raises(PermissionDenied):
        services.office_hours_cancel(actor=cast.pedagogue, office_hours=block)
    services.office_hours_cancel(actor=cast.case_worker, office_hours=block)
    consultation.refresh_from_db()
    assert consultation.cancelled_at is not None and OfficeHours.objects.get(pk=block.pk).cancelled_at is not None
    with pytest.raises(ValidationError, match="aflyst"):
        services.consultation_book(actor=cast.outsider, slot=first_slot(block), question="x", anonymous_description="D")
