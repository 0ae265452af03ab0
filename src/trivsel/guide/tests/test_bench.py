"""The search benchmark's data and measurement, at a tiny size (``manage.py bench_guide`` makes 1,000 pages)."""

from __future__ import annotations

from trivsel.guide.bench import SLUG_PREFIX, bench_guide, measure
from trivsel.guide.models import Audience, GuidePage
from trivsel.guide.search import search_text
from trivsel.guide.selectors import guide_search


def test_it_makes_searchable_pages_with_their_versions_once(no_pages: None) -> None:
    assert bench_guide(12) == 12
    assert bench_guide(12) == 0

    pages = list(GuidePage.objects.filter(slug__startswith=SLUG_PREFIX).select_related("current"))
    assert len(pages) == 12
    for page in pages:
        assert page.current is not None
        assert page.current.number == page.versions.count()
        assert page.search_text == search_text(page.title, page.current.body_text)
        assert 2_500 <= len(page.current.body_markdown) <= 8_500
    assert {p.audience for p in pages} == {Audience.PUBLIC, Audience.PROFESSIONAL}
    assert len(guide_search("barnet", Audience.values)) == 12
    public = sum(p.audience == Audience.PUBLIC for p in pages)
    assert len(guide_search("Barnet", [Audience.PUBLIC])) == public
    assert len(guide_search("xylofon", Audience.values)) == 0


def test_the_measurement_gives_figures_for_each_search_and_visitor(no_pages: None) -> None:
    bench_guide(12)

    timings = measure(runs=1, queries=[("common word", "barnet"), ("no match", "xylofon")])

    assert [(t.what, t.who) for t in timings] == [
        ("common word: barnet", "pedagogue"), ("common word: barnet", "pedagogue, selector"),
        ("common word: barnet", "citizen"), ("common word: barnet", "citizen, selector"),
        ("no match: xylofon", "pedagogue"), ("no match: xylofon", "pedagogue, selector"),
        ("no match: xylofon", "citizen"), ("no match: xylofon", "citizen, selector"),
        ("front page", "pedagogue"), ("front page", "citizen"),
    ]  # fmt: skip
    assert all(0 < t.p50_ms <= t.p95_ms and t.queries > 0 for t in timings)
    assert timings[0].found == 12 and timings[4].found == 0
