"""The guide's pages as each visitor gets them: citizens without login, staff, parents, and editors writing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.accounts.models import User
from trivsel.conftest import Cast
from trivsel.guide.models import Audience, GuidePage, Section
from trivsel.guide.testing import make_page
from trivsel.meetings.models import Forum, ForumKind
from trivsel.organisation.models import Role
from trivsel.plans.models import InterventionType

pytestmark = pytest.mark.usefixtures("no_pages")


def client_for(user: User | None = None) -> Client:
    """A client in Danish (the default), signed in as ``user`` if given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


@pytest.fixture
def pages(db: None) -> tuple[GuidePage, GuidePage]:
    professional = make_page("ttr", title="TTR", body="Tværfagligt team.", audience=Audience.PROFESSIONAL)
    public = make_page(
        "dialogmoede", title="Dialogmøde", body="Et **møde** med forældrene.\n\nLæs om [TTR](side:ttr).", order=1
    )
    return public, professional


def test_a_citizen_reads_the_public_front_page_without_logging_in(pages: tuple[GuidePage, GuidePage]) -> None:
    response = client_for().get(reverse("guide:index"))

    assert response.status_code == 200
    body = text(response)
    assert "Samarbejdsguide" in body and "Dialogmøde" in body and "Et møde med forældrene." in body
    assert "TTR" not in body  # the professional page is not listed
    assert "Kommunens mødefora" in body and "Indsatskataloget" in body  # the data pages, for everyone
    assert f'href="{reverse("accounts:login")}?next={reverse("guide:index")}"' in body


def test_a_citizen_reads_a_public_page_and_its_sanitised_text(pages: tuple[GuidePage, GuidePage]) -> None:
    response = client_for().get(reverse("guide:page", args=["dialogmoede"]))

    assert response.status_code == 200
    body = text(response)
    assert "<strong>møde</strong>" in body
    # The link to a professional page works (it asks for a login), and the page says where it is.
    assert f'<a href="{reverse("guide:page", args=["ttr"])}" rel="noopener noreferrer">TTR</a>' in body
    assert "Samarbejdsrum" in body and "Rediger siden" not in body


@pytest.mark.parametrize("slug", ["ttr", "findes-ikke"])
def test_a_professional_page_or_a_missing_one_sends_a_citizen_to_the_login(
    pages: tuple[GuidePage, GuidePage], slug: str
) -> None:
    path = reverse("guide:page", args=[slug])
    response = client_for().get(path)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('accounts:login')}?next={path}")


def test_staff_read_the_professional_pages_and_a_parent_does_not(
    cast: Cast, pages: tuple[GuidePage, GuidePage]
) -> None:
    staff = client_for(cast.pedagogue)
    assert "Tværfagligt team." in text(staff.get(reverse("guide:page", args=["ttr"])))
    assert "For fagpersoner" in text(staff.get(reverse("guide:index")))

    parent = client_for(cast.parent)
    assert parent.get(reverse("guide:page", args=["ttr"])).status_code == 404
    assert "TTR" not in text(parent.get(reverse("guide:index")))
    assert "Dialogmøde" in text(parent.get(reverse("guide:index")))


def test_the_search_finds_highlights_and_counts_the_visitors_pages(pages: tuple[GuidePage, GuidePage]) -> None:
    response = client_for().get(reverse("guide:search"), {"q": "MØDE"})

    body = text(response)
    assert response.status_code == 200
    assert "1 side fundet for “MØDE”." in body
    assert '<a href="/samarbejdsguide/dialogmoede/">Dialog<mark>møde</mark></a>' in body


def test_a_search_that_finds_nothing_says_what_to_try(pages: tuple[GuidePage, GuidePage]) -> None:
    body = text(client_for().get(reverse("guide:search"), {"q": "<script>tværfagligt"}))

    assert "0 sider fundet for “&lt;script&gt;tværfagligt”." in body  # the professional page is not found
    assert "Prøv med færre eller kortere ord" in body and "<script>tv" not in body


def test_search_results_come_ten_to_a_page(db: None) -> None:
    for n in range(12):
        make_page(f"side-{n:02}", title=f"Netværk {n:02}", order=n)

    first = text(client_for().get(reverse("guide:search"), {"q": "netværk"}))
    second = text(client_for().get(reverse("guide:search"), {"q": "netværk", "side": "2"}))

    assert "12 sider fundet" in first and first.count("<mark>Netværk</mark>") == 10
    assert second.count("<mark>Netværk</mark>") == 2 and "<mark>Netværk</mark> 11" in second


def test_a_forum_kinds_page_shows_the_live_fora_and_names_staff_to_professionals_only(cast: Cast) -> None:
    forum = Forum.objects.create(
        name="Ressourceteam Solsikken", kind=ForumKind.RESOURCE_TEAM, unit=cast.unit, chair_role=Role.LEADER,
        cadence="FREQ=WEEKLY;INTERVAL=5;BYDAY=MO", duration_minutes=90,
    )  # fmt: skip
    forum.members.add(cast.leader)
    make_page("ressourceteam", title="Ressourceteam", forum_kind=ForumKind.RESOURCE_TEAM)
    path = reverse("guide:page", args=["ressourceteam"])

    public = text(client_for().get(path))
    professional = text(client_for(cast.pedagogue).get(path))

    assert "Ressourceteam Solsikken" in public and "Hver 5. uge mandag" in public and "1 time og 30 minutter" in public
    assert "Faste deltagere" not in public and str(cast.leader) not in public
    assert "Faste deltagere" in professional and str(cast.leader) in professional


