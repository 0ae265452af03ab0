from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from trivsel.reminders.models import Kind, Reminder

DUE = datetime.datetime(2026, 12, 3, 13, tzinfo=datetime.UTC)


def _client(user):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def _reminder(user, url="/boern/"):
    params = {"observed_on": "2026-11-02", "days": 14}
    return Reminder.objects.create(user=user, kind=Kind.CONCERN_WAITING, key=f"k{url}", url=url, due=DUE, params=params)


def test_the_list_shows_the_users_own_reminders_and_the_menu_counts_them(cast):
    _reminder(cast.leader)
    _reminder(cast.pedagogue, "/other/")
    html = _client(cast.leader).get(reverse("reminders:list")).content.decode()
    assert html.count("trivsel-reminder--unread") == 1
    assert "Reminders (1 new)" in html


def test_opening_marks_read_and_goes_to_the_page(cast):
    reminder = _reminder(cast.leader)
    response = _client(cast.leader).post(reverse("reminders:open", args=[reminder.pk]))
    assert response["Location"] == "/boern/"
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_an_outside_address_is_never_followed(cast):
    reminder = _reminder(cast.leader, "https://evil.example/")
    response = _client(cast.leader).post(reverse("reminders:open", args=[reminder.pk]))
    assert response["Location"] == reverse("reminders:list")


def test_another_users_reminder_is_404(cast):
    reminder = _reminder(cast.pedagogue)
    assert _client(cast.leader).post(reverse("reminders:open", args=[reminder.pk])).status_code == 404


def test_mark_all_read(cast):
    _reminder(cast.leader)
    _client(cast.leader).post(reverse("reminders:read_all"))
    assert not Reminder.objects.filter(read_at__isnull=True).exists()
