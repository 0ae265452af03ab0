"""The parent portal: a guardian's own children, their consents, and who has used their data (dates only).

Every child URL answers 404 to anyone but a guardian holding custody of that child: staff use
the professional pages, and a missing or forbidden child must look the same.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.audit.models import AccessLog, Action
from trivsel.audit.selectors import child_access_log_for_parent
from trivsel.audit.services import log_access
from trivsel.children.access import children_visible_to
from trivsel.children.models import Child, Guardian
from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.consent.models import Consent, Method
from trivsel.consent.selectors import STATUS_LABELS, ConsentStatus, child_consents, consent_status
from trivsel.consent.services import consent_record, consent_withdraw
from trivsel.lib.forms import add_service_errors
from trivsel.lib.time import today
from trivsel.plans.forms import ParentProgressForm
from trivsel.plans.selectors import child_agreements, child_plan, goal_get, parent_contact
from trivsel.plans.services import progress_record_by_parent
from trivsel.portal.forms import ParentConsentForm
from trivsel.questionnaires.models import Source
from trivsel.questionnaires.selectors import guardian_open_requests
from trivsel.questionnaires.views import answer_page
from trivsel.transitions.selectors import parent_transitions

PURPOSE = "portal"
WITHDRAWABLE = (ConsentStatus.ACTIVE, ConsentStatus.PENDING)

# The purpose codes the code logs, in words a parent understands. Grant reasons are free text
# written by staff and are shown as they are.
PURPOSE_LABELS: dict[str, str | Promise] = {
    "child_page": gettext_lazy("A professional working with your child opened the child's page"),
    "child_list": gettext_lazy("A search among the children a professional works with"),
    "consent": gettext_lazy("Consent was recorded or changed"),
    "api": gettext_lazy("Look-up from another of the municipality's systems"),
    "access_report": gettext_lazy("A leader checked who has looked up the child's data"),
    "reveal_cpr": gettext_lazy("The CPR number was shown"),
    "administration": gettext_lazy("Maintenance of registered information (name, guardians, enrolments)"),
    "portal": gettext_lazy("Parent portal"),
    "attendance_import": gettext_lazy("School attendance was imported from the school's system"),
    "plan": gettext_lazy("The child's plan: interventions and goals"),
    "meeting": gettext_lazy("A meeting about the child"),
    "screening": gettext_lazy("The well-being screening"),
    "screening_overview": gettext_lazy("An overview of the well-being screening"),
    "concern": gettext_lazy("A professional's concern"),
    "notification": gettext_lazy("A notification to Børn og Familie"),
    "my_work": gettext_lazy("A professional's list of agreements and evaluations"),
    "questionnaire": gettext_lazy("A questionnaire about the child"),
    "questionnaire_link": gettext_lazy("A questionnaire link was opened"),
}

ACTION_LABELS: dict[str, str | Promise] = {
    Action.READ: gettext_lazy("Looked up"),
    Action.CREATE: gettext_lazy("Added"),
    Action.CHANGE: gettext_lazy("Changed"),
    Action.DELETE: gettext_lazy("Deleted"),
    Action.EXPORT: gettext_lazy("Exported"),
    Action.REVEAL_CPR: gettext_lazy("CPR number shown"),
}


def _guardian(user: User) -> Guardian | None:
    guardian: Guardian | None = getattr(user, "guardian", None)
    return guardian


def _parent_child(request: HttpRequest, child_id: int) -> tuple[User, Guardian, Child]:
    """The signed-in guardian and their child, or 404 (logged as denied) for anyone else."""
    user = _user(request)
    guardian = _guardian(user)
    if guardian is None:
        # Staff never reach children through the portal; don't let their relation turn this into a read.
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=PURPOSE, status=404)
        raise Http404
    child, relation = child_get(user=user, child_id=child_id, purpose=PURPOSE)
    if relation.via != "custody":
        raise Http404
    return user, guardian, child


def home_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if _guardian(user) is None:
        raise PermissionDenied
    children = children_visible_to(user).order_by("birth_date", "first_name", "id")
    return render(request, "portal/home.html", {"children": children})


def child_view(request: HttpRequest, child_id: int) -> HttpResponse:
    _, guardian, child = _parent_child(request, child_id)
    day = today()
    rows = []
    for consent in child_consents(child):
        status = consent_status(consent, day)
        rows.append(
            {
                "consent": consent,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "can_withdraw": consent.guardian_id == guardian.pk and status in WITHDRAWABLE,
            }
        )
    context = {
        "child": child,
        "consents": rows,
        "plan": child_plan(child),
        "agreements": child_agreements(child),
        "contact": parent_contact(child),
        "questionnaires": guardian_open_requests(guardian, child),
        "transitions": parent_transitions(child),
    }
    return render(request, "portal/child.html", context)


def questionnaire_view(request: HttpRequest, child_id: int, questionnaire_id: int) -> HttpResponse:
    """A guardian answers a questionnaire they were asked to, in the portal instead of by link."""
    user, guardian, child = _parent_child(request, child_id)
    questionnaire = guardian_open_requests(guardian, child).filter(pk=questionnaire_id).first()
    if questionnaire is None:
        raise Http404
    questionnaire.child = child
    return answer_page(
        request, questionnaire, actor=user, source=Source.PORTAL, template="portal/questionnaire.html",
        context={"child": child},
        done=lambda: _thanks(request, child),
    )  # fmt: skip


def _thanks(request: HttpRequest, child: Child) -> HttpResponse:
    messages.success(request, _("Thank you. Your answers have been sent."))
    return redirect("portal:child", child_id=child.pk)


@require_POST
def progress_view(request: HttpRequest, child_id: int, goal_id: int) -> HttpResponse:
    """A parent's own rating of a goal, with a comment."""
    user, _guardian, child = _parent_child(request, child_id)
    goal = goal_get(child=child, goal_id=goal_id)
    form = ParentProgressForm(request.POST)
    if form.is_valid():
        try:
            progress_record_by_parent(
                actor=user, goal=goal, value=form.cleaned_data["value"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Your rating has been saved."))
    else:
        messages.error(request, _("Give your rating as a whole number."))
    return redirect(f"/portal/boern/{child.pk}/#goal-{goal.pk}")


def consent_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user, guardian, child = _parent_child(request, child_id)
    form = ParentConsentForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                actor=user,
                child=child,
                guardian=guardian,
                purpose=data["purpose"],
                method=Method.DIGITAL,
                information=data["information"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                recipients=form.recipients(),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your consent has been registered."))
            return redirect("portal:child", child_id=child.pk)
    return render(request, "portal/consent_form.html", {"child": child, "form": form})


def consent_withdraw_view(request: HttpRequest, child_id: int, consent_id: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws. Only the guardian who gave the consent may."""
    user, guardian, child = _parent_child(request, child_id)
    consent: Consent | None = child_consents(child).filter(pk=consent_id, guardian=guardian).first()
    if consent is None:
        raise Http404
    if consent_status(consent) not in WITHDRAWABLE:
        messages.info(request, _("This consent is no longer in force, so there is nothing to withdraw."))
        return redirect("portal:child", child_id=child.pk)
    if request.method == "POST":
        try:
            consent_withdraw(actor=user, consent=consent)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your consent has been withdrawn."))
        return redirect("portal:child", child_id=child.pk)
    return render(request, "portal/consent_withdraw.html", {"child": child, "consent": consent})


def purpose_label(purpose: str) -> str:
    if not purpose:
        return _("Not stated")
    label = PURPOSE_LABELS.get(purpose)
    return str(label) if label is not None else purpose


def _log_row(entry: AccessLog) -> dict[str, object]:
    action = ACTION_LABELS.get(entry.action) or entry.get_action_display()
    return {"at": entry.at, "action": action, "purpose": purpose_label(entry.purpose)}


def access_log_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """Dates and purposes of look-ups, never who (Datatilsynet 2024-32-0283)."""
    _, _, child = _parent_child(request, child_id)
    page = Paginator(child_access_log_for_parent(child), settings.PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [_log_row(entry) for entry in page.object_list]
    return render(request, "portal/access_log.html", {"child": child, "page": page, "rows": rows})
