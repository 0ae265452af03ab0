from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.consent.models import RecipientKind
from trivsel.lib.time import today
from trivsel.meetings.access import may_open_item
from trivsel.meetings.models import AgendaItem, Forum, ForumKind, Meeting, Sharing
from trivsel.meetings.services import (
    agreement_add,
    agreement_done,
    forum_validate,
    item_move,
    item_request,
    meeting_call,
    meetings_generate,
    minutes_save,
)
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.organisation.models import Role
from trivsel.testing import factories as f


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.unit, cast.leader)


def _request(cast, meeting, **kw):
    return item_request(actor=cast.pedagogue, meeting=meeting, child=cast.child, problem=" Trækker sig ", **kw)


def test_with_consent_the_item_is_named_and_logged_without_its_text(cast, meeting):
    consent = f.ConsentFactory(
        child=cast.child, guardian=cast.mother, valid_from=today(), valid_until=today() + datetime.timedelta(days=90)
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    item = _request(cast, meeting)
    assert (item.sharing, item.consent, item.first_name, item.problem, item.order) == (
        Sharing.CONSENT,
        consent,
        "Emma",
        "Trækker sig",
        1,
    )
    assert meeting.participants.filter(pk=cast.pedagogue.pk).exists()
    log = AccessLog.objects.get(action="create")
    assert (log.child_id, log.object_type, log.role) == (cast.child.pk, "meetings.agendaitem", "frontline")
    assert dict(FieldChange.objects.filter(log=log).values_list("field", "new_value"))["problem"] == "(text)"


def test_without_consent_the_item_is_anonymous(cast, meeting):
    assert _request(cast, meeting).sharing == Sharing.ANONYMOUS


def test_the_one_meeting_rule_can_be_used_once_for_a_child(cast, meeting):
    assert _request(cast, meeting, without_consent=True).sharing == Sharing.ONE_MEETING
    later = make_meeting(cast.unit, cast.leader, days_ahead=30)
    with pytest.raises(ValidationError) as error:
        _request(cast, later, without_consent=True)
    (message,) = error.value.message_dict["without_consent"]
    day = timezone.localtime(meeting.starts_at)
    assert message.startswith(
        f"The child was already discussed by name without consent at Flerfaglig sparring on {day:%d-%m-%Y}"
    )
    assert _request(cast, later).sharing == Sharing.ANONYMOUS


def test_a_child_once_per_meeting_and_only_by_someone_who_works_with_it(cast, meeting):
    _request(cast, meeting)
    with pytest.raises(ValidationError, match="already on this meeting"):
        _request(cast, meeting)
    for who in ("other_pedagogue", "outsider", "case_worker", "parent"):
        with pytest.raises(PermissionDenied):
            item_request(actor=getattr(cast, who), meeting=meeting, child=cast.child, problem="x")


def test_a_held_meeting_takes_no_more_children(cast):
    held = make_meeting(cast.unit, cast.leader, days_ahead=-3)
    with pytest.raises(ValidationError, match="held or cancelled"):
        _request(cast, held)


def test_the_chair_orders_the_agenda(cast, meeting):
    items = [make_item(meeting, f.EnrolmentFactory(group=cast.group).child, cast.pedagogue, order=i) for i in (1, 2, 3)]
    item_move(actor=cast.leader, item=items[2], up=True)
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True)) == [
        items[0].pk,
        items[2].pk,
        items[1].pk,
    ]
    with pytest.raises(PermissionDenied):
        item_move(actor=cast.pedagogue, item=items[0], up=False)


def test_the_chair_autosaves_minutes_and_a_stale_version_is_refused(cast, meeting):
    item = make_item(meeting, cast.child, cast.pedagogue)
    saved = minutes_save(
        actor=cast.leader,
        item=item,
        values={"discussion": "Fælles forståelse", "knowledge_parents": "Mor er bekymret"},
        version=0,
    )
    assert (saved.minutes_version, saved.discussion, saved.minutes_saved_by) == (1, "Fælles forståelse", cast.leader)
    with pytest.raises(ValidationError) as error:
        minutes_save(actor=cast.leader, item=item, values={"discussion": "Gammel tekst"}, version=0)
    assert error.value.code == "conflict"
    log = AccessLog.objects.filter(action="change").get()
    assert sorted(log.changed_fields) == ["discussion", "knowledge_parents"]
    assert not FieldChange.objects.filter(new_value__contains="bekymret").exists()
    with pytest.raises(PermissionDenied):
        minutes_save(actor=cast.pedagogue, item=item, values={"discussion": "x"}, version=1)


