"""Who takes part in case review.

The review lead (a membership with role ``review_lead``) defines schemas and rounds, reads the
results and owns the report. Reviewers (``reviewer`` or ``review_lead``) rate the cases they are
assigned; they see a child only through the round's access grants (``children.access``), which end
when the round does. Nobody sees another rater's review of a case before it is submitted.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from trivsel.accounts.models import User
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role
from trivsel.reviews.models import Review

REVIEW_ROLES = (Role.REVIEW_LEAD, Role.REVIEWER)


def _current(roles: tuple[str, ...]) -> QuerySet[Membership]:
    on = today()
    return Membership.objects.filter(role__in=roles, start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def _staff(user: User) -> bool:
    return user.is_authenticated and user.is_active and getattr(user, "guardian", None) is None


def leads_reviews(user: User) -> bool:
    return _staff(user) and _current((Role.REVIEW_LEAD,)).filter(user=user).exists()


def takes_part_in_reviews(user: User) -> bool:
    """The menu shows case review: a lead or a reviewer (only they can be assigned cases; one query)."""
    return _staff(user) and _current(REVIEW_ROLES).filter(user=user).exists()


def reviewers() -> QuerySet[User]:
    """Everyone a lead may assign as a rater."""
    return (
        User.objects.filter(is_active=True, memberships__in=_current(REVIEW_ROLES))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def may_rate(user: User, review: Review) -> bool:
    """The review's own rater, while the round is open."""
    return _staff(user) and review.reviewer_id == user.pk and review.case.round.is_open
