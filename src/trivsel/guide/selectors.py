"""Every read of the guide's pages, scoped to the audiences a visitor may read.

A visitor who may not read a page gets the same 404 as for a page that does not exist (the views
send an anonymous visitor to the login page for both instead).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Replace
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trivsel.guide.models import Audience, GuidePage, GuidePageVersion, Section
from trivsel.guide.search import highlight, search_terms, snippet

SECTION_ORDER = {key: n for n, key in enumerate(Section.values)}


@dataclass(frozen=True)
class Entry:
    """A line of the front page: a page, or a page shown from the system's data."""

    title: str
    url: str
    intro: str = ""
    professional: bool = False
    from_data: bool = False


@dataclass(frozen=True)
class SectionEntries:
    key: str
    label: str
    entries: list[Entry]


def _data_entries() -> dict[str, list[Entry]]:
    """Where the front page lists the data pages (they are public: nothing in them is about a child)."""
    return {
        Section.COLLABORATION_ROOMS: [
            Entry(_("The meeting fora in the municipality"), reverse("guide:fora"),
                  _("Every forum with its place, chair and how often it meets."), from_data=True),
        ],
        Section.ACTION_GUIDES: [
            Entry(_("From concern to action: the action guide"), reverse("guide:action_guide"),
                  _("The steps the municipality recommends at each level of concern."), from_data=True),
            Entry(_("The intervention catalogue"), reverse("guide:catalogue"),
                  _("The help the municipality offers, from general to specialised."), from_data=True),
        ],
    }  # fmt: skip


def page_url_maker() -> Callable[[str], str]:
    """A page's address from its slug, reversing the pattern once (a reverse() per page of a long list costs)."""
    placeholder = "slug-placeholder"
    before, after = reverse("guide:page", kwargs={"slug": placeholder}).split(placeholder)
    return lambda slug: f"{before}{slug}{after}"


def guide_sections(audiences: Collection[str]) -> list[SectionEntries]:
    """The front page: each section with the pages the visitor may read, in the editors' order."""
    pages = (
        GuidePage.objects.filter(audience__in=audiences)
        .order_by("section", "order", "title")
        .values_list("slug", "title", "section", "audience", "current__intro")
    )
    found: dict[str, list[Entry]] = {key: [] for key in Section.values}
    url = page_url_maker()
    for slug, title, section, audience, intro in pages:
        found[section].append(Entry(title, url(slug), intro or "", audience == Audience.PROFESSIONAL))
    for section, entries in _data_entries().items():
        found[section].extend(entries)
    return [SectionEntries(key, str(Section(key).label), found[key]) for key in Section.values if found[key]]


def guide_pages(audiences: Collection[str]) -> QuerySet[GuidePage]:
    """The pages of ``audiences`` in the guide's order, with their current version's intro only."""
    return (
        GuidePage.objects.filter(audience__in=audiences, current__isnull=False)
        .select_related("current")
        .only("slug", "title", "section", "audience", "order", "current__intro")
        .order_by("section", "order", "title")
    )


def guide_page_get(*, slug: str, audiences: Collection[str]) -> GuidePage:
    page = (
        GuidePage.objects.filter(slug=slug, audience__in=audiences).select_related("current", "current__author").first()
    )
    if page is None or page.current is None:
        raise Http404
    return page


def guide_page_versions(page: GuidePage) -> QuerySet[GuidePageVersion]:
    return page.versions.select_related("author").defer("body_markdown", "body_html", "body_text").order_by("-number")


def guide_page_version_get(page: GuidePage, number: int) -> GuidePageVersion:
    version = page.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise Http404
    return version


def guide_page_current_number(page: GuidePage) -> int:
    """The number of the page's newest version, read again (every save makes the newest version current); 0 if none."""
    return page.versions.aggregate(last=Max("number"))["last"] or 0


# Search ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: SafeString  # escaped, terms marked
    snippet: SafeString  # escaped, terms marked
    section: str  # its label
    section_key: str
    professional: bool

    @property
    def url(self) -> str:
        return reverse("guide:page", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class _Row:
    slug: str
    title: str
    section: str
    audience: str
    order: int
    version_id: int
    occurrences: int


class SearchResults:
    """The ranked matches; the snippets are made only for the slice a page of results shows.

    Django's Paginator takes it like a list: ``len()`` and slices.
    """

    def __init__(self, rows: list[_Row], terms: tuple[str, ...]) -> None:
        self.rows = rows
        self.terms = terms

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self._hits(self.rows))

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...
    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(index, int):
            return self._hits([self.rows[index]])[0]
        return self._hits(self.rows[index])

    def _hits(self, rows: Sequence[_Row]) -> list[SearchHit]:
        texts = dict(
            GuidePageVersion.objects.filter(pk__in=[r.version_id for r in rows]).values_list("pk", "body_text")
        )
        return [
            SearchHit(
                slug=row.slug,
                title=highlight(row.title, self.terms),
                snippet=snippet(texts.get(row.version_id, ""), self.terms),
                section=str(Section(row.section).label) if row.section in Section.values else "",
                section_key=row.section,
                professional=row.audience == Audience.PROFESSIONAL,
            )
            for row in rows
        ]


class _Bytes(Func):
    """A text's length in bytes (UTF-8), which the databases know without counting its characters.

    PostgreSQL's LENGTH walks the whole text to count the characters (and SQLite's too), where
    OCTET_LENGTH reads the stored size: over 1,000 pages of 5,000 characters the search for a common
    word took 48 ms with LENGTH and 25 ms with OCTET_LENGTH (SQLite: 19 and 9 ms; docs/benchmarks.md).
    """

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> Any:
        # SQLite has OCTET_LENGTH only from 3.43; the length of a blob is its size in bytes.
        return self.as_sql(compiler, connection, template="LENGTH(CAST(%(expressions)s AS BLOB))", **extra_context)


def guide_search(query: str, audience_visible: Collection[str]) -> SearchResults:
    """Pages where every term of ``query`` occurs; pages with the terms in their title first.

    Then the pages where the terms occur most often, then the guide's own order. The count is made
    by the database with REPLACE and the lengths in bytes before and after: removing a term n times
    removes n times its UTF-8 length, so the count is exact for æ, ø and å too. The text itself
    never leaves the database, only the page's slug and title.
    """
    terms = search_terms(query)
    if not terms:
        return SearchResults([], ())
    pages = GuidePage.objects.filter(audience__in=audience_visible, current__isnull=False)
    for term in terms:
        pages = pages.filter(search_text__contains=term)  # search_text is lower case, and so are the terms
    occurrences = sum(
        (
            (_Bytes("search_text") - _Bytes(Replace("search_text", Value(term), Value("")))) / len(term.encode())
            for term in terms
        ),
        start=Value(0, output_field=IntegerField()),
    )
    found = pages.annotate(occurrences=occurrences).values_list(
        "slug", "title", "section", "audience", "order", "current_id", "occurrences"
    )
    rows = [_Row(s, t, sec, aud, o, int(v), int(n)) for s, t, sec, aud, o, v, n in found]
    rows.sort(key=lambda row: _rank(row, terms))
    return SearchResults(rows, terms)


def _rank(row: _Row, terms: tuple[str, ...]) -> tuple[int, int, int, int, int, str]:
    title = row.title.lower()
    in_title = sum(term in title for term in terms)
    return (
        0 if in_title == len(terms) else 1,
        -in_title,
        -row.occurrences,
        SECTION_ORDER.get(row.section, len(SECTION_ORDER)),
        row.order,
        title,
    )
