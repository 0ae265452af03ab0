from __future__ import annotations

from django.urls import reverse

from trivsel.audit.models import AccessLog, Action
from trivsel.audit.services import log_access


def test_the_access_log_is_listed_and_read_only(cast, administrator_client):
    entry = log_access(actor=cast.pedagogue, action=Action.READ, child_id=cast.child.pk, purpose="child_page")
    html = administrator_client.get(reverse("admin:audit_accesslog_changelist")).content.decode()
    assert "pia" in html and "child_page" in html
    assert "delete_selected" not in html
    assert administrator_client.get(reverse("admin:audit_accesslog_add")).status_code == 403
    assert administrator_client.get(reverse("admin:audit_accesslog_delete", args=[entry.pk])).status_code == 403
    change_url = reverse("admin:audit_accesslog_change", args=[entry.pk])
    page = administrator_client.get(change_url).content.decode()
    assert 'name="_save"' not in page
    assert administrator_client.post(change_url, {"purpose": "forged"}).status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).purpose == "child_page"


def test_the_field_history_and_consents_are_not_in_the_admin(cast, administrator_client):
    assert administrator_client.get("/admin/audit/fieldchange/").status_code == 404
    assert administrator_client.get("/admin/consent/consent/").status_code == 404
