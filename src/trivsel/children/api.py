"""Children, guardians and enrolments in the JSON API: the same selectors, scope and log as the pages.

Every ``{child_id}`` endpoint goes through ``child_get``, which logs the read or logs DENIED and raises
the same 404 whether the child is missing or outside the user's relation. An action the user may not
take on a child they can see is also answered with that 404 (and logged as DENIED), never a 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.params import functions as params

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.models import Child, Enrolment, Guardianship
from trivsel.children.schemas import (
    READ_ERRORS,
    ChildDetailOut,
    ChildOut,
    EnrolmentOut,
    ErrorOut,
    FieldErrorsOut,
    GuardianOut,
)
from trivsel.children.selectors import child_enrolment_history, child_get, child_guardianships, child_list

router = Router(tags=["children"])

PURPOSE = "api"

# Same limit as the page. A plain default rather than Annotated: paginate() wraps the view, and ninja
# resolves postponed annotations in the wrapper's module, where only builtins like str are found.
SEARCH_TEXT = params.Query("", max_length=100, description="Name words, a birth date dd-mm-åååå, or a CPR number")


def request_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by ninja's django_auth
    assert isinstance(user, User)
    return user


def deny(*, user: User, child: Child, purpose: str = PURPOSE) -> Http404:
    """Log a refused action on a child the user can see, and give the same 404 as for a stranger's child."""
    log_access(actor=user, action=Action.DENIED, child_id=child.pk, purpose=purpose, status=404)
    return Http404()


@router.get(
    "",
    response={200: list[ChildOut], 401: ErrorOut, 422: FieldErrorsOut},
    summary="Mine børn: the children the user has a working relation to",
)
@paginate(PageNumberPagination)
def children_list(
    request: HttpRequest,
    q: str = SEARCH_TEXT,
) -> QuerySet[Child]:
    """Scoped exactly as the page; a search is logged with its criterion."""
    return child_list(user=request_user(request), query=q)


@router.get("/{child_id}", response={200: ChildDetailOut, **READ_ERRORS}, summary="One child")
def children_detail(request: HttpRequest, child_id: int) -> ChildDetailOut:
    child, relation = child_get(user=request_user(request), child_id=child_id, purpose=PURPOSE)
    base = ChildOut.from_orm(child)
    return ChildDetailOut(**base.model_dump(exclude={"age"}), relation=relation.via, has_cpr=child.has_cpr)


@router.get(
    "/{child_id}/guardians",
    response={200: list[GuardianOut], **READ_ERRORS},
    summary="The child's guardians and who holds custody (professionals only)",
)
def children_guardians(request: HttpRequest, child_id: int) -> QuerySet[Guardianship]:
    # The other adults' contact details are for professionals; a parent gets the same 404 (logged DENIED).
    child, _relation = child_get(
        user=request_user(request), child_id=child_id, purpose=PURPOSE, rule="view_child_details", denied_status=404
    )
    return child_guardianships(child)


@router.get(
    "/{child_id}/enrolments",
    response={200: list[EnrolmentOut], **READ_ERRORS},
    summary="The child's enrolments, newest first",
)
def children_enrolments(request: HttpRequest, child_id: int) -> QuerySet[Enrolment]:
    child, _relation = child_get(user=request_user(request), child_id=child_id, purpose=PURPOSE)
    return child_enrolment_history(child)
