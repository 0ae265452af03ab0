"""Reading the guide: the front page and pages by audience, versions, and the search's ranking and snippets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.paginator import Paginator
from django.http import Http404

from trivsel.guide import selectors
from trivsel.guide.models import Audience, Section
from trivsel.guide.services import PageContent, guide_page_create, guide_page_update
from trivsel.guide.testing import make_page

pytestmark = pytest.mark.usefixtures("no_pages")

PUBLIC: set[str] = {Audience.PUBLIC}
EVERYONE: set[str] = {Audience.PUBLIC, Audience.PROFESSIONAL}


def _titles(query: str, audiences: set[str] = EVERYONE) -> list[str]:
    return [
        str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in selectors.guide_search(query, audiences)
    ]


def test_the_front_page_shows_a_citizen_only_public_pages_in_the_editors_order() -> None:
    make_page("b", title="Dialogmøde", order=2, body="Om dialogmødet.")
    make_page("a", title="Ressourceteam", order=1)
    make_page("c", title="Træffetid", audience=Audience.PROFESSIONAL)
    make_page("d", title="Til forældre", section=Section.FOR_PARENTS)

    sections = selectors.guide_sections(PUBLIC)

    assert [(s.key, [e.title for e in s.entries]) for s in sections] == [
        (Section.COLLABORATION_ROOMS, ["Ressourceteam", "Dialogmøde", "The meeting fora in the municipality"]),
        (Section.ACTION_GUIDES, ["From concern to action: the action guide", "The intervention catalogue"]),
        (Section.FOR_PARENTS, ["Til forældre"]),
    ]
    rooms = sections[0].entries
    assert (rooms[1].url, rooms[1].intro, rooms[1].professional) == ("/samarbejdsguide/b/", "Om dialogmødet.", False)
    assert (rooms[2].url, rooms[2].from_data) == ("/samarbejdsguide/moedefora/", True)


def test_the_front_page_shows_professionals_their_pages_too_marked_as_such() -> None:
    make_page("c", title="Træffetid", audience=Audience.PROFESSIONAL)

    rooms = selectors.guide_sections(EVERYONE)[0].entries

    assert [(e.title, e.professional) for e in rooms] == [
        ("Træffetid", True), ("The meeting fora in the municipality", False),
    ]  # fmt: skip


def test_a_page_outside_the_audiences_is_the_same_404_as_a_missing_one() -> None:
    make_page("intern", audience=Audience.PROFESSIONAL)

    with pytest.raises(Http404):
        selectors.guide_page_get(slug="intern", audiences=PUBLIC)
    with pytest.raises(Http404):
        selectors.guide_page_get(slug="findes-ikke", audiences=EVERYONE)
    assert selectors.guide_page_get(slug="intern", audiences=EVERYONE).slug == "intern"


def test_versions_are_listed_newest_first(editor) -> None:
    content = PageContent(title="Side", audience=Audience.PUBLIC, section=Section.ABOUT, body_markdown="1")
    page = guide_page_create(actor=editor, content=content).page
    guide_page_update(actor=editor, page=page, content=replace(content, body_markdown="2"))

    assert [v.number for v in selectors.guide_page_versions(page)] == [2, 1]
    assert selectors.guide_page_version_get(page, 1).body_markdown == "1"
    assert selectors.guide_page_current_number(page) == 2
    with pytest.raises(Http404):
        selectors.guide_page_version_get(page, 3)


# Search.


def test_every_term_must_match() -> None:
    make_page("a", title="Ressourceteam", body="Lærere og PPR drøfter børn.")
    make_page("b", title="Dialogmøde", body="Forældre og lærere mødes.")

    assert _titles("lærere") == ["Dialogmøde", "Ressourceteam"]
    assert _titles("lærere ppr") == ["Ressourceteam"]
    assert _titles("lærere sundhedsplejerske") == []


def test_pages_with_the_terms_in_the_title_come_first_then_the_most_mentions() -> None:
    make_page("a", title="Om guiden", body="Samtykke nævnes en gang.", order=1)
    make_page("b", title="Mødet", body="Samtykke, samtykke og samtykke igen.", order=2)
    make_page("c", title="Samtykke og tavshedspligt", body="Kort.", order=3)

    assert _titles("samtykke") == ["Samtykke og tavshedspligt", "Mødet", "Om guiden"]


def test_a_term_finds_danish_compounds_and_is_not_case_sensitive_in_danish_letters_either() -> None:
    make_page("a", title="Skolebekymring", body="ØKONOMI OG ÅBENHED.")

    assert _titles("bekymring") == ["Skolebekymring"]
    assert _titles("økonomi åbenhed") == ["Skolebekymring"]
    assert _titles("ØKONOMI") == ["Skolebekymring"]


def test_a_citizen_never_finds_a_professional_page() -> None:
    make_page("a", title="Underretning for fagpersoner", audience=Audience.PROFESSIONAL)
    make_page("b", title="Underretning: hvad betyder det?")

    assert _titles("underretning", PUBLIC) == ["Underretning: hvad betyder det?"]
    assert _titles("underretning", EVERYONE) == ["Underretning for fagpersoner", "Underretning: hvad betyder det?"]
    assert selectors.guide_search("underretning", PUBLIC)[0].professional is False


def test_like_wildcards_in_a_query_are_plain_characters() -> None:
    make_page("a", title="Hundrede procent", body="100% fremmøde")
    make_page("b", title="Andet", body="Noget helt andet")

    assert _titles("%") == ["Hundrede procent"]
    assert _titles("_") == []


def test_an_empty_query_finds_nothing() -> None:
    make_page("a")

    assert len(selectors.guide_search("   ", EVERYONE)) == 0


def test_a_hit_has_its_address_and_an_escaped_snippet_with_the_terms_marked() -> None:
    make_page("a", title="Netværksmøde", body="Familien tager <b>en</b> fra sit **netværk** med.")

    hit = selectors.guide_search("netværk", EVERYONE)[0]

    assert hit.url == "/samarbejdsguide/a/"
    assert hit.title == "<mark>Netværk</mark>smøde"
    # <b> is allowed markup: it is in the page, not in the snippet's plain text
    assert hit.snippet == "Familien tager en fra sit <mark>netværk</mark> med."


def test_a_title_with_markup_characters_is_escaped_in_the_hit() -> None:
    make_page("a", title="<script>alert(1)</script> møde", body="Tekst.")

    assert (
        selectors.guide_search("møde", EVERYONE)[0].title == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>møde</mark>"
    )


def test_results_are_paginated_and_only_the_shown_page_gets_snippets(django_assert_num_queries) -> None:
    for n in range(25):
        make_page(f"side-{n:02d}", title=f"Side {n:02d}", body="Fælles ord.", order=n)
    results = selectors.guide_search("fælles", EVERYONE)

    with django_assert_num_queries(1):
        page = Paginator(results, 10).get_page(3)
        hits = list(page.object_list)

    assert (len(results), page.paginator.num_pages) == (25, 3)
    assert [str(h.title) for h in hits] == [f"Side {n}" for n in range(20, 25)]
