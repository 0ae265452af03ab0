from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.services import concern_close, concern_create, concern_step_record
from trivsel.concerns.tests.factories import make_concern
from trivsel.lib.time import today


def _create(cast, actor=None, **overrides):
    values: dict[str, Any] = {
        "observed_on": today() - datetime.timedelta(days=3),
        "description": "  Trækker sig fra legen  ",
        "areas": ["laering", "trivsel"],
        "level_code": "middel",
    }
    values.update(overrides)
    return concern_create(actor=actor or cast.pedagogue, child=cast.child, **values)


def test_a_pedagogue_records_a_concern_and_it_is_logged_without_its_text(cast, levels):
    concern = _create(cast)
    assert (concern.child, concern.reported_by, concern.level, concern.status) == (
        cast.child,
        cast.pedagogue,
        levels["middel"],
        "open",
    )
    assert concern.description == "Trækker sig fra legen"
    assert concern.areas == ["trivsel", "laering"]  # in the order of the list of areas
    log = AccessLog.objects.get(action="create")
    assert (log.child_id, log.object_type, log.object_id, log.role, log.purpose) == (
        cast.child.pk,
        "concerns.concern",
        concern.pk,
        "frontline",
        "concern",
    )
    changes = dict(FieldChange.objects.filter(log=log).values_list("field", "new_value"))
    assert changes == {
        "observed_on": (today() - datetime.timedelta(days=3)).isoformat(),
        "level": "middel",
        "areas": "trivsel, laering",
        "description": "(text)",
    }


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "parent"])
def test_nobody_without_a_professional_relation_records_a_concern(cast, levels, who):
    with pytest.raises(PermissionDenied):
        _create(cast, actor=getattr(cast, who))
    assert Concern.objects.count() == 0


def test_bad_input_is_refused_field_by_field(cast, levels):
    with pytest.raises(ValidationError) as caught:
        _create(cast, observed_on=today() + datetime.timedelta(days=1), areas=[], level_code="enorm", description=" ")
    assert caught.value.message_dict == {
        "observed_on": ["The date of the observation cannot be in the future."],
        "description": ["Describe what you observed."],
        "areas": ["Choose at least one area."],
        "level": ["Choose a level of concern."],
    }
    assert Concern.objects.count() == 0


def test_an_unknown_area_is_refused(cast, levels):
    with pytest.raises(ValidationError) as caught:
        _create(cast, areas=["trivsel", "økonomi"])
    assert caught.value.message_dict == {"areas": ["Choose areas from the list."]}


def test_a_guide_step_is_recorded_with_a_copy_of_its_title(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["stor"], observed_on=today() - datetime.timedelta(days=2))
    step = concern_step_record(
        actor=cast.leader, concern=concern, step_code="underret", done_on=today(), note="Sendt til Børn og Familie"
    )
    assert (step.step_code, step.step_title, step.done_on, step.done_by, step.note) == (
        "underret",
        "Underret kommunen",
        today(),
        cast.leader,
        "Sendt til Børn og Familie",
    )
    log = AccessLog.objects.get(action="create")
    assert (log.object_type, log.role) == ("concerns.concernstep", "leader")
    assert sorted(FieldChange.objects.filter(log=log).values_list("field", "new_value")) == [
        ("done_on", today().isoformat()),
        ("note", "(text)"),
        ("step_code", "underret"),
    ]


def test_a_step_from_another_level_is_refused(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    with pytest.raises(ValidationError) as caught:
        concern_step_record(actor=cast.pedagogue, concern=concern, step_code="underret", done_on=today())
    assert caught.value.message_dict == {"step_code": ["This step is not in the action guide for this level."]}


def test_a_step_is_marked_done_once(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    concern_step_record(actor=cast.pedagogue, concern=concern, step_code="observer-og-noter", done_on=today())
    with pytest.raises(ValidationError) as caught:
        concern_step_record(actor=cast.leader, concern=concern, step_code="observer-og-noter", done_on=today())
    assert caught.value.message_dict == {"step_code": ["This step has already been marked as done."]}


def test_a_step_date_must_lie_between_the_observation_and_today(cast, levels):
    concern = make_concern(
        cast.child, cast.pedagogue, levels["lille"], observed_on=today() - datetime.timedelta(days=5)
    )
    for day, message in [
        (today() + datetime.timedelta(days=1), "The date cannot be in the future."),
        (today() - datetime.timedelta(days=6), "The step cannot be done before the concern was observed."),
    ]:
        with pytest.raises(ValidationError) as caught:
            concern_step_record(actor=cast.pedagogue, concern=concern, step_code="observer-og-noter", done_on=day)
        assert caught.value.message_dict == {"done_on": [message]}
    assert ConcernStep.objects.count() == 0


def test_an_outsider_cannot_mark_a_step(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    with pytest.raises(PermissionDenied):
        concern_step_record(actor=cast.other_pedagogue, concern=concern, step_code="observer-og-noter", done_on=today())


def test_closing_a_concern_stops_further_steps(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    concern_close(actor=cast.leader, concern=concern)
    concern.refresh_from_db()
    assert concern.status == "closed"
    assert concern.closed_at is not None
    log = AccessLog.objects.get(action="change")
    assert dict(FieldChange.objects.filter(log=log, field="status").values_list("old_value", "new_value")) == {
        "open": "closed"
    }
    with pytest.raises(ValidationError) as caught:
        concern_step_record(actor=cast.pedagogue, concern=concern, step_code="observer-og-noter", done_on=today())
    assert caught.value.message_dict == {"step_code": ["The concern is closed."]}
    with pytest.raises(ValidationError) as closed:
        concern_close(actor=cast.pedagogue, concern=concern)
    assert closed.value.messages == ["The concern is already closed."]


def test_an_outsider_cannot_close_a_concern(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    with pytest.raises(PermissionDenied):
        concern_close(actor=cast.outsider, concern=concern)
