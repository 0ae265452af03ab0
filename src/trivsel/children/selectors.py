"""Every read of children's data for pages and the API: scoped to the user and logged."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children import cpr
from trivsel.children.access import (
    Relation,
    can,
    children_visible_to,
    current_enrolments,
    current_grants,
    relation_for,
)
from trivsel.children.models import Child, Enrolment, Guardianship
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role

_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_CPR = re.compile(r"^\d{6}-?\d{4}$")


def _with_current_enrolments(children: QuerySet[Child]) -> QuerySet[Child]:
    return children.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=current_enrolments().select_related("unit", "group").order_by("track"),
            to_attr="current_enrolments",
        )
    )


def _search(children: QuerySet[Child], query: str) -> QuerySet[Child]:
    """Match a CPR number exactly, a birth date (dd-mm-åååå), or every word in the name."""
    query = query.strip()
    if _CPR.match(query):
        try:
            return children.filter(cpr_digest=cpr.digest(cpr.normalise(query)))
        except Exception:  # an invalid CPR simply finds nobody
            return children.none()
    date_match = _DATE.match(query)
    if date_match:
        day, month, year = (int(part) for part in date_match.groups())
        try:
            return children.filter(birth_date=datetime.date(year, month, day))
        except ValueError:
            return children.none()
    for word in query.split():
        children = children.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return children


def child_list(*, user: User, query: str = "") -> QuerySet[Child]:
    """ "Mine børn": the children the user has a working relation to, optionally searched.

    A search is logged with its criterion (Datatilsynet), a CPR number in it only masked;
    the list itself as one read.
    """
    children = children_visible_to(user)
    if query.strip():
        children = _search(children, query)
        log_access(
            actor=user, action=Action.SEARCH, search_criterion=cpr.mask_in_text(query.strip()), purpose="child_list"
        )
    else:
        log_access(actor=user, action=Action.READ, purpose="child_list")
    return _with_current_enrolments(children.order_by("last_name", "first_name", "id"))


def child_get(
    *, user: User, child_id: int, purpose: str = "", rule: str = "view_child", denied_status: int = 403
) -> tuple[Child, Relation]:
    """The child and the user's relation to it, or the same 404 whether missing or forbidden.

    ``rule`` is what the caller is about to do (a rule of ``access.child_rules``). A user who sees the
    child but may not do that gets ``denied_status`` (403, or 404 where even that must not show), and
    the log says DENIED with that status rather than a READ that never reached the user.
    """
    child = _with_current_enrolments(Child.objects.filter(pk=child_id)).first()
    relation = relation_for(user, child) if child is not None else None
    if child is None or relation is None:
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=purpose, status=404)
        raise Http404
    # "view_child" is exactly "has a relation", known by now: no second look-up for it.
    if rule != "view_child" and not can(user, rule, child):
        log_access(
            actor=user,
            action=Action.DENIED,
            child_id=child.pk,
            obj=child,
            relation=relation,
            purpose=purpose,
            status=denied_status,
        )
        raise Http404 if denied_status == 404 else PermissionDenied
    log_access(actor=user, action=Action.READ, child_id=child.pk, obj=child, relation=relation, purpose=purpose)
    return child, relation


def child_guardianships(child: Child) -> QuerySet[Guardianship]:
    return child.guardianships.select_related("guardian").order_by("-has_custody", "guardian__last_name")


def child_enrolment_history(child: Child) -> QuerySet[Enrolment]:
    return child.enrolments.select_related("unit", "group").order_by("-start")


@dataclass(frozen=True)
class PersonWithAccess:
    user: User
    role: str
    place: str
    via: str
    until: datetime.datetime | None = None
    grant_id: int | None = None


def child_people_with_access(child: Child) -> list[PersonWithAccess]:
    """Everyone who can see the child now, and why: same rule as the access policy."""
    enrolments = list(current_enrolments().filter(child=child).select_related("unit", "group"))
    group_ids = [e.group_id for e in enrolments if e.group_id]
    unit_ids = [e.unit_id for e in enrolments]
    today_memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=today()), start__lte=today())
    memberships = today_memberships.filter(
        Q(role=Role.FRONTLINE, group_id__in=group_ids) | Q(role=Role.LEADER, unit_id__in=unit_ids),
        user__is_active=True,
    ).select_related("user", "unit", "group__unit")  # str(group) names its unit
    people = [
        PersonWithAccess(user=m.user, role=m.get_role_display(), place=str(m.group or m.unit), via=m.role)
        for m in memberships
    ]
    grants = current_grants().filter(child=child, user__is_active=True).select_related("user")
    people += [
        PersonWithAccess(
            user=g.user, role=g.get_source_display(), place=g.reason, via="grant", until=g.ends_at, grant_id=g.pk
        )
        for g in grants
    ]
    return sorted(people, key=lambda p: (p.via == "grant", str(p.user)))


def grant_candidates(child: Child) -> QuerySet[User]:
    """Whom a leader may give access to the child: advisers, case workers and specialists
    anywhere, and staff of the units the child attends now (e.g. a teacher in another class)."""
    unit_ids = list(current_enrolments().filter(child=child).values_list("unit_id", flat=True))
    day = today()
    memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day).filter(
        Q(role__in=[Role.DISTRICT_ADVISER, Role.CASE_WORKER, Role.SPECIALIST]) | Q(unit_id__in=unit_ids)
    )
    return User.objects.filter(is_active=True, guardian__isnull=True, pk__in=memberships.values("user_id")).order_by(
        "first_name", "last_name", "username"
    )
