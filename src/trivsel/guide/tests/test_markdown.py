"""Markdown to sanitised HTML: injections removed, the allow-list kept, internal links resolved and checked."""

from __future__ import annotations

import pytest

from trivsel.guide.markdown import LinkTarget, render, sanitise

PAGES = {
    "ressourceteam": LinkTarget("/samarbejdsguide/ressourceteam/", public=True),
    "traeffetid": LinkTarget("/samarbejdsguide/traeffetid/", public=False),
    "moedefora": LinkTarget("/samarbejdsguide/moedefora/", public=True),
}


def html(text: str, *, public: bool = True) -> str:
    return render(text, resolve_slug=PAGES.get, public=public).html


# Injection: every payload comes out as exactly this HTML.
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("<script>alert(1)</script>", ""),
        ("Før <script>alert(1)</script> efter", "<p>Før  efter</p>"),
        ("<img src=x onerror=alert(1)>", "<p></p>"),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](JaVaScRiPt:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](&#106;avascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<a href="javascript:alert(1)">x</a>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<a href="data:text/html,x">x</a>', '<p><a rel="noopener noreferrer">x</a></p>'),
        (
            '<a href="https://example.org" onclick="alert(1)">y</a>',
            '<p><a href="https://example.org" rel="noopener noreferrer">y</a></p>',
        ),
        ('<iframe src="https://example.org"></iframe>', ""),
        ('<iframe src="https://example.org">tekst</iframe>', ""),
        ("<svg onload=alert(1)>", "<p></p>"),
        ("<svg><script>alert(1)</script><text>x</text></svg>", "<p></p>"),
        ('<p style="color:red" onmouseover="alert(1)">Hej</p>', "<p>Hej</p>"),
        ("Hej <b onmouseover='x'>du</b> <span style=\"color:red\">rød</span>", "<p>Hej <b>du</b> <span>rød</span></p>"),
        ('<div><form action="/x"><input name="a"><button>Send</button></form></div>', "Send"),
        ("<style>body { display: none }</style>Tekst", "<p>Tekst</p>"),
        ("<!-- en kommentar -->Tekst", "<p>Tekst</p>"),
        ('<object data="x.swf"></object><embed src="x.swf">', "<p></p>"),
        ('<h1 id="main-content">Overskrift</h1>', "Overskrift"),
        ('<h2 id="main-content">Overskrift</h2>', "<h2>Overskrift</h2>"),
        ('<a href="side:ressourceteam">rå</a>', '<p><a rel="noopener noreferrer">rå</a></p>'),
    ],
)
def test_injection_is_removed(payload: str, expected: str) -> None:
    assert html(payload) == expected


def test_the_allowed_markdown_survives() -> None:
    text = "Tekst med **fed**, *kursiv* og `kode`.\n\n- et\n- to\n\n1. først\n2. så\n\n> citat\n\n---"

    assert html(text) == (
        "<p>Tekst med <strong>fed</strong>, <em>kursiv</em> og <code>kode</code>.</p>\n"
        "<ul>\n<li>et</li>\n<li>to</li>\n</ul>\n"
        "<ol>\n<li>først</li>\n<li>så</li>\n</ol>\n"
        "<blockquote>\n<p>citat</p>\n</blockquote>\n<hr>"
    )


def test_tables_align_with_an_attribute_not_a_style() -> None:
    assert html("| a | b |\n|:--|--:|\n| 1 | 2 |") == (
        '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="right">b</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td align="left">1</td>\n<td align="right">2</td>\n</tr>\n</tbody>\n</table>'
    )


def test_external_links_and_mail_links_work_and_open_nothing_of_ours() -> None:
    assert html('[Kommunen](https://example.org "Forsiden") og [skriv](mailto:guide@example.org)') == (
        '<p><a href="https://example.org" title="Forsiden" rel="noopener noreferrer">Kommunen</a> og '
        '<a href="mailto:guide@example.org" rel="noopener noreferrer">skriv</a></p>'
    )


