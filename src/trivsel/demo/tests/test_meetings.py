from __future__ import annotations

import pytest
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.meetings.models import AgendaItem, Agreement, Forum, Meeting, Sharing
from trivsel.meetings.selectors import meetings_for
from trivsel.organisation.models import Role
from trivsel.plans.models import Intervention, ProgressEntry
from trivsel.plans.selectors import my_work

from .test_seed_demo import seed


@pytest.fixture
def demo(db):
    return seed()


def test_every_daycare_and_school_has_a_forum_chaired_by_its_district_adviser(demo):
    fora = list(Forum.objects.select_related("unit"))
    assert fora and all(f.cadence and f.members.exists() for f in fora)
    meetings = Meeting.objects.filter(forum__in=fora).select_related("chair", "unit")
    assert (
        meetings.filter(starts_at__gt=timezone.now()).exists()
        and meetings.filter(starts_at__lt=timezone.now()).exists()
    )
    for meeting in meetings[:20]:
        assert meeting.chair is not None and meeting.unit is not None
        assert meeting.chair.memberships.filter(role=Role.DISTRICT_ADVISER, district=meeting.unit.district).exists()


def test_held_meetings_have_minutes_agreements_and_interventions_with_rated_goals(demo):
    held = AgendaItem.objects.filter(meeting__ends_at__lt=timezone.now())
    assert held.exists() and not held.filter(discussion="").exists()
    assert not AgendaItem.objects.filter(meeting__starts_at__gt=timezone.now()).exclude(discussion="").exists()
    assert {i.sharing for i in AgendaItem.objects.all()} <= {Sharing.CONSENT, Sharing.ANONYMOUS}
    assert Agreement.objects.filter(item__in=held).exists()
    assert Intervention.objects.filter(item__in=held, goals__isnull=False).exists()
    assert ProgressEntry.objects.exists()


def test_the_demo_adviser_has_meetings_and_the_demo_pedagogue_has_work(demo):
    assert meetings_for(User.objects.get(username="distriktsraadgiver")).exists()
    owners = set(Agreement.objects.filter(done_on__isnull=True).values_list("owner_id", flat=True))
    assert owners and any(my_work(User.objects.get(pk=owner)) for owner in list(owners)[:5])