def test_the_data_pages_open_for_everyone(cast: Cast) -> None:
    InterventionType.objects.create(name="Familiesamtaler", level="preventive", description="Korte samtaler.")

    assert "Familiesamtaler" in text(client_for().get(reverse("guide:catalogue")))
    assert client_for().get(reverse("guide:action_guide")).status_code == 200
    assert client_for().get(reverse("guide:fora")).status_code == 200


# Writing ---------------------------------------------------------------------------------------------


def test_only_editors_may_write(cast: Cast, pages: tuple[GuidePage, GuidePage]) -> None:
    assert client_for(cast.leader).get(reverse("guide:create")).status_code == 403
    assert client_for(cast.leader).get(reverse("guide:edit", args=["ttr"])).status_code == 403
    assert client_for(cast.parent).post(reverse("guide:preview"), {"body_markdown": "x"}).status_code == 403
    assert client_for().get(reverse("guide:create")).status_code == 302  # the login page


def test_a_new_page_with_errors_keeps_what_was_typed_and_says_so_in_danish(editor: User) -> None:
    client = client_for(editor)
    data = {"title": "Netværksmøde", "slug": "Netværk!", "audience": Audience.PUBLIC,
            "section": Section.COLLABORATION_ROOMS, "order": "3",
            "body_markdown": "Vi *mødes* med familien."}  # fmt: skip

    response = client.post(reverse("guide:create"), data)

    assert response.status_code == 400
    body = text(response)
    assert "Brug kun små bogstaver a–z, tal og bindestreg" in body
    assert 'value="Netværksmøde"' in body and "Vi *mødes* med familien." in body
    assert not GuidePage.objects.exists()


def test_an_editor_creates_a_page_and_is_warned_about_a_broken_link(editor: User) -> None:
    client = client_for(editor)
    data = {"title": "Netværksmøde", "audience": Audience.PUBLIC, "section": Section.COLLABORATION_ROOMS,
            "body_markdown": "Se også [TTR](side:ttr)."}  # fmt: skip

    response = client.post(reverse("guide:create"), data, follow=True)

    assert response.redirect_chain == [(reverse("guide:page", args=["netvaerksmoede"]), 302)]
    body = text(response)
    assert "Siden er oprettet." in body
    assert "Disse links peger på sider, der ikke findes" in body and "side:ttr" in body
    assert '<span class="guide-broken-link">TTR</span>' in body


def test_the_preview_shows_the_sanitised_text_and_its_warnings(
    editor: User, pages: tuple[GuidePage, GuidePage]
) -> None:
    body = "Hej <script>alert(1)</script><img src=x onerror=alert(2)> [TTR](side:ttr)"

    response = client_for(editor).post(
        reverse("guide:preview"), {"body_markdown": body, "audience": Audience.PUBLIC}, HTTP_HX_REQUEST="true"
    )

    html = text(response)
    assert response.status_code == 200
    assert "<script" not in html and "onerror" not in html and "alert(1)" not in html
    assert "Siden er offentlig, men disse links fører til sider for fagpersoner" in html


def test_saving_over_a_newer_version_keeps_the_editors_text(editor: User, pages: tuple[GuidePage, GuidePage]) -> None:
    client = client_for(editor)
    data = {"title": "Dialogmøde", "audience": Audience.PUBLIC, "section": Section.COLLABORATION_ROOMS, "order": "1"}
    first = client.post(reverse("guide:edit", args=["dialogmoede"]), {**data, "body_markdown": "Ny A.", "based_on": 1})
    assert first.status_code == 302

    stale = client.post(reverse("guide:edit", args=["dialogmoede"]), {**data, "body_markdown": "Min B.", "based_on": 1})

    body = text(stale)
    assert stale.status_code == 400
    assert "Siden blev gemt af" in body and "(version 2)" in body and "Min B." in body
    assert 'name="based_on" value="2"' in body  # the next save is based on what the editor was just told
    again = client.post(reverse("guide:edit", args=["dialogmoede"]), {**data, "body_markdown": "Min B.", "based_on": 2})
    assert again.status_code == 302
    assert list(pages[0].versions.values_list("number", "body_markdown")) == [
        (3, "Min B."),
        (2, "Ny A."),
        (1, "Et **møde** med forældrene.\n\nLæs om [TTR](side:ttr)."),
    ]


def test_an_editor_reads_the_history_and_restores_an_old_version(
    editor: User, pages: tuple[GuidePage, GuidePage]
) -> None:
    client = client_for(editor)
    data = {"title": "Dialogmøde 2", "audience": Audience.PUBLIC, "section": Section.COLLABORATION_ROOMS,
            "body_markdown": "Helt ny tekst.", "summary": "Skrevet om", "based_on": 1}  # fmt: skip
    client.post(reverse("guide:edit", args=["dialogmoede"]), data)

    versions = text(client.get(reverse("guide:versions", args=["dialogmoede"])))
    old = text(client.get(reverse("guide:version", args=["dialogmoede", 1])))
    restored = client.post(reverse("guide:restore", args=["dialogmoede", 1]), follow=True)

    assert "Skrevet om" in versions and "Guidens standardtekst" in versions  # version 1 has no author
    assert "Gendan version 1" in old and "Et **møde** med forældrene." in old
    assert "Version 1 er gendannet som en ny version af siden." in text(restored)
    assert "<strong>møde</strong>" in text(restored)
    assert client.get(reverse("guide:version", args=["dialogmoede", 9])).status_code == 404
