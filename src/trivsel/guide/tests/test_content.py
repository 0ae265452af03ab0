"""The default pages' files and the link targets: every default page is valid and its links work."""

from __future__ import annotations

from pathlib import Path

import pytest

from trivsel.guide.content import DATA_PAGES, default_page_files, page_resolver, read_page_file
from trivsel.guide.markdown import LinkTarget, render
from trivsel.guide.models import RESERVED_SLUGS, Audience, GuidePage, Section
from trivsel.meetings.models import ForumKind


def test_a_page_file_has_a_header_and_a_body(tmp_path: Path) -> None:
    path = tmp_path / "side.md"
    path.write_text(
        '---\nslug: ttr\ntitle: "TTR: rådgivning"\naudience: public\nsection: samarbejdsrum\norder: 3\n'
        "forum_kind: ttr\n---\nTekst med --- i.\n",
        encoding="utf-8",
    )

    page = read_page_file(path)

    assert (page.slug, page.title, page.audience, page.section, page.order, page.forum_kind) == (
        "ttr", "TTR: rådgivning", "public", "samarbejdsrum", 3, "ttr",
    )  # fmt: skip
    assert page.body == "Tekst med --- i.\n"


def test_a_page_file_without_the_required_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "side.md"
    path.write_text("---\nslug: x\ncolour: red\n---\nTekst\n", encoding="utf-8")

    with pytest.raises(ValueError, match="needs slug, title, audience and section"):
        read_page_file(path)


def test_the_default_pages_are_valid() -> None:
    files = default_page_files()
    slugs = [f.slug for f in files]
    kinds = [f.forum_kind for f in files if f.forum_kind]

    assert len(files) >= 10
    assert len(set(slugs)) == len(slugs) and not set(slugs) & RESERVED_SLUGS
    assert len(set(kinds)) == len(kinds) and set(kinds) <= set(ForumKind.values)
    assert {f.audience for f in files} == set(Audience.values)
    assert {f.section for f in files} == set(Section.values)


def test_every_link_of_the_default_pages_works_and_no_public_page_needs_a_login(db: None) -> None:
    files = default_page_files()
    resolver = page_resolver({f.slug: f.audience == Audience.PUBLIC for f in files})

    for file in files:
        rendered = render(file.body, resolve_slug=resolver, public=file.audience == Audience.PUBLIC)
        assert rendered.broken_links == (), file.slug
        assert rendered.restricted_links == (), file.slug


def test_the_data_pages_are_public_link_targets(db: None) -> None:
    resolver = page_resolver({"ttr": False})

    assert resolver("moedefora") == LinkTarget("/samarbejdsguide/moedefora/", public=True)
    assert resolver("handleguide") == LinkTarget("/samarbejdsguide/handleguide/", public=True)
    assert resolver("indsatskatalog") == LinkTarget("/samarbejdsguide/indsatskatalog/", public=True)
    assert resolver("ttr") == LinkTarget("/samarbejdsguide/ttr/", public=False)
    assert resolver("findes-ikke") is None
    assert set(DATA_PAGES) <= RESERVED_SLUGS


def test_the_data_migration_loaded_every_default_page(guide: list[GuidePage]) -> None:
    pages = {p.slug: p for p in GuidePage.objects.select_related("current")}

    for file in default_page_files():
        page = pages[file.slug]
        assert page.current is not None and page.current.number == 1
        assert (page.title, page.audience, page.forum_kind) == (file.title, file.audience, file.forum_kind)
        assert page.search_text.startswith(file.title.lower())
    ressourceteam = pages["ressourceteam"].current
    assert ressourceteam is not None and 'href="/samarbejdsguide/dialogmoede/"' in ressourceteam.body_html
