"""The transition pages for each side: sending staff, receiving staff, parents, and everyone else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.audit.models import AccessLog, Action
from trivsel.transitions import services
from trivsel.transitions.models import Status, Transition
from trivsel.transitions.testing import approved_handover, make_transition, next_month, sent_handover, write_handover

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def test_the_leader_sees_suggestions_and_the_pedagogue_their_own(cast, school):
    response = client_for(cast.leader).get(reverse("transitions:overview"))
    assert response.status_code == 200
    assert b"Suggested: transitions not yet created" in response.content and b"Emma Nielsen" in response.content
    assert AccessLog.objects.filter(
        user_id=cast.leader.pk, child_id=cast.child.pk, purpose="transition_overview"
    ).exists()
    make_transition(cast, school)
    mine = client_for(cast.pedagogue).get(reverse("transitions:overview"))
    assert mine.status_code == 200 and b"Bakkeskolen" in mine.content
    assert client_for(cast.parent).get(reverse("transitions:overview")).status_code == 404


def test_the_intake_hides_names_until_shared(cast, school):
    handover = approved_handover(cast, school)
    page = client_for(school.leader).get(reverse("transitions:overview"))
    assert b"Emma" not in page.content and b"A child born 05-2020" in page.content
    services.handover_share(actor=cast.pedagogue, handover=handover)
    page = client_for(school.leader).get(reverse("transitions:overview"))
    assert b"Emma Nielsen" in page.content


def test_creating_a_transition_keeps_what_was_typed_on_an_error(cast, school):
    client = client_for(cast.leader, "da")
    url = f"{reverse('transitions:create')}?barn={cast.child.pk}"
    assert client.get(url).status_code == 200
    data = {"from_unit": cast.unit.pk, "kind": "skolestart", "to_unit": school.unit.pk, "to_group": school.group.pk}
    response = client.post(url, {**data, "moves_on": "2020-01-01"})
    assert response.status_code == 200
    assert "Første dag i den modtagende enhed skal være efter i dag.".encode() in response.content
    assert f'value="{school.group.pk}" selected'.encode() in response.content
    response = client.post(url, {**data, "moves_on": next_month().isoformat()})
    transition = Transition.objects.get(child=cast.child)
    assert response["Location"] == reverse("transitions:handover", args=[transition.pk])


def test_only_the_leader_may_create(cast):
    url = f"{reverse('transitions:create')}?barn={cast.child.pk}"
    assert client_for(cast.pedagogue).get(url).status_code == 403
    assert client_for(cast.other_pedagogue).get(url).status_code == 404
    assert client_for(cast.pedagogue).get(reverse("transitions:create")).status_code == 404


def test_writing_and_sending_the_handover(cast, school):
    transition = make_transition(cast, school)
    client = client_for(cast.pedagogue)
    url = reverse("transitions:handover", args=[transition.pk])
    assert client.get(url).status_code == 200
    form = {
        "strengths": "Glad for at tegne", "what_works": "Faste rutiner", "needs": "Ro", "child_view": "",
        "contact_person": cast.pedagogue.pk, "include_plan": "on", "include_screenings": "on", "version": 0,
    }  # fmt: skip
    assert client.post(url, form)["Location"] == reverse("transitions:detail", args=[transition.pk])
    response = client.post(reverse("transitions:send", args=[transition.pk]), follow=True)
    assert b"sent to the parents" in response.content
    transition.refresh_from_db()
    assert transition.status == Status.WITH_PARENTS


def test_a_stale_form_keeps_the_text(cast, school):
    transition = make_transition(cast, school)
    write_handover(cast, transition)
    form = {"strengths": "Min nye tekst", "what_works": "x", "needs": "y", "version": 0}
    response = client_for(cast.pedagogue).post(reverse("transitions:handover", args=[transition.pk]), form)
    assert response.status_code == 200
    assert b"Someone else saved" in response.content and b"Min nye tekst" in response.content


def test_the_parent_approves_in_the_portal(cast, school):
    handover = sent_handover(cast, school)
    client = client_for(cast.parent)
    child_page = client.get(reverse("portal:child", args=[cast.child.pk]))
    assert b"Waiting for your approval" in child_page.content
    url = reverse("portal:transition", args=[cast.child.pk, handover.transition_id])
    page = client.get(url)
    assert page.status_code == 200 and b"Emma er nysgerrig" in page.content
    missing = client.post(url, {"decision": "changes", "comment": ""})
    assert b"Write what you would like changed." in missing.content
    client.post(url, {"decision": "approve", "parents_view": "Vi er glade", "consent_to_share": "on"})
    handover.refresh_from_db()
    assert handover.transition.status == Status.APPROVED and handover.content["parents_view"] == "Vi er glade"
    assert client_for(cast.other_parent).get(url).status_code == 404
    assert client_for(cast.pedagogue).get(url).status_code == 404


def test_sharing_without_consent_says_so_plainly(cast, school):
    handover = approved_handover(cast, school, consent=False)
    client = client_for(cast.pedagogue)
    detail = client.get(reverse("transitions:detail", args=[handover.transition_id]))
    assert b"have not consented to the handover being shared with Bakkeskolen" in detail.content
    response = client.post(reverse("transitions:share", args=[handover.transition_id]), follow=True)
    assert b"It cannot be shared until they consent." in response.content
    assert Transition.objects.get(pk=handover.transition_id).status == Status.APPROVED


def test_the_receiver_reads_and_acknowledges(cast, school):
    handover = approved_handover(cast, school)
    url = reverse("transitions:detail", args=[handover.transition_id])
    assert client_for(school.teacher).get(url).status_code == 404  # not shared yet
    services.handover_share(actor=cast.pedagogue, handover=handover)
    client = client_for(school.teacher)
    page = client.get(url)
    assert page.status_code == 200 and b"Hun er sp" in page.content and b"Emma er nysgerrig" in page.content
    assert client_for(school.other_teacher).get(url).status_code == 404
    client.post(reverse("transitions:acknowledge", args=[handover.transition_id]), {"note": "Tak"})
    assert Transition.objects.get(pk=handover.transition_id).status == Status.ACKNOWLEDGED
    sender = client_for(cast.pedagogue).get(url)
    assert b"Received by" in sender.content


def test_a_bridge_meeting_is_called_from_the_transition(cast, school):
    transition = make_transition(cast, school)
    client = client_for(cast.pedagogue)
    url = reverse("transitions:bridge_meeting", args=[transition.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="participants" id="id_participants_0" value="' in page.content
    assert f'value="{school.leader.pk}" checked'.encode() in page.content  # everyone is invited unless unticked
    data = {"day": next_month().isoformat(), "time": "09:00", "duration_minutes": 60, "location": "Solsikken",
            "participants": [school.leader.pk, school.teacher.pk]}  # fmt: skip
    response = client.post(url, data)
    transition.refresh_from_db()
    assert transition.bridge_meeting is not None
    assert response["Location"] == reverse("meetings:detail", args=[transition.bridge_meeting.pk])
    assert client_for(school.teacher).get(response["Location"]).status_code == 200


def test_the_child_page_links_the_transitions(cast, school):
    transition = make_transition(cast, school)
    page = client_for(cast.leader).get(reverse("children:detail", args=[cast.child.pk]))
    assert reverse("transitions:detail", args=[transition.pk]).encode() in page.content
    assert b"Create a transition" in page.content
    denied = client_for(cast.outsider).get(reverse("transitions:detail", args=[transition.pk]))
    assert denied.status_code == 404
    assert AccessLog.objects.filter(user_id=cast.outsider.pk, action=Action.DENIED).exists()


def test_cancel_from_the_page(cast, school):
    transition = make_transition(cast, school)
    client_for(cast.leader).post(reverse("transitions:cancel", args=[transition.pk]))
    assert Transition.objects.get(pk=transition.pk).status == Status.CANCELLED


def test_the_api_gives_the_handover_to_each_side(cast, school):
    handover = approved_handover(cast, school)
    url = f"/api/v1/transitions/{handover.transition_id}/handover"
    sender = client_for(cast.pedagogue).get(url).json()
    assert sender["side"] == "sender" and sender["content"]["parents_view"] == "Hun er spændt, men glad."
    assert client_for(school.teacher).get(url).status_code == 404  # not shared yet
    services.handover_share(actor=cast.pedagogue, handover=handover)
    received = client_for(school.teacher).get(url).json()
    assert received["side"] == "receiver" and received["content"] == sender["content"]
    listed = client_for(school.teacher).get("/api/v1/transitions").json()
    assert [(t["id"], t["status"], t["to_unit"]) for t in listed] == [(handover.transition_id, "shared", "Bakkeskolen")]
    assert client_for(cast.outsider).get(url).status_code == 404
