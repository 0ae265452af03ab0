"""Every write of the collaboration guide: creating a page, saving a new version, restoring an old one.

Each save renders the Markdown once (``markdown.render``: sanitised by nh3) and adds a version, so
that the history is never rewritten. Links to pages that do not exist do not stop a save; they are
returned so that the editor is warned, and when the missing page is created later, the pages that
link to it are rendered again so that their links work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.guide.access import EDITORS_GROUP, may_edit_guide
from trivsel.guide.content import default_page_files, page_resolver
from trivsel.guide.markdown import GUIDE_PREFIX, PAGE_SCHEME, Rendered, Resolver, render
from trivsel.guide.models import RESERVED_SLUGS, Audience, GuidePage, GuidePageVersion, Section
from trivsel.guide.search import search_text
from trivsel.guide.selectors import guide_page_current_number
from trivsel.meetings.models import ForumKind

DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TITLE, MAX_SLUG, MAX_BODY, MAX_SUMMARY = 200, 80, 100_000, 300
# What a page is, besides its versioned content; a change of any of these is a save of its own.
PLACE_FIELDS = ("audience", "section", "order", "forum_kind")


@dataclass(frozen=True)
class Saved:
    """The page after a save, and what the editor should be told about its links."""

    page: GuidePage
    new_version: bool
    broken_links: tuple[str, ...] = ()
    restricted_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageContent:
    title: str
    audience: str
    section: str
    body_markdown: str
    order: int = 0
    forum_kind: str = ""


def _editor(actor: User) -> None:
    if not may_edit_guide(actor):
        raise PermissionDenied


def slug_from_title(title: str) -> str:
    """An address from a Danish title: æ, ø and å become ae, oe and aa (slugify alone drops them)."""
    return slugify(title.translate(DANISH))[:MAX_SLUG].strip("-")


def _free_slug(base: str) -> str:
    base = base or "side"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or GuidePage.objects.filter(slug=slug).exists():
        slug, n = f"{base[: MAX_SLUG - 4]}-{n}", n + 1
    return slug


def _check_slug(slug: str) -> None:
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > MAX_SLUG:
        raise ValidationError(
            {"slug": _("Use only small letters a–z, digits and hyphens (write æ, ø and å as ae, oe and aa).")}
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” is an address the guide itself uses. Choose another.") % {"slug": slug}}
        )
    if GuidePage.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another page already has this address. Choose another.")})


def _check_content(content: PageContent, page: GuidePage | None) -> None:
    errors: dict[str, str] = {}
    if not content.title.strip():
        errors["title"] = _("Give the page a title.")
    elif len(content.title.strip()) > MAX_TITLE:
        errors["title"] = _("The title can be at most %(max)d characters long.") % {"max": MAX_TITLE}
    if content.audience not in Audience.values:
        errors["audience"] = _("Choose who may read the page.")
    if content.section not in Section.values:
        errors["section"] = _("Choose the section the page belongs to.")
    if not 0 <= content.order <= 10_000:
        errors["order"] = _("The order is a number from 0 to 10000.")
    if content.forum_kind:
        if content.forum_kind not in ForumKind.values:
            errors["forum_kind"] = _("Choose a kind of forum, or none.")
        else:
            other = GuidePage.objects.filter(forum_kind=content.forum_kind)
            if page is not None:
                other = other.exclude(pk=page.pk)
            taken = other.values_list("title", flat=True)[:1]
            if taken:
                errors["forum_kind"] = _("The page “%(title)s” already describes this kind of forum.") % {
                    "title": taken[0]
                }
    if not content.body_markdown.strip():
        errors["body_markdown"] = _("Write the page's text.")
    elif len(content.body_markdown) > MAX_BODY:
        errors["body_markdown"] = _("The text can be at most %(max)d characters long.") % {"max": MAX_BODY}
    if errors:
        raise ValidationError(errors)


def known_pages() -> dict[str, bool]:
    """Every page's slug and whether it is public: what internal links are checked against."""
    return {slug: audience == Audience.PUBLIC for slug, audience in GuidePage.objects.values_list("slug", "audience")}


def render_page(body_markdown: str, *, public: bool) -> Rendered:
    """The text as the guide will show it, with links resolved against the pages there are now."""
    return render(body_markdown, resolve_slug=page_resolver(known_pages()), public=public)


def _add_version(
    *, actor: User | None, page: GuidePage, title: str, body_markdown: str, summary: str, restored_from: int | None
) -> Rendered:
    rendered = render_page(body_markdown, public=page.is_public)
    number = guide_page_current_number(page) + 1
    version = GuidePageVersion(
        page=page, number=number, title=title, body_markdown=body_markdown, body_html=rendered.html,
        body_text=rendered.text, intro=rendered.intro, summary=summary.strip()[:MAX_SUMMARY],
        restored_from=restored_from, author=actor,
    )  # fmt: skip
    version.full_clean()
    version.save()
    page.current = version
    page.title = title
    page.search_text = search_text(title, rendered.text)
    page.save(update_fields=["current", "title", "search_text", "updated_at"])
    return rendered


def _refresh_links_to(slug: str) -> None:
    """A new page mends the links that pointed to it: render the current versions that mention it again."""
    mentions = Q(body_markdown__contains=f"{PAGE_SCHEME}{slug}") | Q(body_markdown__contains=f"{GUIDE_PREFIX}{slug}")
    current = GuidePage.objects.exclude(current=None).values("current")
    stale = GuidePageVersion.objects.filter(mentions, pk__in=current).select_related("page")
    resolver = page_resolver(known_pages())
    for version in stale:
        rendered = render(version.body_markdown, resolve_slug=resolver, public=version.page.is_public)
        if rendered.html != version.body_html:
            version.body_html = rendered.html
            version.save(update_fields=["body_html"])


