"""The collaboration guide's pages: a public part for everyone and, for editors, writing and history.

The reading views are ``@login_not_required`` (parents and citizens need no login). They show
professional pages only to signed-in staff: an anonymous visitor who asks for one, or for a page
that does not exist, is sent to the login page (the same answer for both), and a signed-in parent
gets a 404. The editors' views stay behind the login like every other page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.guide import datapages, selectors, services
from trivsel.guide.access import Visitor, is_professional, may_edit_guide, visible_audiences
from trivsel.guide.forms import GuidePageForm, PreviewForm
from trivsel.guide.models import Audience, GuidePage, Section
from trivsel.guide.search import MAX_QUERY_LENGTH
from trivsel.lib.forms import add_service_errors

RESULTS_PER_PAGE = 10


def _visitor(request: HttpRequest) -> Visitor:
    user = request.user
    return user if isinstance(user, User) else AnonymousUser()


def _editor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not may_edit_guide(user):
        raise PermissionDenied
    return user


def _common(visitor: Visitor) -> dict[str, object]:
    return {"may_edit": may_edit_guide(visitor), "professional": is_professional(visitor)}


# Reading -----------------------------------------------------------------------------------------------


@login_not_required
def index_view(request: HttpRequest) -> HttpResponse:
    visitor = _visitor(request)
    context = {**_common(visitor), "sections": selectors.guide_sections(visible_audiences(visitor))}
    return render(request, "guide/index.html", context)


@login_not_required
def search_view(request: HttpRequest) -> HttpResponse:
    visitor = _visitor(request)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    results = selectors.guide_search(query, visible_audiences(visitor))
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("side"))
    context = {**_common(visitor), "query": query, "page": page, "count": len(results)}
    return render(request, "guide/search.html", context)


@login_not_required
def page_view(request: HttpRequest, slug: str) -> HttpResponse:
    visitor = _visitor(request)
    try:
        page = selectors.guide_page_get(slug=slug, audiences=visible_audiences(visitor))
    except Http404:
        if not visitor.is_authenticated:
            # Professional or missing: the same answer, and after logging in the visitor is brought back.
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise
    professional = is_professional(visitor)
    fora = datapages.fora_of_kind(page.forum_kind, professional=professional) if page.forum_kind else []
    context = {
        **_common(visitor), "page": page, "version": page.current, "fora": fora,
        "forum_kind_label": page.get_forum_kind_display(), "section_label": Section(page.section).label,
    }  # fmt: skip
    return render(request, "guide/page.html", context)


@login_not_required
def fora_view(request: HttpRequest) -> HttpResponse:
    visitor = _visitor(request)
    professional = is_professional(visitor)
    kinds = datapages.fora_overview(audiences=visible_audiences(visitor), professional=professional)
    return render(request, "guide/fora.html", {**_common(visitor), "kinds": kinds})


@login_not_required
def action_guide_view(request: HttpRequest) -> HttpResponse:
    visitor = _visitor(request)
    guide, levels = datapages.action_guide_overview()
    return render(request, "guide/action_guide.html", {**_common(visitor), "guide": guide, "levels": levels})


@login_not_required
def catalogue_view(request: HttpRequest) -> HttpResponse:
    visitor = _visitor(request)
    return render(request, "guide/catalogue.html", {**_common(visitor), "levels": datapages.intervention_catalogue()})


# Writing -----------------------------------------------------------------------------------------------


def _warn_about_links(request: HttpRequest, saved: services.Saved) -> None:
    warnings = (
        (saved.broken_links, _("These links point to pages that do not exist, and are shown as plain text until the "
                               "pages are made: %(links)s")),
        (saved.restricted_links, _("The page is public, but these links lead to pages for professionals, which "
                                   "citizens cannot open: %(links)s")),
    )  # fmt: skip
    for links, message in warnings:
        if links:
            messages.warning(request, message % {"links": ", ".join(links)})


def _previewing(request: HttpRequest, page: GuidePage | None) -> tuple[GuidePageForm, object]:
    """The form as typed (unbound: a preview is not a save and shows no errors) and the text as it will look."""
    names = GuidePageForm(page=page).fields
    form = GuidePageForm(initial={name: request.POST.get(name, "") for name in names}, page=page)
    rendered = services.render_page(
        request.POST.get("body_markdown", ""), public=request.POST.get("audience") == Audience.PUBLIC
    )
    return form, rendered


def create_view(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    if request.method == "POST" and "preview" in request.POST:
        form, preview = _previewing(request, None)
        return render(request, "guide/page_form.html", {"form": form, "preview": preview, "page": None})
    section = request.GET.get("afsnit", "")
    form = GuidePageForm(request.POST or None, initial={"section": section if section in Section.values else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.guide_page_create(
                actor=user, content=form.content(), slug=form.cleaned_data["slug"], summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The page has been created."))
            _warn_about_links(request, saved)
            return redirect("guide:page", slug=saved.page.slug)
    status = 400 if form.errors else 200
    return render(request, "guide/page_form.html", {"form": form, "preview": None, "page": None}, status=status)


def edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    user = _editor(request)
    page = selectors.guide_page_get(slug=slug, audiences=Audience.values)
    context: dict[str, object] = {"page": page, "preview": None}
    if request.method == "POST" and "preview" in request.POST:
        context["form"], context["preview"] = _previewing(request, page)
        return render(request, "guide/page_form.html", context)
    assert page.current is not None
    initial = {
        "title": page.current.title, "audience": page.audience, "section": page.section, "order": page.order,
        "forum_kind": page.forum_kind, "body_markdown": page.current.body_markdown, "based_on": page.current.number,
    }  # fmt: skip
    form = GuidePageForm(request.POST or None, initial=initial, page=page)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.guide_page_update(
                actor=user, page=page, content=form.content(), summary=form.cleaned_data["summary"],
                based_on=form.cleaned_data["based_on"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if saved.new_version:
                messages.success(request, _("The page has been saved as a new version."))
            else:
                messages.info(request, _("Nothing was changed, so no new version was saved."))
            _warn_about_links(request, saved)
            return redirect("guide:page", slug=page.slug)
    if form.is_bound and form.errors:
        # The editor has now been told about the version that is current (if someone else saved one):
        # their next save is based on it, and nothing they typed is lost.
        data = request.POST.copy()
        data["based_on"] = str(selectors.guide_page_current_number(page))
        form.data = data
    context["form"] = form
    return render(request, "guide/page_form.html", context, status=400 if form.errors else 200)


@require_POST
def preview_view(request: HttpRequest) -> HttpResponse:
    """The text as the guide will show it (htmx swaps it into the form), with the links' warnings."""
    _editor(request)
    form = PreviewForm(request.POST)
    text = form.cleaned_data["body_markdown"] if form.is_valid() else ""
    public = form.is_valid() and form.cleaned_data["audience"] == Audience.PUBLIC
    return render(request, "guide/_preview.html", {"preview": services.render_page(text, public=public)})


def versions_view(request: HttpRequest, slug: str) -> HttpResponse:
    _editor(request)
    page = selectors.guide_page_get(slug=slug, audiences=Audience.values)
    context = {"page": page, "versions": selectors.guide_page_versions(page)}
    return render(request, "guide/versions.html", context)


def version_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _editor(request)
    page = selectors.guide_page_get(slug=slug, audiences=Audience.values)
    version = selectors.guide_page_version_get(page, number)
    return render(request, "guide/version.html", {"page": page, "version": version})


@require_POST
def restore_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _editor(request)
    page = selectors.guide_page_get(slug=slug, audiences=Audience.values)
    try:
        saved = services.guide_page_restore(actor=user, page=page, number=number)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("guide:versions", slug=page.slug)
    messages.success(
        request, _("Version %(number)d has been restored as a new version of the page.") % {"number": number}
    )
    _warn_about_links(request, saved)
    return redirect("guide:page", slug=page.slug)
