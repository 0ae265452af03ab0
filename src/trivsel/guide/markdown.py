"""Editors' Markdown to sanitised HTML: Python-Markdown first, then nh3 with an explicit allow-list.

Markdown runs with a few extensions that only add structure (tables, sane lists, definition lists,
heading ids). Raw HTML in the text goes through Markdown untouched and is then cleaned by nh3 like
everything else, so ``TAGS``, ``ATTRIBUTES`` and ``URL_SCHEMES`` below alone decide what reaches a
reader's browser: no scripts, no event handlers, no ``style``, no frames, no ``javascript:`` links.

Internal links: ``[Ressourceteam](side:ressourceteam)`` becomes the page's address, and a relative
link into the guide (``/samarbejdsguide/ressourceteam/``) is checked the same way. A link to a page
that does not exist is shown as its text with the class ``guide-broken-link`` and listed in
``Rendered.broken_links``, so that the editor is warned (the save itself goes through).

This module knows no models: the caller passes ``resolve``, which maps a slug to its address (or
None), so the rendering is the same in a service, in a data migration and in a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown  # type: ignore[import-untyped]
import nh3
from django.urls import Resolver404, resolve
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.extensions.toc import slugify_unicode  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

PAGE_SCHEME = "side:"
GUIDE_PREFIX = "/samarbejdsguide/"
BROKEN_LINK_CLASS = "guide-broken-link"
# Heading ids get a prefix so that an editor's heading can never take an id the page itself uses
# (e.g. "main-content", the skip link's target).
ID_PREFIX = "afsnit-"
INTRO_LENGTH = 300

TAGS = frozenset(
    {
        *("p", "br", "hr", "blockquote", "pre", "code"),
        *("h2", "h3", "h4", "h5", "h6"),  # the page's title is its only h1; a "# heading" becomes h2
        *("strong", "b", "em", "i", "s", "del", "sub", "sup", "abbr", "span"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        "a",
    }
)
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},  # rel is set by nh3 (link_rel) on every link
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align", "scope"},  # the tables extension is told to write align="", not style=""
    "td": {"align"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them (other tags not allowed are removed but keep their text).
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript"})
LINK_REL = "noopener noreferrer"


@dataclass(frozen=True)
class LinkTarget:
    url: str
    public: bool  # citizens may open it without logging in


Resolver = Callable[[str], LinkTarget | None]


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str  # the plain text, blocks on lines of their own
    intro: str  # the first paragraph as plain text, at most INTRO_LENGTH characters
    broken_links: tuple[str, ...]  # internal links to pages that do not exist, as written
    restricted_links: tuple[str, ...]  # links from a public page to pages that need a login

    @property
    def safe_html(self) -> SafeString:
        return mark_safe(self.html)  # noqa: S308  (sanitised by nh3 in render())


def render(text: str, *, resolve_slug: Resolver, public: bool = True) -> Rendered:
    """The sanitised HTML of ``text`` and what the editor should be told about its links."""
    links = _InternalLinks(resolve_slug, public=public)
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "def_list",
            "toc",
            _LinkExtension(links),
        ],
        extension_configs={"tables": {"use_align_attribute": True}, "toc": {"slugify": _heading_id}},
        output_format="html",
    )
    html = sanitise(converter.convert(text)).strip()
    plain, intro = _plain_text(html)
    return Rendered(
        html=html,
        text=plain,
        intro=intro,
        broken_links=tuple(dict.fromkeys(links.broken)),
        restricted_links=tuple(dict.fromkeys(links.restricted)),
    )


def sanitise(html: str) -> str:
    """Only the allow-list survives; links get rel="noopener noreferrer"."""
    return _CLEANER.clean(html)


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # Raw HTML may carry ids of its own: only a heading id of ours is kept.
    if attribute == "id" and not value.startswith(ID_PREFIX):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_keep_attribute,
    link_rel=LINK_REL,
    url_schemes=URL_SCHEMES,
    allowed_classes={"span": {BROKEN_LINK_CLASS}},
    strip_comments=True,
)


def _heading_id(value: str, separator: str) -> str:
    return ID_PREFIX + str(slugify_unicode(value, separator))


def _anchor(fragment: str) -> str:
    return fragment if fragment.startswith(ID_PREFIX) else ID_PREFIX + fragment


class _InternalLinks:
    """Rewrites ``side:`` links, checks links into the guide and notes the broken and restricted ones."""

    def __init__(self, resolve_slug: Resolver, *, public: bool) -> None:
        self.resolve_slug = resolve_slug
        self.public = public
        self.broken: list[str] = []
        self.restricted: list[str] = []

    def rewrite(self, root: Element) -> None:
        _demote_headings(root)
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if href.startswith("#") and len(href) > 1:
                link.set("href", "#" + _anchor(href[1:]))
            elif href.lower().startswith(PAGE_SCHEME):
                self._page_link(link, href)
            elif href.startswith(GUIDE_PREFIX):
                self._path_link(link, href)

    def _page_link(self, link: Element, href: str) -> None:
        slug, _hash, fragment = href[len(PAGE_SCHEME) :].partition("#")
        target = self.resolve_slug(slug.strip().strip("/"))
        if target is None:
            self._broken(link, href)
            return
        link.set("href", target.url + ("#" + _anchor(fragment) if fragment else ""))
        self._check_audience(target, href)

    def _path_link(self, link: Element, href: str) -> None:
        path = re.split(r"[?#]", href, maxsplit=1)[0]
        try:
            match = resolve(path)
        except Resolver404:
            self._broken(link, href)
            return
        if match.namespace != "guide" or "slug" not in match.kwargs:
            return  # the front page, search, the data pages: always there
        target = self.resolve_slug(match.kwargs["slug"])
        if target is None:
            self._broken(link, href)
        else:
            self._check_audience(target, href)

    def _check_audience(self, target: LinkTarget, href: str) -> None:
        if self.public and not target.public:
            self.restricted.append(href)

    def _broken(self, link: Element, href: str) -> None:
        self.broken.append(href)
        link.tag = "span"
        link.attrib.clear()
        link.set("class", BROKEN_LINK_CLASS)


def _demote_headings(root: Element) -> None:
    """The page's title is its h1: if the text uses "# heading", every heading moves one level down."""
    headings = [e for e in root.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    if any(e.tag == "h1" for e in headings):
        for heading in headings:
            heading.tag = f"h{min(int(str(heading.tag)[1]) + 1, 6)}"


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, links: _InternalLinks) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: Element) -> None:
        self.links.rewrite(root)


class _LinkExtension(Extension):
    def __init__(self, links: _InternalLinks) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline patterns (20) have made the links, before the heading ids (toc, 5).
        md.treeprocessors.register(_LinkTreeprocessor(md, self.links), "trivsel_guide_links", 15)


BLOCK_TAGS = frozenset(
    {"p", "br", "hr", "blockquote", "pre", "li", "dt", "dd", "tr", "td", "th", "h2", "h3", "h4", "h5", "h6"}
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.intro: list[str] | None = None  # collecting while the first paragraph is open
        self.intro_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "p" and not self.intro_done and self.intro is None:
            self.intro = []

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "p" and self.intro is not None and not self.intro_done:
            self.intro_done = True

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self.intro is not None and not self.intro_done:
            self.intro.append(data)


def _plain_text(html: str) -> tuple[str, str]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text = "\n".join(line for line in lines if line)
    intro = " ".join("".join(parser.intro or []).split())
    return text, Truncator(intro).chars(INTRO_LENGTH)
