"""The collaboration guide in the JSON API: the pages a user may read, a search, and one page.

Like the pages, it reads through the selectors with the user's audiences; a parent reads the
public part only. Nothing here is about a child, so nothing is written to the access log.
"""

from __future__ import annotations

import html

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from ninja import Router

from trivsel.children.api import request_user
from trivsel.children.schemas import READ_ERRORS, ErrorOut
from trivsel.guide import selectors
from trivsel.guide.access import visible_audiences
from trivsel.guide.models import Audience, Section
from trivsel.guide.schemas import GuidePageDetailOut, GuidePageOut

router = Router(tags=["guide"])
MAX_HITS = 50


def _plain(marked: str) -> str:
    """A search hit's title or snippet without its <mark> tags and escaping: JSON carries plain text."""
    return html.unescape(strip_tags(marked))


@router.get("/pages", response={200: list[GuidePageOut], 401: ErrorOut}, summary="The guide's pages, or a search")
def guide_pages_list(request: HttpRequest, q: str = "") -> list[GuidePageOut]:
    """Every page the user may read in the guide's order; with ``q``, the pages with every word, best first."""
    audiences = visible_audiences(request_user(request))
    if q.strip():
        hits = selectors.guide_search(q, audiences)[:MAX_HITS]
        return [
            GuidePageOut(
                slug=hit.slug,
                title=_plain(hit.title),
                section=Section(hit.section_key),
                audience=Audience.PROFESSIONAL if hit.professional else Audience.PUBLIC,
                url=hit.url,
                intro=_plain(hit.snippet),
            )
            for hit in hits
        ]
    url = selectors.page_url_maker()
    return [
        GuidePageOut(
            slug=page.slug,
            title=page.title,
            section=Section(page.section),
            audience=Audience(page.audience),
            url=url(page.slug),
            intro=page.current.intro if page.current else "",
        )
        for page in selectors.guide_pages(audiences)
    ]


@router.get("/pages/{slug}", response={200: GuidePageDetailOut, **READ_ERRORS}, summary="One page of the guide")
def guide_pages_detail(request: HttpRequest, slug: str) -> GuidePageDetailOut:
    page = selectors.guide_page_get(slug=slug, audiences=visible_audiences(request_user(request)))
    version = page.current
    assert version is not None  # guide_page_get answers 404 for a page without one
    return GuidePageDetailOut(
        slug=page.slug, title=version.title, section=Section(page.section), audience=Audience(page.audience),
        url=reverse("guide:page", kwargs={"slug": page.slug}), intro=version.intro, version=version.number,
        updated_at=version.created_at, html=version.body_html, markdown=version.body_markdown,
    )  # fmt: skip
