"""Test data for the guide: pages with versions, an editor, and the data migrations' rows again.

A live-server (browser) test flushes the tables after it, so the default pages and the editors'
group that the data migrations made may be missing in the tests that follow: ``default_guide()``
makes them again.
"""

from __future__ import annotations

from typing import Any

from trivsel.accounts.models import User
from trivsel.guide.content import page_resolver
from trivsel.guide.models import Audience, GuidePage, Section
from trivsel.guide.services import editors_group, guide_default_pages_load, known_pages, page_with_first_version
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
    page = GuidePage(slug=slug, title=title, audience=audience, section=section, order=order, forum_kind=forum_kind)
    return page_with_first_version(page, body, resolver=page_resolver(known_pages()), author=author)
