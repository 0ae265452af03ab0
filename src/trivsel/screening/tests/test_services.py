from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.concerns.models import Concern
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.lib.time import today
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.screening.services import (
    next_step_record,
    rating_save,
    round_close,
    round_open,
    screening_agree,
)
from trivsel.screening.testing import make_round, make_screening
from trivsel.testing import factories as f


def _open(cast, **overrides):
    values: dict[str, Any] = {
        "name": " Efterår 2026 ",
        "deadline": today() + datetime.timedelta(days=14),
        "per_dimension": False,
    }
    values.update(overrides)
    return round_open(actor=cast.leader, unit=cast.unit, **values)


def test_a_leader_opens_a_round_with_the_active_scale(cast, scale):
    earlier = make_round(
        cast.unit,
        cast.leader,
        opened_on=today() - datetime.timedelta(days=200),
        deadline=today() - datetime.timedelta(days=150),
        closed_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    screening_round = _open(cast)
    assert (screening_round.name, screening_round.scale, screening_round.previous, screening_round.opened_on) == (
        "Efterår 2026",
        scale,
        earlier,
        today(),
    )
    log = AccessLog.objects.get(action="create")
    assert (log.object_type, log.child_id, log.purpose) == ("screening.screeninground", None, "screening")


@pytest.mark.parametrize("who", ["pedagogue", "other_pedagogue", "case_worker", "outsider", "administrator", "parent"])
def test_only_the_units_leader_opens_a_round(cast, scale, who):
    with pytest.raises(PermissionDenied):
        round_open(actor=getattr(cast, who), unit=cast.unit, name="Forår", deadline=today(), per_dimension=False)


def test_a_round_needs_a_name_a_future_deadline_and_no_other_open_round(cast, scale):
    with pytest.raises(ValidationError) as error:
        _open(cast, name=" ", deadline=today() - datetime.timedelta(days=1))
    assert error.value.message_dict == {
        "name": ["Give the round a name, e.g. “Efterår 2026”."],
        "deadline": ["The deadline cannot be in the past."],
    }
    _open(cast)
    with pytest.raises(ValidationError) as error:
        _open(cast, name="Ekstra")
    assert error.value.message_dict == {
        "name": ["The unit already has an open round. Close it before opening a new one."]
    }
    assert ScreeningRound.objects.count() == 1


@pytest.fixture
def open_round(cast, scale):
    return make_round(cast.unit, cast.leader, per_dimension=True)


def test_a_pedagogue_rates_a_child_of_the_group_and_changes_the_rating(cast, open_round):
    rating = rating_save(
        actor=cast.pedagogue,
        screening_round=open_round,
        child=cast.child,
        position_code="gul",
        comment=" Trist om morgenen ",
    )
    assert (rating.position.code, rating.comment, rating.dimensions) == ("gul", "Trist om morgenen", {})
    rating_save(
        actor=cast.pedagogue,
        screening_round=open_round,
        child=cast.child,
        position_code="roed",
        comment="Trist om morgenen",
        dimensions={"selvvaerd": "roed", "faellesskaber": ""},
    )
    rating.refresh_from_db()
    assert (rating.position.code, rating.dimensions) == ("roed", {"selvvaerd": "roed"})
    logs = list(AccessLog.objects.filter(object_type="screening.rating").order_by("id"))
    assert [(log.action, log.role, log.unit_id, log.child_id) for log in logs] == [
        ("create", "frontline", cast.unit.pk, cast.child.pk),
        ("change", "frontline", cast.unit.pk, cast.child.pk),
    ]
    second = dict(FieldChange.objects.filter(log=logs[1]).values_list("field", "new_value"))
    assert second == {"position": "roed", "dimensions": "{'selvvaerd': 'roed'}"}
    first = dict(FieldChange.objects.filter(log=logs[0]).values_list("field", "new_value"))
    assert first["comment"] == "(text)"  # the comment's words stay out of the log


def test_saving_the_same_rating_again_writes_nothing(cast, open_round):
    rating_save(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="gul")
    rating_save(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="gul")
    assert AccessLog.objects.filter(object_type="screening.rating").count() == 1


def test_the_leader_rates_too_each_rater_has_their_own_rating(cast, open_round):
    rating_save(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="gul")
    rating_save(actor=cast.leader, screening_round=open_round, child=cast.child, position_code="groen")
    assert sorted(Rating.objects.values_list("rater__username", "position__code")) == [
        ("lene", "groen"),
        ("pia", "gul"),
    ]
    assert AccessLog.objects.filter(object_type="screening.rating", role="leader").count() == 1


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "parent"])
def test_nobody_else_rates_the_child(cast, open_round, who):
    with pytest.raises(PermissionDenied):
        rating_save(actor=getattr(cast, who), screening_round=open_round, child=cast.child, position_code="gul")


def test_a_grant_gives_sight_of_the_child_not_a_vote(cast, open_round):
    f.GrantFactory(child=cast.child, user=cast.case_worker)
    with pytest.raises(PermissionDenied):
        rating_save(actor=cast.case_worker, screening_round=open_round, child=cast.child, position_code="gul")


def test_a_child_of_another_unit_cannot_be_rated_in_this_round(cast, open_round):
    stranger = f.EnrolmentFactory().child
    with pytest.raises(PermissionDenied):
        rating_save(actor=cast.leader, screening_round=open_round, child=stranger, position_code="gul")


