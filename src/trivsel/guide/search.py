"""The guide search's text rules: what is stored, how a query splits into terms, and the snippets.

Matching is substring matching on the stored lower-cased text (``search_text``), so that a term
finds Danish compounds too ("bekymring" in "skolebekymring"). Lower-casing is done here, in
Python, on both sides: SQLite's own lower() and LIKE only know ASCII, and "Æ" must find "æ" on
SQLite exactly as on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_LENGTH = 200
PUNCTUATION = ".,;:!?()[]{}\"'«»“”„‘’<>*…–—-"


def search_text(title: str, text: str) -> str:
    """What a page is searched by: its title and its plain text, lower-cased."""
    return f"{title}\n{text}".lower()


def search_terms(query: str) -> tuple[str, ...]:
    """The query's words, lower-cased, without surrounding punctuation or repeats; every one must match."""
    words = (word.strip(PUNCTUATION) for word in query[:MAX_QUERY_LENGTH].lower().split())
    return tuple(dict.fromkeys(word for word in words if word))[:MAX_TERMS]


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so that "bekymringer" is marked whole when "bekymring" is a term too.
    return re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """``text`` escaped, with every term wrapped in <mark> (marks are added after escaping, never before)."""
    if not terms:
        return escape(text)
    pieces: list[str] = []
    last = 0
    for match in _pattern(terms).finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308  (every piece is escaped above)


def snippet(text: str, terms: Sequence[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the first term found, on word boundaries, highlighted."""
    flat = " ".join(text.split())
    found = _pattern(terms).search(flat) if terms else None
    start = 0
    if found is not None and found.start() > length // 3:
        start = flat.rfind(" ", 0, found.start() - length // 3) + 1
    end = len(flat)
    if end - start > length:
        cut = flat.rfind(" ", start, start + length)
        end = cut if cut > start else start + length
    excerpt = flat[start:end]
    before = "… " if start > 0 else ""
    after = " …" if end < len(flat) else ""
    return mark_safe(f"{before}{highlight(excerpt, terms)}{after}")  # noqa: S308  (highlight escapes)
