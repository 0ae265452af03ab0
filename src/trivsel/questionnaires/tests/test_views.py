from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse

from trivsel.lib.time import today
from trivsel.questionnaires.models import QuestionnaireRequest, Response, Score
from trivsel.questionnaires.services import request_create
from trivsel.questionnaires.testing import PARENT, TEACHER, instrument, questionnaire_consent

DAY = datetime.timedelta(days=1)


def _client(user=None, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def _ask_mother(cast):
    return request_create(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(), respondent="parent", due=today() + 7 * DAY,
        guardian=cast.mother,
    )  # fmt: skip


def _answers(value, **extra):
    return {**{f"q_{n}": value for n in range(1, 26)}, "q_gate": 0, **extra}


def test_a_professional_asks_a_guardian_and_sees_the_link_once(cast):
    cast.mother.email = "mette@example.org"
    cast.mother.save()
    client = _client(cast.pedagogue)
    url = reverse("questionnaires:request_create", args=[cast.child.pk])
    form = client.get(url).content.decode()
    assert "SDQ, forældreskema, 4–17 år" in form and "2–4 år" not in form and "selvudfyldt" not in form
    due = (today() + 14 * DAY).isoformat()
    response = client.post(url, {"instrument": instrument().pk, "guardian": cast.mother.pk, "due": due})
    html = response.content.decode()
    (sent,) = mail.outbox
    link = sent.body.split("\n\n")[1]
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert f'value="{link}"' in html and "mette@example.org" in html
    assert QuestionnaireRequest.objects.get().guardian == cast.mother


def test_a_request_the_service_refuses_keeps_the_form_with_a_danish_message(cast):
    response = _client(cast.pedagogue, "da").post(
        reverse("questionnaires:request_create", args=[cast.child.pk]),
        {"instrument": instrument(TEACHER).pk, "professional": cast.other_pedagogue.pk, "due": today().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "samtykke til spørgeskemaer" in html
    assert f'<option value="{cast.other_pedagogue.pk}" selected>' in html


def test_a_guardian_answers_by_link_saves_half_way_then_sends(cast):
    new = _ask_mother(cast)
    client = _client()
    url = reverse("questionnaires:link", args=[new.token])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and page["Referrer-Policy"] == "strict-origin"
    assert "SDQ item 25" in html and "Emma" in html and "Nielsen" not in html
    saved = client.post(url, {"q_1": 2, "q_2": 1, "save": "1"})
    assert saved.status_code == 302 and saved["Location"] == url
    assert 'value="2" checked' in client.get(url).content.decode()
    done = client.post(url, {**_answers(1), "send": "1"})
    assert done.status_code == 200 and "Your answers have been sent" in done.content.decode()
    response = Response.objects.get()
    assert (response.source, response.submitted_at is not None) == ("link", True)
    assert Score.objects.get(response=response, scale="total").value == 20
    again = client.get(url)
    assert again.status_code == 404 and "The link does not work" in again.content.decode()


def test_a_guessed_link_gets_the_same_page_as_a_used_one(db):
    response = _client().get(reverse("questionnaires:link", args=["a" * 32]))
    assert response.status_code == 404 and "The link does not work" in response.content.decode()


def test_a_professional_types_a_paper_form_and_a_bad_digit_loses_nothing(cast):
    client = _client(cast.pedagogue, "da")
    url = reverse("questionnaires:paper", args=[cast.child.pk])
    assert "SDQ, pædagog-/lærerskema, 4–17 år" in client.get(url).content.decode()
    form_url = f"{url}?skema={PARENT}"
    assert 'data-answer-digit=""' in client.get(form_url).content.decode()
    bad = client.post(form_url, {**_answers("1", q_3="7"), "measured_on": today().isoformat()})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Svar med en af 0, 1, 2." in html and 'name="q_4" value="1"' in html
    good = client.post(form_url, {**_answers("1"), "measured_on": (today() - DAY).isoformat()})
    assert good["Location"] == reverse("questionnaires:child", args=[cast.child.pk])
    response = Response.objects.get()
    assert (response.source, response.entered_by, response.measured_on) == ("paper", cast.pedagogue, today() - DAY)
    page = client.get(good["Location"]).content.decode()
    assert "Samlede vanskeligheder" in page and "<strong>20</strong>" in page and 'role="img"' in page


def test_the_asked_professional_answers_in_trivsel_and_nobody_else_can(cast):
    questionnaire_consent(cast)
    request = request_create(
        actor=cast.leader, child=cast.child, instrument=instrument(TEACHER), respondent="professional",
        due=today(), professional=cast.pedagogue,
    ).request  # fmt: skip
    url = reverse("questionnaires:answer", args=[cast.child.pk, request.pk])
    assert _client(cast.leader).get(url).status_code == 404
    client = _client(cast.pedagogue)
    assert "SDQ item 1" in client.get(url).content.decode()
    sent = client.post(url, {**_answers(0), "send": "1"})
    assert sent["Location"] == reverse("questionnaires:child", args=[cast.child.pk])
    assert Response.objects.get().source == "app"


def test_a_guardian_answers_in_the_portal(cast):
    request = _ask_mother(cast).request
    client = _client(cast.parent)
    child_page = client.get(reverse("portal:child", args=[cast.child.pk])).content.decode()
    url = reverse("portal:questionnaire", args=[cast.child.pk, request.pk])
    assert url in child_page
    sent = client.post(url, {**_answers(0), "send": "1"})
    assert sent["Location"] == reverse("portal:child", args=[cast.child.pk])
    assert (Response.objects.get().source, Response.objects.get().entered_by) == ("portal", cast.parent)
    assert _client(cast.other_parent).get(url).status_code == 404


def test_cancelling_a_request(cast):
    request = _ask_mother(cast).request
    response = _client(cast.pedagogue).post(reverse("questionnaires:request_cancel", args=[cast.child.pk, request.pk]))
    assert response["Location"] == reverse("questionnaires:child", args=[cast.child.pk])
    request.refresh_from_db()
    assert not request.is_open
