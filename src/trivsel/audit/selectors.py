"""Reading the access log: the leader's report per child, and the parent's view of look-ups."""

from __future__ import annotations

from django.db.models import QuerySet

from trivsel.audit.models import AccessLog, Action
from trivsel.children.models import Child

# What a parent is shown: uses of the child's data, not searches or denied attempts.
PARENT_VISIBLE_ACTIONS = [Action.READ, Action.CREATE, Action.CHANGE, Action.EXPORT, Action.REVEAL_CPR, Action.DELETE]


def child_access_log(child: Child) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(child_id=child.pk).order_by("-at", "-id")


def child_access_log_for_parent(child: Child) -> QuerySet[AccessLog]:
    """Dates and purposes only (Datatilsynet 2024-32-0283): callers must not show who looked."""
    return (
        AccessLog.objects.filter(child_id=child.pk, action__in=PARENT_VISIBLE_ACTIONS)
        .exclude(role="guardian")
        .only("at", "action", "purpose")
        .order_by("-at", "-id")
    )