def test_agreements_name_one_owner_and_a_date_from_the_meeting_on(cast, meeting):
    item = make_item(meeting, cast.child, cast.pedagogue)
    meeting_day = timezone.localdate(meeting.starts_at)
    with pytest.raises(ValidationError) as error:
        agreement_add(
            actor=cast.leader,
            item=item,
            what=" ",
            owner=cast.pedagogue,
            owner_other="Mor",
            due=meeting_day - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"what", "owner", "due"}
    mine = agreement_add(
        actor=cast.leader,
        item=item,
        what="Ring til mor",
        owner=cast.pedagogue,
        owner_other="",
        due=meeting_day + datetime.timedelta(days=7),
    )
    mothers = agreement_add(
        actor=cast.leader,
        item=item,
        what="Følge op på lægebesøg",
        owner=None,
        owner_other="Mor",
        due=meeting_day + datetime.timedelta(days=14),
    )
    assert (mine.child, mothers.owner_other) == (cast.child, "Mor")
    assert agreement_done(actor=cast.pedagogue, agreement=mine).done_on == today()
    with pytest.raises(PermissionDenied):
        agreement_done(actor=cast.other_pedagogue, agreement=mothers)


def test_fora_generate_their_meetings_once_with_the_standing_participants(cast):
    adviser = f.MembershipFactory(role=Role.DISTRICT_ADVISER, group=None, unit=None, district=cast.unit.district).user
    forum = Forum.objects.create(
        name="Flerfaglig sparring", kind=ForumKind.MULTIPROFESSIONAL, unit=cast.unit, chair_role=Role.LEADER,
        cadence="FREQ=WEEKLY;INTERVAL=5;BYDAY=MO", first_day=today() - datetime.timedelta(days=today().weekday()),
        start_time=datetime.time(13), duration_minutes=90, parts=["Sager", "Supervision af teams"],
    )  # fmt: skip
    forum.members.add(adviser, cast.pedagogue)
    created = meetings_generate(forum=forum, until=today() + datetime.timedelta(days=180))
    assert len(created) >= 5
    first = created[0]
    assert (first.chair, first.parts, first.ends_at - first.starts_at) == (
        cast.leader,
        ["Sager", "Supervision af teams"],
        datetime.timedelta(minutes=90),
    )
    assert set(first.participants.all()) == {adviser, cast.pedagogue}
    assert meetings_generate(forum=forum, until=today() + datetime.timedelta(days=180)) == []
    assert Meeting.objects.filter(forum=forum).count() == len(created)


def test_a_forum_needs_a_place_and_a_first_day_for_its_cadence(cast):
    with pytest.raises(ValidationError) as error:
        forum_validate(
            Forum(name="x", kind=ForumKind.RESOURCE_TEAM, chair_role=Role.LEADER, cadence="FREQ=WEEKLY;INTERVAL=2")
        )
    assert set(error.value.message_dict) == {"unit", "first_day"}


def test_leaders_call_dialogue_meetings_and_case_workers_network_meetings(cast):
    start = timezone.now() + datetime.timedelta(days=2)
    dialogue = meeting_call(
        actor=cast.leader,
        kind=ForumKind.DIALOGUE,
        unit_id=cast.unit.pk,
        title="Dialogmøde om Emma",
        starts_at=start,
        duration_minutes=60,
    )
    assert (dialogue.chair, dialogue.called_by) == (cast.leader, cast.leader)
    network = meeting_call(
        actor=cast.case_worker,
        kind=ForumKind.NETWORK,
        unit_id=None,
        title="Netværksmøde",
        starts_at=start,
        duration_minutes=90,
    )
    assert network.chair == cast.case_worker
    with pytest.raises(PermissionDenied):
        meeting_call(
            actor=cast.pedagogue,
            kind=ForumKind.DIALOGUE,
            unit_id=cast.unit.pk,
            title="x",
            starts_at=start,
            duration_minutes=60,
        )
    with pytest.raises(ValidationError) as error:
        meeting_call(
            actor=cast.leader,
            kind=ForumKind.DIALOGUE,
            unit_id=cast.unit.pk,
            title=" ",
            starts_at=start - datetime.timedelta(days=5),
            duration_minutes=5,
        )
    assert set(error.value.message_dict) == {"title", "starts_at", "duration_minutes"}


def test_participants_open_items_for_a_limited_time_after_the_meeting(cast, settings):
    settings.MEETING_ITEM_ACCESS_DAYS = 30
    held = make_meeting(cast.unit, cast.leader, days_ahead=-10)
    held.participants.add(cast.outsider)
    item = make_item(held, cast.child, cast.pedagogue)
    assert may_open_item(cast.outsider, item)
    held.starts_at -= datetime.timedelta(days=25)
    held.ends_at -= datetime.timedelta(days=25)
    held.save()
    assert not may_open_item(cast.outsider, item)
    assert may_open_item(cast.pedagogue, item)  # a working relation does not run out with the meeting
    assert not may_open_item(cast.case_worker, item)
