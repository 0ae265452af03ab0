from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from trivsel.audit.models import AccessLog
from trivsel.consent.models import RecipientKind
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Agreement, ItemView, Meeting, Sharing
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.organisation.models import Role, UnitKind
from trivsel.reminders.services import reminders_run
from trivsel.testing import factories as f

IDENTITY = ("Nielsen", "17-05-2020", "2020-05-17", "Emma Nielsen")


def _client(user, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def psychologist(cast):
    ppr = f.UnitFactory(name="PPR", kind=UnitKind.PPR, district=None)
    return f.MembershipFactory(role=Role.SPECIALIST, group=None, unit=ppr, user__username="pernille").user


@pytest.fixture
def meeting(cast, psychologist):
    meeting = make_meeting(cast.unit, cast.leader)
    meeting.participants.add(psychologist, cast.pedagogue)
    return meeting


def test_an_anonymous_item_never_shows_who_the_child_is(cast, meeting, psychologist, settings):
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.ANONYMOUS, problem="Trækker sig fra legen")
    psychologist.email = "pernille@example.dk"
    psychologist.save()
    Agreement.objects.create(
        item=item, child=cast.child, what="Observere i frikvarteret", owner=psychologist, due=today()
    )
    reminders_run()  # the agreement is due today: a reminder and an e-mail for its owner
    client = _client(psychologist)
    api = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert api["items"][0] | {"id": 0} == {
        "id": 0, "order": 1, "name": "Emma", "birth_date": None, "anonymous": True, "child_id": None,
        "sharing": "anonymous", "problem": "Trækker sig fra legen",
    }  # fmt: skip
    pages = {
        "api": json.dumps(api, ensure_ascii=False),
        "e-mail": "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox),
        "reminders": client.get(reverse("reminders:list")).content.decode(),
        "my work": client.get(reverse("plans:my_work")).content.decode(),
        "meeting": client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode(),
        "item": client.get(reverse("meetings:item", args=[item.pk])).content.decode(),
        "agenda_pdf": _pdf_text(client.get(reverse("meetings:agenda_pdf", args=[meeting.pk]))),
        "item_pdf": _pdf_text(client.get(reverse("meetings:item_pdf", args=[item.pk]))),
    }
    for name, text in pages.items():
        if name not in ("e-mail", "reminders"):
            assert "Emma" in text, name  # the first name is what an anonymous item shows
        for word in IDENTITY:
            assert word not in text, (name, word)
        assert f"/boern/{cast.child.pk}/" not in text, name
    assert "Trækker sig fra legen" in pages["item_pdf"]
    for row in AccessLog.objects.filter(user_id=psychologist.pk):
        assert all(word not in f"{row.purpose} {row.search_criterion} {row.path}" for word in (*IDENTITY, "Emma"))
    view = ItemView.objects.get(user=psychologist)
    assert (view.item, view.basis) == (item, "anonymous")


def test_with_consent_naming_them_a_participant_sees_name_and_birth_date(cast, meeting, psychologist):
    consent = f.ConsentFactory(
        child=cast.child, guardian=cast.mother, valid_from=today(), valid_until=today() + datetime.timedelta(days=30)
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=psychologist.memberships.get().unit)
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.CONSENT, consent=consent)
    client = _client(psychologist)
    html = client.get(reverse("meetings:item", args=[item.pk])).content.decode()
    assert "Emma Nielsen" in html and "17-05-2020" in html
    assert "Emma Nielsen" in _pdf_text(client.get(reverse("meetings:agenda_pdf", args=[meeting.pk])))
    assert ItemView.objects.get(user=psychologist).basis == "consent"


def test_a_pedagogue_brings_a_child_to_the_meeting(cast, meeting):
    client = _client(cast.pedagogue)
    url = reverse("meetings:item_request")
    form = client.get(url, {"moede": meeting.pk, "barn": cast.child.pk}).content.decode()
    assert "Emma Nielsen" in form
    response = client.post(url, {"meeting": meeting.pk, "child": cast.child.pk, "problem": "Trækker sig fra legen"})
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert AgendaItem.objects.get().sharing == Sharing.ANONYMOUS


