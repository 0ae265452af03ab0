"""The case file: every kind of record, oldest first, in a fixed number of queries, and its template."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.consent.models import Consent
from trivsel.meetings.models import Agreement, Sharing
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.notifications.models import Grounds, Notification
from trivsel.plans.models import Evaluation, Goal, Milestone, ProgressEntry
from trivsel.plans.testing import make_goal, make_intervention
from trivsel.questionnaires.models import ItemText, Respondent, Response, Source
from trivsel.questionnaires.scores import responses_score
from trivsel.questionnaires.testing import PARENT, all_answers, instrument
from trivsel.reviews.casefile import KIND_LABELS, case_file
from trivsel.reviews.testing import child_with_history
from trivsel.screening.models import Screening
from trivsel.screening.testing import make_round, position
from trivsel.testing import factories as f

SECRET = "Licenseret spørgsmålstekst"  # stands for a municipality's loaded SDQ wording


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def history(cast):
    """One record of every kind for Emma in 2025, each on its own day (the goal on the intervention's)."""
    levels = default_levels_and_guide()
    concern = Concern.objects.create(
        child=cast.child, reported_by=cast.pedagogue, observed_on=datetime.date(2025, 1, 10),
        description="Trækker sig fra legen", areas=["trivsel"], level=levels["middel"], status="closed",
        closed_at=_at(2025, 3, 1),
    )  # fmt: skip
    ConcernStep.objects.create(
        concern=concern, step_code="tal-med-foraeldrene", step_title="Tal med forældrene",
        done_on=datetime.date(2025, 1, 13), done_by=cast.pedagogue, note="Mor er enig",
    )  # fmt: skip
    Notification.objects.create(
        child=cast.child, filed_by=cast.pedagogue, filed_at=_at(2025, 1, 20), concern=concern,
        grounds=Grounds.SPECIAL_SUPPORT, description="Brug for støtte", received_at=_at(2025, 1, 20),
        assigned_to=cast.case_worker, assessed_at=_at(2025, 1, 21), acute_measures=False,
        acknowledged_at=_at(2025, 1, 23), investigation_started_on=datetime.date(2025, 2, 1),
    )  # fmt: skip
    spring = make_round(cast.unit, cast.leader, name="Forår 2025", opened_on=datetime.date(2025, 2, 3),
                        deadline=datetime.date(2025, 2, 28), closed_at=_at(2025, 3, 1))  # fmt: skip
    Screening.objects.create(
        round=spring, child=cast.child, group=cast.group, position=position(spring.scale, "gul"),
        agreed_by=cast.leader, agreed_at=_at(2025, 2, 10, 12), next_step="local_plan",
        next_step_note="Lokal handleplan", next_step_by=cast.leader, next_step_on=datetime.date(2025, 2, 10),
    )  # fmt: skip
    consent = f.ConsentRecipientFactory(
        consent__child=cast.child, consent__guardian=cast.mother, consent__recorded_by=cast.pedagogue,
        consent__valid_from=datetime.date(2025, 2, 15), consent__valid_until=datetime.date(2026, 2, 14),
        consent__information="Observationer", unit=cast.unit,
    ).consent  # fmt: skip
    Consent.objects.filter(pk=consent.pk).update(
        given_at=_at(2025, 2, 15, 9), withdrawn_at=_at(2025, 6, 1), withdrawn_by=cast.pedagogue
    )
    meeting = make_meeting(cast.unit, cast.leader, starts_at=_at(2025, 3, 3, 8), ends_at=_at(2025, 3, 3, 10))
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.CONSENT, discussion="Tryghed",
                     parent_contact=cast.pedagogue)  # fmt: skip
    Agreement.objects.create(item=item, child=cast.child, what="Ringe til mor", owner_other="Mor",
                             due=datetime.date(2025, 3, 10), done_on=datetime.date(2025, 3, 7))  # fmt: skip
    intervention = make_intervention(
        cast.child, cast.pedagogue, item=item, start=datetime.date(2025, 3, 5),
        planned_end=datetime.date(2025, 9, 5), evaluation_due=datetime.date(2025, 6, 5),
    )  # fmt: skip
    goal = make_goal(intervention, owner="child")
    Goal.objects.filter(pk=goal.pk).update(created_at=_at(2025, 3, 5, 11))
    Milestone.objects.create(goal=goal, title="Første uge", due=datetime.date(2025, 3, 12),
                             reached_on=datetime.date(2025, 3, 14))  # fmt: skip
    ProgressEntry.objects.create(goal=goal, rater="parent", guardian=cast.mother, value=6, comment="Bedre",
                                 recorded_on=datetime.date(2025, 4, 1), recorded_by=cast.pedagogue)  # fmt: skip
    sdq = Response.objects.create(
        child=cast.child, instrument=instrument(PARENT), respondent=Respondent.PARENT, source=Source.PAPER,
        entered_by=cast.pedagogue, answers=all_answers(1), gate=0, measured_on=datetime.date(2025, 4, 15),
        submitted_at=_at(2025, 4, 16),
    )  # fmt: skip
    responses_score([sdq])
    ItemText.objects.create(instrument=instrument(PARENT), key="1", text=SECRET)
    Evaluation.objects.create(intervention=intervention, evaluated_on=datetime.date(2025, 6, 5), outcome="adjust",
                              note="Mere tid i frikvarteret", next_due=datetime.date(2025, 9, 1),
                              by=cast.pedagogue)  # fmt: skip
    return cast


