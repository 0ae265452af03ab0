from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.lib.time import today
from trivsel.questionnaires.instruments import DATA
from trivsel.questionnaires.models import ItemText, QuestionnaireRequest, Response, Score
from trivsel.questionnaires.selectors import request_by_token
from trivsel.questionnaires.services import (
    instrument_load,
    instrument_texts_load,
    link_reminders_send,
    request_cancel,
    request_create,
    response_save,
    token_digest,
)
from trivsel.questionnaires.testing import PARENT, TEACHER, all_answers, instrument, questionnaire_consent

DAY = datetime.timedelta(days=1)
CONSENT_NEEDED = "A guardian's consent to questionnaires is needed before a professional or the young person is asked."


def _ask_mother(cast, **kw):
    values = {"instrument": instrument(), "respondent": "parent", "due": today() + 14 * DAY, "guardian": cast.mother}
    values.update(kw)
    return request_create(actor=cast.pedagogue, child=cast.child, **values)


def _save(cast, request=None, actor=None, **kw):
    values = {
        "actor": actor, "child": cast.child, "instrument": request.instrument if request else instrument(),
        "respondent": request.respondent if request else "parent", "source": "link" if actor is None else "paper",
        "answers": all_answers(1), "gate": 0, "request": request,
    }  # fmt: skip
    values.update(kw)
    return response_save(**values)


def test_asking_a_guardian_makes_a_link_kept_only_as_a_digest_and_emails_it(cast):
    cast.mother.email = "mette@example.org"
    cast.mother.save()
    new = _ask_mother(cast)
    request = new.request
    assert len(new.token) == 32 and request.token_digest == token_digest(new.token) != new.token
    assert request.token_expires_at == timezone.make_aware(
        datetime.datetime.combine(today() + 21 * DAY, datetime.time(23, 59))
    )
    (sent,) = mail.outbox
    assert sent.to == ["mette@example.org"] and new.link in sent.body and "Emma" in sent.subject
    assert "Nielsen" not in f"{sent.body}{sent.subject}"
    log = AccessLog.objects.get(action="create", object_type="questionnaires.questionnairerequest")
    assert (log.child_id, log.role, log.purpose) == (cast.child.pk, "frontline", "questionnaire")
    assert dict(FieldChange.objects.filter(log=log).values_list("field", "new_value"))["instrument"] == PARENT


def test_a_guardian_without_an_address_gets_no_email_and_a_colleague_no_link(cast):
    assert _ask_mother(cast).token and mail.outbox == []
    questionnaire_consent(cast)
    new = request_create(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(TEACHER), respondent="professional",
        due=today(), professional=cast.other_pedagogue,
    )  # fmt: skip
    assert (new.token, new.request.token_digest, new.request.professional) == ("", "", cast.other_pedagogue)


def test_asking_checks_age_respondent_custody_consent_deadline_and_relation(cast):
    with pytest.raises(ValidationError) as error:
        _ask_mother(cast, instrument=instrument("sdq-self-11-17"), respondent="youth", due=today() - DAY)
    assert error.value.message_dict == {
        "instrument": ["The questionnaire is for ages 11 to 17; the child is 6."],
        "respondent": [CONSENT_NEEDED],
        "due": ["The deadline cannot be in the past."],
    }
    with pytest.raises(ValidationError) as error:
        _ask_mother(cast, guardian=cast.father_without_custody)
    assert error.value.message_dict == {"guardian": ["Choose a guardian who holds custody."]}
    with pytest.raises(ValidationError) as error:
        _ask_mother(cast, instrument=instrument(TEACHER))
    assert error.value.message_dict == {"respondent": ["This questionnaire is not for that respondent."]}
    with pytest.raises(PermissionDenied):
        request_create(actor=cast.outsider, child=cast.child, instrument=instrument(), respondent="parent", due=today())
    assert not QuestionnaireRequest.objects.exists()


def test_a_half_filled_questionnaire_is_kept_and_continued_in_the_same_row(cast):
    request = _ask_mother(cast).request
    first = _save(cast, request, answers={"1": 2, "2": None}, gate=None)
    assert (first.answers["1"], first.answers["2"], first.answers["25"], first.submitted_at) == (2, None, None, None)
    second = _save(cast, request, answers={"1": 2, "2": 1}, gate=None)
    assert second.pk == first.pk and Response.objects.count() == 1 and not Score.objects.exists()
    request.refresh_from_db()
    assert request.is_open
    rows = AccessLog.objects.filter(object_type="questionnaires.response").order_by("id")
    assert [(r.action, r.user_id, r.child_id) for r in rows] == [
        ("create", None, cast.child.pk),
        ("change", None, cast.child.pk),
    ]


def test_submitting_scores_every_scale_with_its_band_and_closes_the_link(cast):
    request = _ask_mother(cast).request
    response = _save(cast, request, submit=True)
    scores = {s.scale: (s.value, s.band) for s in Score.objects.filter(response=response)}
    # All items answered 1 ("Passer delvist"): reversed items also count 1, so every scale is 5.
    assert scores == {
        "emotional": (5, 2), "conduct": (5, 2), "hyperactivity": (5, 0), "peer": (5, 3), "prosocial": (5, 3),
        "total": (20, 3), "externalising": (10, None), "internalising": (10, None), "impact": (0, 0),
    }  # fmt: skip
    request.refresh_from_db()
    assert request.answered_at == response.submitted_at and not request.is_open
    with pytest.raises(PermissionDenied):
        _save(cast, request)