def test_a_position_and_dimensions_must_be_on_the_rounds_scale(cast, open_round):
    with pytest.raises(ValidationError) as error:
        rating_save(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="blaa")
    assert error.value.message_dict == {"position": ["Choose a position on the scale."]}
    with pytest.raises(ValidationError) as error:
        rating_save(
            actor=cast.pedagogue,
            screening_round=open_round,
            child=cast.child,
            position_code="gul",
            dimensions={"humor": "gul"},
        )
    assert error.value.message_dict == {"dimensions": ["Choose a position on the scale for each dimension."]}


def test_dimensions_are_ignored_when_the_round_does_not_rate_them(cast, scale):
    screening_round = make_round(cast.unit, cast.leader, per_dimension=False)
    rating = rating_save(
        actor=cast.pedagogue,
        screening_round=screening_round,
        child=cast.child,
        position_code="gul",
        dimensions={"humor": "x"},
    )
    assert rating.dimensions == {}


def test_a_closed_round_refuses_ratings(cast, open_round):
    open_round.closed_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    open_round.save()
    with pytest.raises(ValidationError, match="The round is closed"):
        rating_save(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="gul")
    with pytest.raises(ValidationError, match="The round is closed"):
        screening_agree(actor=cast.pedagogue, screening_round=open_round, child=cast.child, position_code="gul")


def test_the_joint_rating_records_the_group_and_who_agreed(cast, open_round):
    screening = screening_agree(
        actor=cast.pedagogue,
        screening_round=open_round,
        child=cast.child,
        position_code="roed",
        note="Enige efter dialog",
    )
    assert (screening.group, screening.agreed_by, screening.position.code, screening.note) == (
        cast.group,
        cast.pedagogue,
        "roed",
        "Enige efter dialog",
    )
    screening_agree(
        actor=cast.leader, screening_round=open_round, child=cast.child, position_code="gul", note="Enige efter dialog"
    )
    screening.refresh_from_db()
    assert (screening.position.code, screening.agreed_by) == ("gul", cast.leader)
    changes = list(
        FieldChange.objects.filter(object_type="screening.screening")
        .order_by("id")
        .values_list("field", "old_value", "new_value")
    )
    assert changes == [
        ("position", "", "roed"),
        ("dimensions", "", "{}"),
        ("note", "", "(text)"),
        ("position", "roed", "gul"),
    ]


def test_a_next_step_needs_its_details(cast, open_round):
    default_levels_and_guide()
    screening = make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    with pytest.raises(ValidationError) as error:
        next_step_record(actor=cast.pedagogue, screening=screening, kind="local_plan", note=" ")
    assert error.value.message_dict == {"note": ["Describe the next step: what will be done, and who does it."]}
    other_childs = Concern.objects.create(
        child=f.ChildFactory(),
        reported_by=cast.pedagogue,
        level_id=1,
        observed_on=today(),
        description="x",
        areas=["trivsel"],
    )
    with pytest.raises(ValidationError) as error:
        next_step_record(actor=cast.pedagogue, screening=screening, kind="concern", concern_id=other_childs.pk)
    assert error.value.message_dict == {"concern": ["Choose the concern recorded for the child, or record one first."]}
    with pytest.raises(ValidationError) as error:
        next_step_record(actor=cast.pedagogue, screening=screening, kind="party")
    assert error.value.message_dict == {"kind": ["Choose the next step."]}


def test_a_concern_as_next_step(cast, open_round):
    levels = default_levels_and_guide()
    screening = make_screening(open_round, cast.child, cast.group, cast.pedagogue, "roed")
    concern = Concern.objects.create(
        child=cast.child,
        reported_by=cast.pedagogue,
        level=levels["middel"],
        observed_on=today(),
        description="x",
        areas=["trivsel"],
    )
    next_step_record(actor=cast.pedagogue, screening=screening, kind="concern", concern_id=concern.pk)
    screening.refresh_from_db()
    assert (screening.next_step, screening.next_step_concern, screening.next_step_by, screening.next_step_on) == (
        "concern",
        concern,
        cast.pedagogue,
        today(),
    )


def test_closing_is_refused_while_yellow_or_red_children_lack_a_next_step(cast, open_round):
    second = f.EnrolmentFactory(group=cast.group, child__first_name="Oscar", child__last_name="Berg").child
    third = f.EnrolmentFactory(group=cast.other_group, child__first_name="Ida", child__last_name="Holm").child
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    make_screening(open_round, second, cast.group, cast.pedagogue, "roed")
    make_screening(open_round, third, cast.other_group, cast.other_pedagogue, "groen")
    with pytest.raises(ValidationError) as error:
        round_close(actor=cast.leader, screening_round=open_round)
    assert error.value.messages == [
        "2 children rated in a position that needs a next step have none: Oscar Berg, Emma Nielsen. "
        "Record a next step for each before closing the round."
    ]
    for screening in Screening.objects.filter(position__needs_next_step=True):
        next_step_record(actor=cast.leader, screening=screening, kind="forum", note="Ressourceteam 12. december")
    closed = round_close(actor=cast.leader, screening_round=open_round)
    assert closed.closed_at is not None and closed.closed_by == cast.leader
    with pytest.raises(ValidationError, match="already closed"):
        round_close(actor=cast.leader, screening_round=open_round)


def test_only_the_leader_closes(cast, open_round):
    with pytest.raises(PermissionDenied):
        round_close(actor=cast.pedagogue, screening_round=open_round)
