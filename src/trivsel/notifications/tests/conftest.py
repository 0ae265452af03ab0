from __future__ import annotations

import pytest

from trivsel.notifications.models import Grounds, Notification
from trivsel.notifications.services import notification_file


@pytest.fixture
def filed(cast) -> Notification:
    """Pia's notification about Emma; Carl (Børn og Familie) has been given access by it."""
    return notification_file(
        actor=cast.pedagogue, child=cast.child, grounds=Grounds.SPECIAL_SUPPORT, description="Emma græder hver morgen."
    )
