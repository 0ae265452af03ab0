from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.audit.models import AccessLog, Action
from trivsel.audit.services import log_access


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.REQUIRE_2FA = False


@pytest.fixture
def staff(cast) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.administrator)
    return client


def test_the_access_log_is_listed_and_read_only(cast, staff):
    entry = log_access(actor=cast.pedagogue, action=Action.READ, child_id=cast.child.pk, purpose="child_page")
    html = staff.get(reverse("admin:audit_accesslog_changelist")).content.decode()
    assert "pia" in html and "child_page" in html
    assert "delete_selected" not in html
    assert staff.get(reverse("admin:audit_accesslog_add")).status_code == 403
    assert staff.get(reverse("admin:audit_accesslog_delete", args=[entry.pk])).status_code == 403
    change_url = reverse("admin:audit_accesslog_change", args=[entry.pk])
    page = staff.get(change_url).content.decode()
    assert 'name="_save"' not in page
    assert staff.post(change_url, {"purpose": "forged"}).status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).purpose == "child_page"


def test_the_field_history_and_consents_are_not_in_the_admin(cast, staff):
    assert staff.get("/admin/audit/fieldchange/").status_code == 404
    assert staff.get("/admin/consent/consent/").status_code == 404