def test_headings_start_at_h2_with_prefixed_ids_and_in_page_links_follow() -> None:
    text = "# Om os\n\n## Hvem deltager?\n\n[Se nedenfor](#hvem-deltager)"

    assert html(text) == (
        '<h2 id="afsnit-om-os">Om os</h2>\n'
        '<h3 id="afsnit-hvem-deltager">Hvem deltager?</h3>\n'
        '<p><a href="#afsnit-hvem-deltager" rel="noopener noreferrer">Se nedenfor</a></p>'
    )


def test_a_text_with_h2_headings_keeps_them() -> None:
    assert html("## Formål\n\nTekst") == '<h2 id="afsnit-formål">Formål</h2>\n<p>Tekst</p>'


# Internal links.


def test_a_page_link_becomes_the_pages_address() -> None:
    assert html("[Ressourceteam](side:ressourceteam)") == (
        '<p><a href="/samarbejdsguide/ressourceteam/" rel="noopener noreferrer">Ressourceteam</a></p>'
    )


def test_a_page_link_may_point_to_a_heading() -> None:
    assert html("[Hvem?](side:ressourceteam#hvem-deltager)") == (
        '<p><a href="/samarbejdsguide/ressourceteam/#afsnit-hvem-deltager" rel="noopener noreferrer">Hvem?</a></p>'
    )


def test_a_data_page_can_be_linked_like_a_page() -> None:
    assert html("[Alle mødefora](side:moedefora)") == (
        '<p><a href="/samarbejdsguide/moedefora/" rel="noopener noreferrer">Alle mødefora</a></p>'
    )


def test_a_relative_link_into_the_guide_works(db: None) -> None:
    assert html("[R](/samarbejdsguide/ressourceteam/) og [søg](/samarbejdsguide/soeg/?q=ttr)") == (
        '<p><a href="/samarbejdsguide/ressourceteam/" rel="noopener noreferrer">R</a> og '
        '<a href="/samarbejdsguide/soeg/?q=ttr" rel="noopener noreferrer">søg</a></p>'
    )


def test_links_to_unknown_pages_are_text_with_a_marker_and_reported() -> None:
    rendered = render(
        "[Ukendt](side:findes-ikke), [også](/samarbejdsguide/findes-heller-ikke/) og [igen](side:findes-ikke)",
        resolve_slug=PAGES.get,
    )

    assert rendered.html == (
        '<p><span class="guide-broken-link">Ukendt</span>, <span class="guide-broken-link">også</span> og '
        '<span class="guide-broken-link">igen</span></p>'
    )
    assert rendered.broken_links == ("side:findes-ikke", "/samarbejdsguide/findes-heller-ikke/")


def test_a_path_outside_the_guide_is_left_alone() -> None:
    rendered = render("[Mine børn](/boern/)", resolve_slug=PAGES.get)

    assert rendered.html == '<p><a href="/boern/" rel="noopener noreferrer">Mine børn</a></p>'
    assert rendered.broken_links == ()


def test_a_public_page_linking_to_a_professional_page_is_reported() -> None:
    public = render("[T](side:traeffetid)", resolve_slug=PAGES.get, public=True)
    professional = render("[T](side:traeffetid)", resolve_slug=PAGES.get, public=False)

    assert public.restricted_links == ("side:traeffetid",)
    assert professional.restricted_links == ()
    assert public.html == professional.html  # the link works for the professionals who read it


def test_the_marker_class_is_the_only_class_allowed() -> None:
    assert sanitise('<span class="guide-broken-link x">a</span><p class="alert">b</p>') == (
        '<span class="guide-broken-link">a</span><p>b</p>'
    )


def test_plain_text_and_intro_for_search_and_lists() -> None:
    rendered = render("## Formål\n\nAt finde **gode** løsninger &amp; aftaler.\n\n- et\n- to", resolve_slug=PAGES.get)

    assert rendered.text == "Formål\nAt finde gode løsninger & aftaler.\net\nto"
    assert rendered.intro == "At finde gode løsninger & aftaler."


def test_the_intro_is_cut_on_a_word_at_300_characters() -> None:
    rendered = render("ord " * 200, resolve_slug=PAGES.get)

    assert len(rendered.intro) <= 300
    assert rendered.intro.endswith("ord…")