@transaction.atomic
def guide_page_create(*, actor: User, content: PageContent, slug: str = "", summary: str = "") -> Saved:
    _editor(actor)
    _check_content(content, None)
    title = content.title.strip()
    slug = slug.strip().lower()
    if slug:
        _check_slug(slug)
    else:
        slug = _free_slug(slug_from_title(title))
    page = GuidePage(
        slug=slug, title=title, audience=content.audience, section=content.section, order=content.order,
        forum_kind=content.forum_kind,
    )  # fmt: skip
    page.full_clean(exclude=["current"])
    page.save()
    rendered = _add_version(
        actor=actor, page=page, title=title, body_markdown=content.body_markdown, summary=summary, restored_from=None
    )
    _refresh_links_to(slug)
    log_access(actor=actor, action=Action.CREATE, obj=page, purpose="guide")
    return Saved(page, True, rendered.broken_links, rendered.restricted_links)


@transaction.atomic
def guide_page_update(
    *, actor: User, page: GuidePage, content: PageContent, summary: str = "", based_on: int | None = None
) -> Saved:
    """A new version when anything changed. ``based_on``: the version the editor started from."""
    _editor(actor)
    page = GuidePage.objects.select_for_update(of=("self",)).select_related("current").get(pk=page.pk)
    current = page.current
    assert current is not None  # every page is made with its first version
    if based_on is not None and based_on != current.number:
        who = str(current.author) if current.author else _("someone else")
        raise ValidationError(
            {
                "body_markdown": _(
                    "The page was saved by %(author)s (version %(number)d) while you were editing. Your text is "
                    "kept here: compare it with the page and save again."
                )
                % {"author": who, "number": current.number}
            }
        )
    _check_content(content, page)
    title = content.title.strip()
    changed = [name for name in PLACE_FIELDS if getattr(page, name) != getattr(content, name)]
    changed += [name for name, old in (("title", current.title), ("body_markdown", current.body_markdown))
                if getattr(content, name) != old]  # fmt: skip
    if not changed:
        return Saved(page, False)
    for name in PLACE_FIELDS:
        setattr(page, name, getattr(content, name))
    page.full_clean(exclude=["current"])
    page.save(update_fields=[*PLACE_FIELDS, "updated_at"])
    rendered = _add_version(
        actor=actor, page=page, title=title, body_markdown=content.body_markdown, summary=summary, restored_from=None
    )
    log_access(actor=actor, action=Action.CHANGE, obj=page, purpose="guide", changed_fields=changed)
    return Saved(page, True, rendered.broken_links, rendered.restricted_links)


@transaction.atomic
def guide_page_restore(*, actor: User, page: GuidePage, number: int) -> Saved:
    """A new version with an old version's title and text; the versions in between stay in the history."""
    _editor(actor)
    page = GuidePage.objects.select_for_update(of=("self",)).select_related("current").get(pk=page.pk)
    old = page.versions.filter(number=number).first()
    if old is None:
        raise ValidationError(_("The page has no version %(number)d.") % {"number": number})
    if page.current_id == old.pk:
        raise ValidationError(_("Version %(number)d is already the page's current version.") % {"number": number})
    rendered = _add_version(
        actor=actor, page=page, title=old.title, body_markdown=old.body_markdown, summary="", restored_from=old.number
    )
    log_access(actor=actor, action=Action.CHANGE, obj=page, purpose="guide", changed_fields=["title", "body_markdown"])
    return Saved(page, True, rendered.broken_links, rendered.restricted_links)


def page_with_first_version(page: GuidePage, body: str, *, resolver: Resolver, author: User | None = None) -> GuidePage:
    """Store a new ``page`` with ``body`` as its version 1, as given: no permission check, no log row.

    For pages the system writes itself (the default pages) and for arranging tests.
    """
    page.save()
    rendered = render(body, resolve_slug=resolver, public=page.is_public)
    page.current = GuidePageVersion.objects.create(
        page=page, number=1, title=page.title, body_markdown=body, body_html=rendered.html, body_text=rendered.text,
        intro=rendered.intro, author=author,
    )  # fmt: skip
    page.search_text = search_text(page.title, rendered.text)
    page.save(update_fields=["current", "search_text"])
    return page


@transaction.atomic
def guide_default_pages_load() -> list[GuidePage]:
    """The default pages (``data/*.md``) that are missing, as the data migration loads them.

    For tests after a live-server test flushed the tables, and for a new deployment's demo; a page
    an editor has made with the same address is left alone.
    """
    files = [f for f in default_page_files() if not GuidePage.objects.filter(slug=f.slug).exists()]
    pages = known_pages() | {f.slug: f.audience == Audience.PUBLIC for f in files}
    resolver = page_resolver(pages)
    made = []
    for file in files:
        taken = file.forum_kind and GuidePage.objects.filter(forum_kind=file.forum_kind).exists()
        page = GuidePage(
            slug=file.slug, title=file.title, audience=file.audience, section=file.section, order=file.order,
            forum_kind="" if taken else file.forum_kind,
        )  # fmt: skip
        made.append(page_with_first_version(page, file.body, resolver=resolver))
    for file in files:
        _refresh_links_to(file.slug)
    return made


def editors_group() -> Group:
    """The group "Redaktører for samarbejdsguiden" with its permission, as the data migration makes it."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="guide", codename="edit_guide"))
    return group
