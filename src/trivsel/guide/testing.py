"""Test data for the guide: pages with versions, an editor, and the data migrations' rows again.

A live-server (browser) test flushes the tables after it, so the default pages and the editors'
group that the data migrations made may be missing in the tests that follow: ``default_guide()``
makes them again.
"""

from __future__ import annotations

from typing import Any

from trivsel.accounts.models import User
from trivsel.guide.content import page_resolver
from trivsel.guide.markdown import render
from trivsel.guide.models import Audience, GuidePage, GuidePageVersion, Section
from trivsel.guide.search import search_text
from trivsel.guide.services import editors_group, guide_default_pages_load, known_pages
from trivsel.testing import factories as f


def default_guide() -> list[GuidePage]:
    """The default pages and the editors' group, as the data migrations leave them."""
    editors_group()
    guide_default_pages_load()
    return list(GuidePage.objects.order_by("section", "order"))


def make_editor(username: str = "redaktoer", **fields: Any) -> User:
    """A professional in the editors' group (not an administrator)."""
    user: User = f.MembershipFactory(user__username=username, **fields).user
    user.groups.add(editors_group())
    return User.objects.get(pk=user.pk)  # a fresh object: the permission cache is empty


def make_page(
    slug: str,
    *,
    title: str = "",
    body: str = "Tekst.",
    audience: str = Audience.PUBLIC,
    section: str = Section.COLLABORATION_ROOMS,
    order: int = 0,
    forum_kind: str = "",
    author: User | None = None,
) -> GuidePage:
    """A page with one version, written directly (no permission check, no log): for arranging tests."""
    title = title or slug.replace("-", " ").capitalize()
    page = GuidePage.objects.create(
        slug=slug, title=title, audience=audience, section=section, order=order, forum_kind=forum_kind
    )
    rendered = render(body, resolve_slug=page_resolver(known_pages()), public=audience == Audience.PUBLIC)
    page.current = GuidePageVersion.objects.create(
        page=page, number=1, title=title, body_markdown=body, body_html=rendered.html, body_text=rendered.text,
        intro=rendered.intro, author=author,
    )  # fmt: skip
    page.search_text = search_text(title, rendered.text)
    page.save(update_fields=["current", "search_text"])
    return page