def test_a_refused_request_keeps_what_was_typed_with_a_danish_message(cast, meeting):
    client = _client(cast.pedagogue, "da")
    response = client.post(
        reverse("meetings:item_request"), {"meeting": meeting.pk, "child": cast.child.pk, "problem": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Dette felt er påkrævet." in html
    assert f'<option value="{cast.child.pk}" selected>' in html


def test_the_chair_autosaves_minutes_as_json(cast, meeting):
    item = make_item(meeting, cast.child, cast.pedagogue)
    client = _client(cast.leader)
    url = reverse("meetings:minutes", args=[item.pk])
    response = client.post(url, {"version": 0, "discussion": "Vi er enige"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["version"] == 1
    stale = client.post(url, {"version": 0, "discussion": "Gammel"}, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409 and "Someone else saved" in stale.json()["error"]
    item.refresh_from_db()
    assert item.discussion == "Vi er enige"


def test_someone_who_is_not_the_chair_reads_the_minutes_but_cannot_save(cast, meeting):
    item = make_item(meeting, cast.child, cast.pedagogue, discussion="Vi er enige")
    client = _client(cast.pedagogue)
    html = client.get(reverse("meetings:item", args=[item.pk])).content.decode()
    assert "Vi er enige" in html and 'id="minutes-form"' not in html
    response = client.post(
        reverse("meetings:minutes", args=[item.pk]), {"version": 0, "discussion": "x"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 404


def test_agreements_are_added_and_marked_done(cast, meeting):
    item = make_item(meeting, cast.child, cast.pedagogue)
    client = _client(cast.leader)
    due = (timezone.localdate(meeting.starts_at) + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("meetings:agreement_add", args=[item.pk]),
        {"what": "Ring til mor", "owner": cast.pedagogue.pk, "due": due},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    bad = client.post(
        reverse("meetings:agreement_add", args=[item.pk]),
        {"what": "Noget", "owner": cast.pedagogue.pk, "owner_other": "Mor", "due": due},
    )
    assert bad.status_code == 400 and "Choose one person who does it" in bad.content.decode()
    _client(cast.pedagogue).post(reverse("meetings:agreement_done", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.done_on == today()


def test_the_journal_pdf_holds_the_eight_steps_and_the_agreements(cast, meeting):
    item = make_item(
        meeting,
        cast.child,
        cast.pedagogue,
        discussion="Fælles forståelse af Emmas morgener",
        knowledge_child="Emma siger, hun savner mor",
    )
    Agreement.objects.create(
        item=item,
        child=cast.child,
        what="Ring til mor hver fredag",
        owner=cast.pedagogue,
        due=today() + datetime.timedelta(days=14),
    )
    text = _pdf_text(_client(cast.pedagogue).get(reverse("meetings:item_pdf", args=[item.pk])))
    for expected in (
        "Emma Nielsen (17-05-2020)",
        "1. Consent",
        "Fælles forståelse af Emmas morgener",
        "Emma siger, hun savner mor",
        "Ring til mor hver fredag",
        "8. New agreements",
    ):
        assert expected in text
    assert AccessLog.objects.filter(action="export", child_id=cast.child.pk).count() == 1


def test_a_meeting_list_shows_the_users_meetings(cast, meeting):
    html = _client(cast.pedagogue).get(reverse("meetings:list")).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in html
    assert (
        reverse("meetings:detail", args=[meeting.pk])
        not in _client(cast.outsider).get(reverse("meetings:list")).content.decode()
    )


def test_a_case_worker_calls_a_network_meeting_from_a_notification_and_brings_the_child(cast):
    from trivsel.notifications.models import Grounds
    from trivsel.notifications.services import notification_file

    notification = notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="x")
    client = _client(cast.case_worker)
    page = client.get(reverse("notifications:detail", args=[notification.pk])).content.decode()
    url = f"{reverse('meetings:call')}?barn={cast.child.pk}"
    assert url.replace("&", "&amp;") in page or url in page
    when = (today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url,
        {
            "kind": "netvaerksmoede",
            "title": "Netværksmøde om Emma",
            "day": when,
            "time": "10:00",
            "duration_minutes": 90,
        },
    )
    meeting = Meeting.objects.get(kind="netvaerksmoede")
    assert (meeting.chair, response["Location"]) == (
        cast.case_worker,
        f"{reverse('meetings:item_request')}?moede={meeting.pk}&barn={cast.child.pk}",
    )
    form = client.get(response["Location"]).content.decode()
    assert f'<option value="{cast.child.pk}" selected>' in form
