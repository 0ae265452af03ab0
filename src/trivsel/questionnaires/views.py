"""Questionnaire pages: a child's scores and requests (professionals with a relation), asking a
respondent, answering in Trivsel, typing a paper form, and the single-use link (no login).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.models import Child
from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.lib.time import today
from trivsel.questionnaires.forms import AnswerForm, PaperForm, RequestForm, field_name
from trivsel.questionnaires.models import QuestionnaireRequest, Respondent, Source
from trivsel.questionnaires.selectors import (
    child_questionnaires,
    custody_guardians,
    draft_for,
    instrument_questions,
    instruments_for,
    request_by_token,
    request_get,
    respondent_professionals,
)
from trivsel.questionnaires.services import PURPOSE, request_cancel, request_create, response_save

RESPONDENT_OF = {"parent": Respondent.PARENT, "teacher": Respondent.PROFESSIONAL, "self": Respondent.YOUTH}


def _child(request: HttpRequest, child_id: int) -> tuple[User, Child]:
    user = _user(request)
    child, _relation = child_get(
        user=user, child_id=child_id, purpose=PURPOSE, rule="view_child_details", denied_status=404
    )
    return user, child


def child_view(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)[1]
    return render(request, "questionnaires/child.html", {"child": child, "data": child_questionnaires(child)})


def request_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    form = RequestForm(
        request.POST or None,
        instruments=instruments_for(child, today()),
        guardians=custody_guardians(child),
        professionals=respondent_professionals(child),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = request_create(
                actor=user, child=child, instrument=data["instrument"], due=data["due"],
                respondent=RESPONDENT_OF[data["instrument"].informant], guardian=data["guardian"],
                professional=data["professional"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"respondent": "instrument"})
        else:
            # The link is shown this once (it is stored only as a digest): the page is not cached.
            response = render(request, "questionnaires/request_done.html", {"child": child, "new": new})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "questionnaires/request_form.html", {"child": child, "form": form})


@require_POST
def request_cancel_view(request: HttpRequest, child_id: int, request_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    try:
        request_cancel(actor=user, request=request_get(child=child, request_id=request_id))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request has been cancelled; its link no longer works."))
    return redirect("questionnaires:child", child_id=child.pk)


def answer_view(request: HttpRequest, child_id: int, request_id: int) -> HttpResponse:
    """The professional asked answers here; to anyone else the request does not exist."""
    user = _user(request)
    asked = QuestionnaireRequest.objects.filter(pk=request_id, child_id=child_id, professional=user).exists()
    if not asked:
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=PURPOSE, status=404)
        raise Http404
    child = _child(request, child_id)[1]
    questionnaire = request_get(child=child, request_id=request_id)
    if not questionnaire.is_open:
        messages.info(request, _("This questionnaire has already been answered or cancelled."))
        return redirect("questionnaires:child", child_id=child.pk)
    return answer_page(
        request, questionnaire, actor=user, source=Source.APP, template="questionnaires/answer.html",
        context={"child": child},
        done=lambda: _done(request, child, _("Thank you. The questionnaire has been sent and scored.")),
    )  # fmt: skip


def _done(request: HttpRequest, child: Child, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("questionnaires:child", child_id=child.pk)


def answer_page(
    request: HttpRequest,
    questionnaire: QuestionnaireRequest,
    *,
    actor: User | None,
    source: str,
    template: str,
    context: dict[str, object],
    done: Callable[[], HttpResponse],
) -> HttpResponse:
    """The form of a request, filled with what was saved before; "save" keeps it, "send" submits it."""
    questions = instrument_questions(questionnaire.instrument)
    draft = draft_for(questionnaire)
    initial: dict[str, object] = {}
    if draft is not None:
        saved = {**draft.answers, "gate": draft.gate, **draft.impact}
        initial = {field_name(q): saved.get(q.key) for q in questions}
    form = AnswerForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = "send" in request.POST
        try:
            response_save(
                actor=actor, child=questionnaire.child, instrument=questionnaire.instrument,
                respondent=questionnaire.respondent, source=source, answers=form.items(), gate=form.gate(),
                impact=form.impact(), request=questionnaire, submit=submit,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if submit:
                return done()
            messages.success(request, _("Your answers have been saved. You can continue later."))
            return redirect(request.path)
    page = {**context, "form": form, "questionnaire": questionnaire, "draft": draft}
    return render(request, template, page)


def paper_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """A professional types a paper form: choose the questionnaire, then one digit per question."""
    user, child = _child(request, child_id)
    instruments = instruments_for(child, today())
    code = request.GET.get("skema") or request.POST.get("skema", "")
    instrument = instruments.filter(code=code).first() if code else None
    if instrument is None:
        return render(request, "questionnaires/paper_choose.html", {"child": child, "instruments": instruments})
    form = AnswerForm(request.POST or None, questions=instrument_questions(instrument), paper=True)
    meta = PaperForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        try:
            response_save(
                actor=user, child=child, instrument=instrument, respondent=RESPONDENT_OF[instrument.informant],
                source=Source.PAPER, answers=form.items(), gate=form.gate(), impact=form.impact(),
                measured_on=meta.cleaned_data["measured_on"], submit=True,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(meta, exc)
        else:
            return _done(request, child, _("The paper questionnaire has been entered and scored."))
    context = {"child": child, "instrument": instrument, "form": form, "meta": meta}
    return render(request, "questionnaires/paper.html", context)


def _private(response: HttpResponse) -> HttpResponse:
    """A link's pages: never cached, and the token never leaves in a Referer header."""
    response["Cache-Control"] = "no-store"
    # strict-origin: the token never leaves in a Referer header, and forms still send an Origin CSRF accepts.
    response["Referrer-Policy"] = "strict-origin"
    return response


@login_not_required
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    """A respondent's single-use link. Every bad link gets the same page: nothing about why, or whose."""
    questionnaire = request_by_token(token)
    if questionnaire is None:
        return _private(render(request, "questionnaires/link_gone.html", status=404))
    response = answer_page(
        request, questionnaire, actor=None, source=Source.LINK, template="questionnaires/link.html",
        context={"first_name": questionnaire.child.first_name},
        done=lambda: render(request, "questionnaires/link_done.html"),
    )  # fmt: skip
    return _private(response)
