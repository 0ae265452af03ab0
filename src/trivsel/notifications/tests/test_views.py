from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from trivsel.notifications.models import Notification


def _client(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_the_child_page_offers_professionals_to_file_a_notification(cast):
    url = reverse("notifications:create", args=[cast.child.pk])
    assertContains(_client(cast.pedagogue).get(reverse("children:detail", args=[cast.child.pk])), f'href="{url}"')


def test_the_form_explains_the_duty_to_notify(cast):
    response = _client(cast.pedagogue).get(reverse("notifications:create", args=[cast.child.pk]))
    assertContains(response, "duty to notify Børn og Familie (Barnets Lov § 133)")
    assertContains(response, 'type="radio" name="grounds"', count=4)


def test_a_pedagogue_files_a_notification_and_sees_it_in_her_list(cast):
    client = _client(cast.pedagogue)
    response = client.post(
        reverse("notifications:create", args=[cast.child.pk]),
        {"grounds": "abuse", "description": "Blå mærker på armen."},
    )
    assertRedirects(response, reverse("notifications:mine"))
    notification = Notification.objects.get()
    assert (notification.child, notification.filed_by, notification.grounds) == (cast.child, cast.pedagogue, "abuse")
    page = client.get(reverse("notifications:mine"))
    assertContains(page, "Emma Nielsen")
    assertContains(page, "Not yet acknowledged")


def test_an_incomplete_notification_shows_the_errors(cast):
    response = _client(cast.pedagogue).post(reverse("notifications:create", args=[cast.child.pk]), {"grounds": ""})
    assert response.status_code == 200
    assertContains(response, 'id="form-errors"')
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("other_pedagogue", 404), ("parent", 403)])
def test_others_cannot_file_a_notification(cast, who, status):
    response = _client(getattr(cast, who)).post(
        reverse("notifications:create", args=[cast.child.pk]), {"grounds": "other", "description": "x"}
    )
    assert response.status_code == status
    assert Notification.objects.count() == 0


def test_the_case_worker_sees_the_notification_in_the_inbox_with_its_deadlines(cast, filed):
    client = _client(cast.case_worker)
    response = client.get(reverse("notifications:inbox"))
    assertContains(response, reverse("notifications:detail", args=[filed.pk]))
    assertContains(response, "The child may need special support")
    assertContains(response, "Due soon")  # the 24-hour assessment
    assertContains(client.get("/boern/"), f'href="{reverse("notifications:inbox")}"')


def test_an_overdue_notification_says_so_in_words(cast, filed):
    Notification.objects.filter(pk=filed.pk).update(received_at=filed.received_at.replace(year=2025))
    assertContains(_client(cast.case_worker).get(reverse("notifications:inbox")), ">Overdue</span>", count=3)


@pytest.mark.parametrize(("who", "status"), [("pedagogue", 403), ("leader", 403), ("parent", 403)])
def test_the_inbox_is_only_for_case_workers(cast, who, status):
    client = _client(getattr(cast, who))
    assert client.get(reverse("notifications:inbox")).status_code == status
    if who != "parent":
        assertNotContains(client.get("/boern/"), reverse("notifications:inbox"))


def test_the_case_worker_assesses_acknowledges_starts_and_assigns(cast, filed):
    client = _client(cast.case_worker)
    detail = reverse("notifications:detail", args=[filed.pk])
    assertContains(client.get(detail), "Emma græder hver morgen.")
    assertRedirects(client.post(reverse("notifications:assess", args=[filed.pk]), {"acute": "no", "note": ""}), detail)
    assertRedirects(client.post(reverse("notifications:acknowledge", args=[filed.pk])), detail)
    on = timezone.localdate(filed.received_at).isoformat()
    assertRedirects(client.post(reverse("notifications:investigation", args=[filed.pk]), {"on": on}), detail)
    response = client.post(reverse("notifications:assign", args=[filed.pk]), {"case_worker": cast.case_worker.pk})
    assertRedirects(response, detail)
    filed.refresh_from_db()
    assert (filed.acute_measures, filed.assigned_to, filed.status) == (False, cast.case_worker, "investigating")
    assert filed.acknowledged_at is not None
    assertContains(client.get(detail), "No acute measures are needed.")
    complete = reverse("notifications:complete_investigation", args=[filed.pk])
    assertRedirects(client.post(complete, {"done-on": on}), detail)
    assertRedirects(client.post(reverse("notifications:close", args=[filed.pk])), detail)
    filed.refresh_from_db()
    assert (filed.investigation_completed_on.isoformat(), filed.status) == (on, "closed")
    assertContains(client.get(detail), "Closed on")


def test_an_invalid_assessment_shows_the_detail_page_with_the_error(cast, filed):
    response = _client(cast.case_worker).post(reverse("notifications:assess", args=[filed.pk]), {"note": "x"})
    assert response.status_code == 200
    assertContains(response, 'id="form-errors"')
    filed.refresh_from_db()
    assert filed.assessed_at is None


@pytest.mark.parametrize("who", ["pedagogue", "outsider", "leader"])
def test_others_get_404_for_the_detail_and_the_actions(cast, filed, who):
    client = _client(getattr(cast, who))
    assert client.get(reverse("notifications:detail", args=[filed.pk])).status_code == 404
    assert client.post(reverse("notifications:acknowledge", args=[filed.pk])).status_code == 404
    filed.refresh_from_db()
    assert filed.acknowledged_at is None


def test_the_notifier_sees_the_acknowledgement_but_not_the_assessment(cast, filed):
    client = _client(cast.case_worker)
    client.post(reverse("notifications:assess", args=[filed.pk]), {"acute": "yes", "note": "Hemmelig vurdering"})
    client.post(reverse("notifications:acknowledge", args=[filed.pk]))
    filed.refresh_from_db()
    page = _client(cast.pedagogue).get(reverse("notifications:mine"))
    assertContains(page, f"Acknowledged on {timezone.localtime(filed.acknowledged_at):%d-%m-%Y}")
    assertNotContains(page, "Hemmelig vurdering")
    assertNotContains(page, "Emma græder hver morgen.")


def test_the_notifier_is_told_when_a_child_investigation_starts(cast, filed):
    Notification.objects.filter(pk=filed.pk).update(investigation_started_on=timezone.localdate())
    page = _client(cast.pedagogue).get(reverse("notifications:mine"))
    assertContains(page, f"Started on {timezone.localdate():%d-%m-%Y}")


def test_closed_notifications_leave_the_inbox_for_their_own_list(cast, filed):
    Notification.objects.filter(pk=filed.pk).update(closed_at=timezone.now(), assessed_at=timezone.now())
    client = _client(cast.case_worker)
    detail = reverse("notifications:detail", args=[filed.pk])
    assertNotContains(client.get(reverse("notifications:inbox")), detail)
    closed = client.get(reverse("notifications:inbox"), {"lukkede": "1"})
    assertContains(closed, detail)
    assertContains(closed, "Closed notifications")


def test_the_inbox_is_paginated(cast, filed, settings):
    settings.PAGE_SIZE = 2
    for _ in range(4):
        Notification.objects.create(
            child=cast.child, filed_by=cast.pedagogue, filed_at=timezone.now(), received_at=timezone.now(),
            grounds="other", description="x",
        )  # fmt: skip
    client = _client(cast.case_worker)
    first = client.get(reverse("notifications:inbox"))
    assertContains(first, "Page 1 of 3")
    assertContains(client.get(reverse("notifications:inbox"), {"side": "3"}), "Page 3 of 3")
