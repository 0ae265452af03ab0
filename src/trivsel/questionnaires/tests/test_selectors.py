from __future__ import annotations

import datetime

from django.utils import timezone

from trivsel.audit.models import AccessLog
from trivsel.lib.time import today
from trivsel.questionnaires.models import ItemText
from trivsel.questionnaires.selectors import (
    child_questionnaires,
    instrument_questions,
    instruments_for,
    request_by_token,
    respondent_professionals,
)
from trivsel.questionnaires.services import request_create, response_save
from trivsel.questionnaires.testing import PARENT, TEACHER, all_answers, instrument, questionnaire_consent

DAY = datetime.timedelta(days=1)


def _link(cast):
    return request_create(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(), respondent="parent", due=today(),
        guardian=cast.mother,
    )  # fmt: skip


def _denied():
    rows = AccessLog.objects.filter(action="denied").order_by("id")
    return [(r.action, r.child_id, r.user_id, r.status) for r in rows]


def test_a_link_opens_its_request_and_every_opening_is_logged(cast):
    new = _link(cast)
    assert request_by_token(new.token) == new.request
    read = AccessLog.objects.get(action="read", purpose="questionnaire_link")
    assert (read.user_id, read.child_id, read.object_id) == (None, cast.child.pk, new.request.pk)


def test_guessed_expired_and_reused_links_reveal_nothing_and_are_logged(cast):
    assert request_by_token("x" * 32) is None and request_by_token("") is None
    assert _denied() == [("denied", None, None, 404)] * 2
    expired = _link(cast)
    expired.request.token_expires_at = timezone.now() - DAY
    expired.request.save()
    assert request_by_token(expired.token) is None
    used = _link(cast)
    response_save(
        actor=None, child=cast.child, instrument=instrument(), respondent="parent", source="link",
        answers=all_answers(0), gate=0, request=used.request, submit=True,
    )  # fmt: skip
    assert request_by_token(used.token) is None
    assert _denied()[2:] == [("denied", cast.child.pk, None, 404)] * 2


def test_questions_say_sdq_item_n_until_the_licensed_texts_are_loaded(cast):
    questions = instrument_questions(instrument())
    assert [q.key for q in questions] == [str(n) for n in range(1, 26)] + [
        "gate", "distress", "home", "friendships", "classroom", "leisure",
    ]  # fmt: skip
    assert (questions[0].label, questions[25].label, questions[26].label) == (
        "SDQ item 1", "Impact: Difficulties overall", "Impact: Distress",
    )  # fmt: skip
    assert [o.value for o in questions[0].options] == [0, 1, 2] and len(questions[25].options) == 4
    ItemText.objects.create(instrument=instrument(), key="1", text="Licenseret tekst")
    assert instrument_questions(instrument())[0].label == "Licenseret tekst"


def test_only_the_versions_for_the_childs_age_are_offered(cast):
    assert [i.code for i in instruments_for(cast.child, today())] == ["family-experience-parent", PARENT, TEACHER]
    assert [i.code for i in instruments_for(cast.child, datetime.date(2023, 1, 1))] == [
        "family-experience-parent", "sdq-parent-2-4", "sdq-teacher-2-4",
    ]  # fmt: skip


def test_teachers_who_may_answer_are_the_staff_of_the_childs_unit(cast):
    assert set(respondent_professionals(cast.child)) == {cast.pedagogue, cast.other_pedagogue, cast.leader}


def _submit(cast, code, respondent, answers, day, actor):
    return response_save(
        actor=actor, child=cast.child, instrument=instrument(code), respondent=respondent, source="paper",
        answers=answers, gate=0, measured_on=day, submit=True,
    )  # fmt: skip


def test_the_latest_scores_of_each_respondent_side_by_side_with_a_chart(cast, django_assert_num_queries):
    questionnaire_consent(cast)
    _submit(cast, PARENT, "parent", all_answers(1), today() - 200 * DAY, cast.pedagogue)
    _submit(cast, PARENT, "parent", all_answers(0), today() - 10 * DAY, cast.pedagogue)
    _submit(cast, TEACHER, "professional", {**all_answers(2), "7": None}, today() - 5 * DAY, cast.pedagogue)
    _link(cast)
    with django_assert_num_queries(3):
        data = child_questionnaires(cast.child)
    assert data.respondents == [("parent", "Parent"), ("professional", "Pedagogue or teacher")]
    assert [r.measured_on for r in data.latest] == [today() - 10 * DAY, today() - 5 * DAY]
    total, emotional = data.comparison[0], data.comparison[1]
    assert (total.label, emotional.label) == ("Samlede vanskeligheder", "Følelsesmæssige symptomer")
    # Parent: all 0 → reversed items give 2: conduct 2 (7), hyperactivity 4 (21, 25), peer 4 (11, 14) → 10.
    # Teacher: all 2 → reversed give 0: emotional 10, conduct 8 on 4 items → 10, hyperactivity 6, peer 6 → 32.
    assert [(c.value, c.band, c.band_label) for c in total.cells] == [
        (10, 0, "Tæt på gennemsnittet"),
        (32, 3, "Meget høj"),
    ]
    assert [len(s.points) for s in data.chart.series] == [2, 1] and data.chart.series[0].key == "parent"
    assert next(r.response.measured_on for r in data.history) == today() - 5 * DAY
    assert len(data.open_requests) == 1
    assert data.norm_sources == ["UK-normer (youthinmind, sdqinfo.org); firbåndsinddeling"]
    # Parent 20 → 10: (10 − 20) / 3.420006 = −2.92; the teacher's is the first: nothing to compare with.
    parent_change, teacher_change = data.changes
    assert parent_change is not None and teacher_change is None
    assert (parent_change.since, parent_change.change.before, parent_change.change.after) == (
        today() - 200 * DAY, 20, 10,
    )  # fmt: skip
    assert (parent_change.change.index, parent_change.label) == (-2.92, "Reliable improvement")
    assert data.change_sources and data.change_sources[0].startswith("Goodman R. Psychometric properties")


def test_the_family_experience_is_listed_apart_from_the_sdq(cast):
    _submit(cast, "family-experience-parent", "parent", all_answers(3, 6), today() - 3 * DAY, cast.pedagogue)
    data = child_questionnaires(cast.child)
    assert [(row.response.instrument.code, row.value) for row in data.experience] == [
        ("family-experience-parent", 75),
    ]
    assert data.history == [] and data.respondents == []
