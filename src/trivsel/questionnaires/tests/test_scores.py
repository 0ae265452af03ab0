from __future__ import annotations

import datetime
import io

from django.core.management import call_command

from trivsel.lib.time import today
from trivsel.questionnaires.models import Instrument, Response, Score
from trivsel.questionnaires.scores import responses_score
from trivsel.questionnaires.services import response_save
from trivsel.questionnaires.testing import all_answers, instrument

DAY = datetime.timedelta(days=1)


def _paper(cast, value, days_ago, code="sdq-parent-4-17"):
    return response_save(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(code), respondent="parent", source="paper",
        answers=all_answers(value, instrument(code).definition["items"]), gate=0,
        measured_on=today() - days_ago * DAY, submit=True,
    )  # fmt: skip


def _change(response):
    response.refresh_from_db()
    return response.baseline_id, response.change_index, response.added_value


def test_a_follow_up_six_months_later_gets_its_reliable_change_and_added_value(cast):
    first = _paper(cast, 2, 240)  # total 30, emotional 10, impact 0
    second = _paper(cast, 1, 60)  # total 20, 180 days later
    # RCI (20 − 30) / 3.420006 = −2.92; added value 2.3 + 0.8·30 + 0.2·0 − 0.3·10 − 20 = 3.3
    assert _change(first) == (None, None, None)
    assert _change(second) == (first.pk, -2.92, 3.3)


def test_a_form_entered_late_for_an_earlier_date_becomes_the_next_ones_baseline(cast):
    first = _paper(cast, 2, 240)
    last = _paper(cast, 1, 60)
    middle = _paper(cast, 0, 150)  # total 10; three months from each: no added value
    assert _change(middle) == (first.pk, -5.85, None)
    assert _change(last) == (middle.pk, 2.92, None)


def test_the_series_is_per_kind_of_respondent_and_instrument(cast):
    parent = _paper(cast, 2, 240)
    experience = _paper(cast, 4, 100, code="family-experience-parent")
    follow_up = _paper(cast, 1, 60)
    assert _change(experience) == (None, None, None)
    assert _change(follow_up)[0] == parent.pk
    assert Score.objects.get(response=experience).value == 100


def test_bulk_scoring_gives_the_same_scores_as_one_at_a_time(cast):
    one = _paper(cast, 1, 60)
    expected = set(Score.objects.filter(response=one).values_list("scale", "value", "band"))
    Score.objects.all().delete()
    responses_score(list(Response.objects.select_related("instrument")))
    assert set(Score.objects.filter(response=one).values_list("scale", "value", "band")) == expected


def test_rescoring_follows_the_norms_now_loaded(cast):
    response = _paper(cast, 1, 60)  # total 20: "very high" (20–40) on the UK parent norms
    assert Score.objects.get(response=response, scale="total").band == 3
    parent = Instrument.objects.get(code="sdq-parent-4-17")
    parent.definition["norms"]["bands"]["total"] = [[0, 20], [21, 25], [26, 30], [31, 40]]
    parent.save()
    call_command("rescore_questionnaires", stdout=io.StringIO())
    assert Score.objects.get(response=response, scale="total").band == 0