def test_answers_off_the_scale_are_refused_with_the_question(cast):
    request = _ask_mother(cast).request
    with pytest.raises(ValidationError) as error:
        _save(cast, request, answers={"3": 3})
    assert error.value.message_dict == {"answers": ["Item 3 has an answer that is not on the scale."]}
    with pytest.raises(ValidationError) as error:
        _save(cast, request, gate=1, impact={"home": 7})
    assert error.value.message_dict == {
        "answers": ["The impact question on Home life has an answer that is not on the scale."]
    }


def test_impact_is_scored_from_its_items_when_there_are_difficulties(cast):
    impact = {"distress": 3, "home": 2, "friendships": 1, "classroom": 0, "leisure": 3}
    response = _save(cast, actor=cast.pedagogue, gate=2, impact=impact, submit=True)
    assert Score.objects.get(response=response, scale="impact").value == 5  # 2 + 1 + 0 + 0 + 2
    assert (response.source, response.entered_by) == ("paper", cast.pedagogue)


def test_who_may_answer(cast):
    questionnaire_consent(cast)
    colleague = request_create(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(TEACHER), respondent="professional",
        due=today(), professional=cast.other_pedagogue,
    ).request  # fmt: skip
    with pytest.raises(PermissionDenied):
        _save(cast, colleague, actor=cast.pedagogue)  # asked someone else
    with pytest.raises(PermissionDenied):
        _save(cast, actor=cast.outsider)  # no relation
    mothers = _ask_mother(cast).request
    assert _save(cast, mothers, actor=cast.parent, source="portal").entered_by == cast.parent
    with pytest.raises(PermissionDenied):
        _save(cast, mothers, actor=cast.other_parent, source="portal")
    with pytest.raises(PermissionDenied):
        _save(cast, None, actor=None)  # no link, no user


def test_a_paper_teacher_form_needs_consent_and_a_date_not_in_the_future(cast):
    with pytest.raises(ValidationError) as error:
        _save(cast, actor=cast.pedagogue, instrument=instrument(TEACHER), respondent="professional")
    assert list(error.value.message_dict) == ["respondent"]
    questionnaire_consent(cast)
    with pytest.raises(ValidationError) as error:
        _save(
            cast,
            actor=cast.pedagogue,
            instrument=instrument(TEACHER),
            respondent="professional",
            measured_on=today() + DAY,
        )
    assert error.value.message_dict == {"measured_on": ["The date cannot be in the future."]}


def test_a_cancelled_request_cannot_be_answered_or_cancelled_again(cast):
    new = _ask_mother(cast)
    request_cancel(actor=cast.pedagogue, request=new.request)
    assert request_by_token(new.token) is None
    with pytest.raises(ValidationError):
        request_cancel(actor=cast.pedagogue, request=new.request)
    with pytest.raises(PermissionDenied):
        request_cancel(actor=cast.outsider, request=new.request)


def test_a_reminder_sends_a_fresh_link_once_and_the_old_one_stops_working(cast):
    cast.mother.email = "mette@example.org"
    cast.mother.save()
    later = _ask_mother(cast, due=today() + 10 * DAY)
    soon = _ask_mother(cast, due=today() + 2 * DAY)
    mail.outbox.clear()
    _save(cast, soon.request, answers={"1": 2}, gate=None)
    assert link_reminders_send(timezone.now()) == 1
    (sent,) = mail.outbox
    assert sent.subject == "Påmindelse: et spørgeskema om Emma" and soon.link not in sent.body
    assert request_by_token(soon.token) is None and request_by_token(later.token) is not None
    fresh = sent.body.split("/skema/")[1].split("/")[0]
    assert request_by_token(fresh) == soon.request
    assert Response.objects.get(request=soon.request).answers["1"] == 2  # what was saved stays
    assert link_reminders_send(timezone.now()) == 0


def test_licensed_texts_are_loaded_only_from_a_valid_file(cast, tmp_path):
    good = tmp_path / "sdq.csv"
    good.write_text(
        f"{PARENT};1;Tekst et\n{PARENT};gate;Tekst om vanskeligheder\n{TEACHER};peers;Tekst\n", encoding="utf-8"
    )
    assert instrument_texts_load(good) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{PARENT};1;Ny tekst\n{PARENT};26;For mange\nukendt;1;x\n{PARENT};home\n{TEACHER};home;x\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as error:
        instrument_texts_load(bad)
    assert error.value.messages == [
        "bad.csv, line 2: '26' is not a question of sdq-parent-4-17",
        "bad.csv, line 3: unknown instrument 'ukendt'",
        "bad.csv, line 4: expected instrument;question;text",
        "bad.csv, line 5: 'home' is not a question of sdq-teacher-4-17",
    ]
    assert ItemText.objects.get(instrument__code=PARENT, key="1").text == "Tekst et"


def test_an_instrument_file_is_loaded_or_refused_naming_the_file(db, tmp_path):
    path = tmp_path / "own.json"
    path.write_text('{"code": "own"}', encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        instrument_load(path)
    assert error.value.messages[0].startswith("own.json: ")
    shipped = instrument()
    shipped.name = "changed"
    shipped.save()
    assert instrument_load(DATA / f"{PARENT}.json").name == "SDQ, forældreskema, 4–17 år"