def test_it_lists_every_kind_oldest_first(history):
    entries = case_file(history.child)
    assert [(e.on, e.kind, e.kind_label, e.title) for e in entries] == [
        (datetime.date(2025, 1, 10), "concern", "Concern", "Middel bekymring"),
        (datetime.date(2025, 1, 20), "notification", "Notification", "The child may need special support"),
        (datetime.date(2025, 2, 10), "screening", "Well-being screening", "Gul"),
        (datetime.date(2025, 2, 15), "consent", "Consent", "Multi-professional discussion"),
        (datetime.date(2025, 3, 3), "meeting", "Meeting", "Flerfaglig sparring"),
        (datetime.date(2025, 3, 3), "agreement", "Agreement", "Ringe til mor"),
        (datetime.date(2025, 3, 5), "intervention", "Intervention", "Mentor"),
        (datetime.date(2025, 3, 5), "goal", "Goal", "Siger farvel uden gråd"),
        (datetime.date(2025, 4, 1), "progress", "Progress rating", "Siger farvel uden gråd"),
        (datetime.date(2025, 4, 15), "questionnaire", "Questionnaire", "SDQ, forældreskema, 4–17 år"),
        (datetime.date(2025, 6, 1), "consent_withdrawn", "Consent withdrawn", "Multi-professional discussion"),
        (datetime.date(2025, 6, 5), "evaluation", "Evaluation", "Mentor"),
    ]
    assert {e.kind for e in entries} == set(KIND_LABELS)


def test_each_kind_has_its_details_and_who(history):
    pedagogue, leader, case_worker = str(history.pedagogue), str(history.leader), str(history.case_worker)
    assert [(e.kind, e.details, e.by) for e in case_file(history.child)] == [
        ("concern", [
            ("Areas", "Well-being"), ("What was observed", "Trækker sig fra legen"),
            ("Tal med forældrene", f"13-01-2025 · {pedagogue}: Mor er enig"), ("Closed", "01-03-2025"),
        ], pedagogue),
        ("notification", [
            ("Notifier is a professional", "Yes"), ("Description", "Brug for støtte"),
            ("Concern", "Middel bekymring · 10-01-2025"), ("Case worker", case_worker), ("Assessed", "21-01-2025"),
            ("Acute measures needed", "No"), ("Acknowledged", "23-01-2025"), ("Investigation started", "01-02-2025"),
        ], pedagogue),
        ("screening", [
            ("Round", "Forår 2025"), ("Unit", "Solsikken"), ("Group", "Rød stue"),
            ("Next step", "A local action plan"), ("Next step: what and who", "Lokal handleplan"),
        ], leader),
        ("consent", [
            ("Guardian", "Mette Nielsen"), ("How it was given", "Written"), ("Period", "15-02-2025 – 14-02-2026"),
            ("Recipients", "Solsikken"), ("Which information", "Observationer"),
        ], pedagogue),
        ("meeting", [
            ("Place", "Solsikken"), ("Consent", "Consent from the holder of parental authority"),
            ("The problem to discuss", "Trækker sig fra legen"), ("Multi-professional discussion", "Tryghed"),
            ("Keeps contact with the parents", pedagogue),
        ], leader),
        ("agreement", [
            ("By when", "10-03-2025"), ("Status", "Done 07-03-2025"), ("Meeting", "Flerfaglig sparring 03-03-2025"),
        ], "Mor"),
        ("intervention", [
            ("Level", "Preventive"), ("Period", "05-03-2025 – 05-09-2025"), ("Evaluation", "05-06-2025"),
            ("Decided at", "Flerfaglig sparring 03-03-2025"),
        ], pedagogue),
        ("goal", [
            ("Intervention", "Mentor"), ("Area", "Well-being"), ("Whose goal", "The child"),
            ("Target", "8 (0–10)"), ("Første uge", "reached 14-03-2025"),
        ], ""),
        ("progress", [
            ("Rated by", "Parent (Mette Nielsen)"), ("Rating", "6 (0–10)"), ("Target", "8"), ("Comment", "Bedre"),
        ], pedagogue),
        ("questionnaire", [
            ("Respondent", "Parent"), ("How it was answered", "Paper form entered by a professional"),
            ("Samlede vanskeligheder", "20 (Meget høj)"), ("Følelsesmæssige symptomer", "5 (Høj)"),
            ("Adfærdsproblemer", "5 (Høj)"), ("Hyperaktivitet/opmærksomhed", "5 (Tæt på gennemsnittet)"),
            ("Problemer med jævnaldrende", "5 (Meget høj)"), ("Prosocial adfærd", "5 (Meget lav)"),
            ("Udadreagerende", "10"), ("Indadreagerende", "10"), ("Påvirkning", "0 (Tæt på gennemsnittet)"),
        ], pedagogue),
        ("consent_withdrawn", [("Guardian", "Mette Nielsen"), ("Period", "15-02-2025 – 14-02-2026")], pedagogue),
        ("evaluation", [
            ("Outcome", "Adjust"), ("What the evaluation found", "Mere tid i frikvarteret"),
            ("Next evaluation", "01-09-2025"),
        ], pedagogue),
    ]  # fmt: skip


