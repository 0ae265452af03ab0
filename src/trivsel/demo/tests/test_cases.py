from __future__ import annotations

import pytest

from trivsel.accounts.models import User
from trivsel.concerns.models import Concern
from trivsel.notifications.models import Notification
from trivsel.notifications.selectors import notification_inbox
from trivsel.screening.models import Screening

from .test_seed_demo import seed


@pytest.fixture
def demo(db):
    return seed()


def test_concerns_grow_out_of_yellow_and_red_ratings_and_are_their_next_step(demo):
    concerns = list(Concern.objects.select_related("level"))
    assert concerns
    assert {c.level.code for c in concerns} <= {"middel", "stor"}
    for screening in Screening.objects.filter(next_step="concern").select_related("next_step_concern"):
        assert screening.next_step_concern is not None and screening.next_step_concern.child_id == screening.child_id
    assert Screening.objects.filter(next_step="concern").count() == len(concerns)


def test_notifications_come_from_serious_concerns_and_reach_the_demo_case_worker(demo):
    notifications = list(Notification.objects.select_related("concern__level"))
    assert notifications
    for notification in notifications:
        assert notification.concern is not None and notification.concern.level.code == "stor"
        assert notification.concern.steps.filter(step_code="underret").exists()
    rows = notification_inbox(user=User.objects.get(username="sagsbehandler"))
    assert len(rows) == len(notifications)
