from __future__ import annotations

import datetime

from trivsel.audit.models import AccessLog, Action
from trivsel.audit.selectors import child_access_log, child_access_log_for_parent

T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def _row(child_id, action, minutes, *, role="frontline", username="pia", purpose="child_page"):
    return AccessLog.objects.create(
        at=T0 + datetime.timedelta(minutes=minutes),
        username=username,
        role=role,
        child_id=child_id,
        action=action,
        purpose=purpose,
        status=200,
    )


def test_the_report_lists_every_row_of_the_child_newest_first(cast):
    first = _row(cast.child.pk, Action.READ, 0)
    denied = _row(cast.child.pk, Action.DENIED, 5, role="", username="otto")
    search = _row(cast.child.pk, Action.SEARCH, 5)
    _row(cast.child.pk + 1000, Action.READ, 10)
    assert list(child_access_log(cast.child)) == [search, denied, first]


def test_a_parent_sees_uses_by_others_but_not_searches_denials_or_own_lookups(cast):
    read = _row(cast.child.pk, Action.READ, 0)
    created = _row(cast.child.pk, Action.CREATE, 1, purpose="consent")
    revealed = _row(cast.child.pk, Action.REVEAL_CPR, 2, purpose="reveal_cpr")
    _row(cast.child.pk, Action.DENIED, 3, role="")
    _row(cast.child.pk, Action.SEARCH, 4)
    _row(cast.child.pk, Action.READ, 5, role="guardian", username="mette")
    _row(cast.child.pk + 1000, Action.READ, 6)
    rows = list(child_access_log_for_parent(cast.child))
    assert rows == [revealed, created, read]
    assert [(r.at, r.action, r.purpose) for r in rows] == [
        (T0 + datetime.timedelta(minutes=2), "reveal_cpr", "reveal_cpr"),
        (T0 + datetime.timedelta(minutes=1), "create", "consent"),
        (T0, "read", "child_page"),
    ]