def test_until_shows_the_case_as_it_stood_that_day(history):
    entries = case_file(history.child, until=datetime.date(2025, 2, 20))
    assert [e.kind for e in entries] == ["concern", "notification", "screening", "consent"]
    concern = entries[0]
    assert ("Closed", "01-03-2025") not in concern.details  # closed after the day
    assert ("Tal med forældrene", f"13-01-2025 · {history.pedagogue}: Mor er enig") in concern.details


def test_the_labels_follow_the_language(history):
    with translation.override("da"):
        entry = case_file(history.child)[0]
    assert entry.kind_label == "Bekymring"


def test_the_query_count_does_not_grow_with_the_history(db):
    short, long = child_with_history(1, seed=3), child_with_history(10, seed=4)
    with CaptureQueriesContext(connection) as one_year:
        entries = case_file(short)
    with CaptureQueriesContext(connection) as ten_years:
        long_entries = case_file(long)
    assert {e.kind for e in entries} == set(KIND_LABELS)  # every kind, so every prefetch runs
    assert len(long_entries) > 9 * len(entries)
    assert len(one_year.captured_queries) == len(ten_years.captured_queries) == 16
    assert [e.on for e in long_entries] == sorted(e.on for e in long_entries)


def test_the_template_shows_the_entries_by_year(history):
    entries = case_file(history.child)
    html = render_to_string("reviews/includes/case_file.html", {"entries": entries})
    assert html.count("<h3 ") == 1 and '<h3 id="case-file-2025">2025</h3>' in html
    assert html.count("<li>") == len(entries) == 12
    assert '<time datetime="2025-01-10">10-01-2025</time> · Concern:</span> Middel bekymring</h4>' in html
    assert "<dt>Samlede vanskeligheder</dt><dd>20 (Meget høj)</dd>" in html
    assert "<dt>Who</dt><dd>Mor</dd>" in html
    assert SECRET not in html  # the licensed item texts are never shown, only the scores
    assert "style=" not in html and "<script" not in html


def test_the_template_groups_a_long_history_by_year(db):
    html = render_to_string("reviews/includes/case_file.html", {"entries": case_file(child_with_history(3))})
    assert html.count("<h3 ") in (3, 4)  # three years back from today span three or four calendar years
    assert html.count("<section ") == html.count("<h3 ")


def test_a_child_without_history_has_an_empty_case_file(db):
    child = f.ChildFactory()
    assert case_file(child) == []
    html = render_to_string("reviews/includes/case_file.html", {"entries": []})
    assert "The case file has no entries." in html and "<ol" not in html
