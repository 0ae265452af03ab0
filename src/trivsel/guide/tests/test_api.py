"""The guide in the JSON API: the same pages as in the browser, by the user's audiences."""

from __future__ import annotations

import pytest
from django.test import Client

from trivsel.conftest import Cast
from trivsel.guide.models import Audience, Section
from trivsel.guide.testing import make_page

pytestmark = pytest.mark.usefixtures("no_pages")


@pytest.fixture
def pages(db: None) -> None:
    make_page("ttr", title="TTR", body="Tidlig & tværfaglig rådgivning.", audience=Audience.PROFESSIONAL, order=2)
    make_page("dialogmoede", title="Dialogmøde", body="Et **møde** med familien.\n\nMere tekst.", order=1)


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_staff_get_every_page_in_the_guides_order_and_a_parent_the_public_ones(cast: Cast, pages: None) -> None:
    staff = client_for(cast.pedagogue).get("/api/v1/guide/pages").json()
    parent = client_for(cast.parent).get("/api/v1/guide/pages").json()

    assert [(p["slug"], p["audience"], p["section"]) for p in staff] == [
        ("dialogmoede", "public", Section.COLLABORATION_ROOMS),
        ("ttr", "professional", Section.COLLABORATION_ROOMS),
    ]
    assert staff[0] == {
        "slug": "dialogmoede", "title": "Dialogmøde", "section": "samarbejdsrum", "audience": "public",
        "url": "/samarbejdsguide/dialogmoede/", "intro": "Et møde med familien.",
    }  # fmt: skip
    assert [p["slug"] for p in parent] == ["dialogmoede"]


def test_a_search_gives_plain_text_hits(cast: Cast, pages: None) -> None:
    hits = client_for(cast.pedagogue).get("/api/v1/guide/pages", {"q": "tværfaglig"}).json()

    assert [(h["slug"], h["title"], h["intro"]) for h in hits] == [("ttr", "TTR", "Tidlig & tværfaglig rådgivning.")]
    assert client_for(cast.parent).get("/api/v1/guide/pages", {"q": "tværfaglig"}).json() == []


def test_one_page_with_its_sanitised_html_and_markdown(cast: Cast, pages: None) -> None:
    page = client_for(cast.parent).get("/api/v1/guide/pages/dialogmoede").json()

    assert (page["version"], page["html"], page["markdown"]) == (
        1,
        "<p>Et <strong>møde</strong> med familien.</p>\n<p>Mere tekst.</p>",
        "Et **møde** med familien.\n\nMere tekst.",
    )
    # A professional page is as missing to a parent as a page that does not exist.
    assert client_for(cast.parent).get("/api/v1/guide/pages/ttr").json() == {"detail": "Not Found"}
    assert client_for(cast.parent).get("/api/v1/guide/pages/findes-ikke").status_code == 404
    assert Client().get("/api/v1/guide/pages").status_code == 401
