"""What the guide's links can point to, and its default pages (``data/*.md``).

Pure functions without models, so that the data migration that loads the default pages uses the
same parsing and the same link targets as the services (see the migration's docstring).

A default page is a Markdown file with a header of ``key: value`` lines between two ``---`` lines::

    ---
    slug: ressourceteam
    title: Ressourceteam
    audience: public
    section: samarbejdsrum
    order: 20
    forum_kind: ressourceteam
    ---
    The page's text in Markdown, with links like [Dialogmøde](side:dialogmoede).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from trivsel.guide.markdown import LinkTarget, Resolver

DATA_DIR = Path(__file__).resolve().parent / "data"

# The pages shown from the system's data, by the slug an editor links them with (side:moedefora).
DATA_PAGES = {"moedefora": "guide:fora", "handleguide": "guide:action_guide", "indsatskatalog": "guide:catalogue"}
FIELDS = ("slug", "title", "audience", "section", "order", "forum_kind")


def page_resolver(pages: Mapping[str, bool]) -> Resolver:
    """Link targets from ``{slug: is public}`` of the pages, and the data pages (public for all)."""

    def resolve_slug(slug: str) -> LinkTarget | None:
        if slug in DATA_PAGES:
            return LinkTarget(reverse(DATA_PAGES[slug]), public=True)
        if slug in pages:
            return LinkTarget(reverse("guide:page", kwargs={"slug": slug}), public=pages[slug])
        return None

    return resolve_slug


@dataclass(frozen=True)
class PageFile:
    slug: str
    title: str
    audience: str
    section: str
    order: int
    forum_kind: str
    body: str


def read_page_file(path: Path) -> PageFile:
    text = path.read_text(encoding="utf-8")
    _before, header, body = text.split("---\n", 2)
    values: dict[str, str] = {}
    for line in header.strip().splitlines():
        key, _colon, value = line.partition(":")
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] == '"':  # a title with a colon is quoted
            value = value[1:-1]
        values[key.strip()] = value
    unknown = set(values) - set(FIELDS)
    if unknown or not {"slug", "title", "audience", "section"} <= set(values):
        raise ValueError(f"{path.name}: the header needs slug, title, audience and section; unknown: {sorted(unknown)}")
    return PageFile(
        slug=values["slug"],
        title=values["title"],
        audience=values["audience"],
        section=values["section"],
        order=int(values.get("order", "0")),
        forum_kind=values.get("forum_kind", ""),
        body=body.strip() + "\n",
    )


def default_page_files() -> list[PageFile]:
    return [read_page_file(path) for path in sorted(DATA_DIR.glob("*.md"))]
