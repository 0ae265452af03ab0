"""The office hours pages and the calendar file."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.officehours.models import Consultation
from trivsel.officehours.testing import booked, first_slot, make_office_hours, sharing_consent_for

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_publishing_from_the_page(cast):
    client = client_for(cast.case_worker)
    assert client.get(reverse("officehours:publish")).status_code == 200
    assert client_for(cast.pedagogue).get(reverse("officehours:publish")).status_code == 404
    data = {"title": "Træffetid", "location": "Telefon", "day": "2020-01-01", "start": "09:00", "end": "10:00",
            "slot_minutes": 20, "weeks": 1}  # fmt: skip
    response = client.post(reverse("officehours:publish"), data)
    assert b"The office hours cannot be in the past." in response.content and b'value="Telefon"' in response.content


def test_booking_keeps_what_was_typed_when_consent_is_missing(cast):
    block = make_office_hours(cast.case_worker)
    client = client_for(cast.pedagogue)
    url = reverse("officehours:book", args=[first_slot(block).pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Emma Nielsen" in page.content
    response = client.post(url, {"about": "named", "child": cast.child.pk, "question": "Hun græder hver morgen"})
    assert (
        b"The parents have not consented" in response.content and "Hun græder hver morgen" in response.content.decode()
    )
    sharing_consent_for(cast, cast.case_worker)
    response = client.post(url, {"about": "named", "child": cast.child.pk, "question": "Hun græder hver morgen"})
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("officehours:consultation", args=[consultation.pk])


def test_the_lists_and_the_calendar(cast):
    block = make_office_hours(cast.case_worker)
    consultation = booked(cast, block)
    listing = client_for(cast.outsider).get(reverse("officehours:list"))
    assert listing.status_code == 200 and b"Tr\xc3\xa6ffetid hos socialr\xc3\xa5dgiveren" in listing.content
    week = block.starts_at.strftime("%G-W%V")
    for user in (cast.case_worker, cast.pedagogue):
        page = client_for(user).get(reverse("officehours:calendar") + f"?uge={week}")
        assert reverse("officehours:consultation", args=[consultation.pk]).encode() in page.content
    assert client_for(cast.parent).get(reverse("officehours:calendar")).status_code == 404
    detail = client_for(cast.pedagogue).get(reverse("officehours:consultation", args=[consultation.pk]))
    assert b"Emma Nielsen" in detail.content
    assert client_for(cast.other_pedagogue).get(detail.request["PATH_INFO"]).status_code == 404


def test_the_calendar_file_names_no_child(cast):
    block = make_office_hours(cast.case_worker)
    booked(cast, block)
    for user in (cast.case_worker, cast.pedagogue):
        response = client_for(user).get(reverse("officehours:calendar_ics"))
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/calendar") and "BEGIN:VEVENT" in body
        assert "Emma" not in body and "Nielsen" not in body and "græder" not in body
    host_file = client_for(cast.case_worker).get(reverse("officehours:calendar_ics")).content.decode()
    assert "Consultation booked by" in host_file


def test_cancelling_from_the_pages(cast):
    block = make_office_hours(cast.case_worker)
    consultation = booked(cast, block)
    client_for(cast.pedagogue).post(reverse("officehours:consultation_cancel", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.cancelled_at is not None
    assert client_for(cast.pedagogue).post(reverse("officehours:cancel", args=[block.pk])).status_code == 404
    client_for(cast.case_worker).post(reverse("officehours:cancel", args=[block.pk]))
    block.refresh_from_db()
    assert block.cancelled_at is not None


def test_the_block_page_for_host_and_booker(cast):
    block = make_office_hours(cast.case_worker)
    consultation = booked(cast, block)
    url = reverse("officehours:detail", args=[block.pk])
    host = client_for(cast.case_worker).get(url).content.decode()
    assert reverse("officehours:consultation", args=[consultation.pk]) in host and "Book 09:20" not in host
    other = client_for(cast.outsider).get(url).content.decode()
    assert "Book 09:20" in other and reverse("officehours:consultation", args=[consultation.pk]) not in other
