"""Writing the guide: every save is a version, restoring adds one, links are checked, editors only."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trivsel.audit.models import AccessLog
from trivsel.conftest import Cast
from trivsel.guide import services
from trivsel.guide.models import Audience, GuidePage, GuidePageVersion, Section
from trivsel.guide.services import PageContent
from trivsel.guide.testing import make_page
from trivsel.testing import factories as f

pytestmark = pytest.mark.usefixtures("no_pages")

CONTENT = PageContent(
    title="Sprogvurdering i børnehaven",
    audience=Audience.PUBLIC,
    section=Section.MEETING_TOOLS,
    body_markdown="Alle børn får en **sprogvurdering**.\n\nSe [Ressourceteam](side:ressourceteam).",
)


def _versions(page: GuidePage) -> list[tuple[int, str, str]]:
    return list(page.versions.order_by("number").values_list("number", "title", "body_markdown"))


def test_creating_a_page_makes_its_first_version(editor) -> None:
    make_page("ressourceteam")

    saved = services.guide_page_create(actor=editor, content=CONTENT, summary="Ny side")

    page = GuidePage.objects.select_related("current").get(pk=saved.page.pk)
    assert page.slug == "sprogvurdering-i-boernehaven"
    assert page.current is not None
    assert (page.current.number, page.current.author, page.current.summary) == (1, editor, "Ny side")
    assert page.current.body_html == (
        "<p>Alle børn får en <strong>sprogvurdering</strong>.</p>\n"
        '<p>Se <a href="/samarbejdsguide/ressourceteam/" rel="noopener noreferrer">Ressourceteam</a>.</p>'
    )
    assert page.current.intro == "Alle børn får en sprogvurdering."
    assert page.search_text == "sprogvurdering i børnehaven\nalle børn får en sprogvurdering.\nse ressourceteam."
    assert saved.broken_links == () and saved.new_version


def test_creating_and_changing_a_page_are_logged_without_its_text(editor) -> None:
    saved = services.guide_page_create(actor=editor, content=CONTENT)
    services.guide_page_update(actor=editor, page=saved.page, content=replace(CONTENT, title="Sprogvurdering"))

    rows = list(AccessLog.objects.filter(object_type="guide.guidepage").order_by("id"))
    assert [(r.action, r.object_id, r.user_id, r.child_id, r.changed_fields) for r in rows] == [
        ("create", saved.page.pk, editor.pk, None, []),
        ("change", saved.page.pk, editor.pk, None, ["title"]),
    ]


def test_the_address_is_made_from_a_danish_title_and_never_takes_a_reserved_or_taken_one(editor) -> None:
    make_page("ny")  # made directly: the services would refuse it
    first = services.guide_page_create(actor=editor, content=replace(CONTENT, title="Ny"))
    second = services.guide_page_create(actor=editor, content=replace(CONTENT, title="Ny"))
    danish = services.guide_page_create(actor=editor, content=replace(CONTENT, title="Årshjul for møder"))

    assert [first.page.slug, second.page.slug, danish.page.slug] == ["ny-2", "ny-3", "aarshjul-for-moeder"]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("soeg", "“soeg” is an address the guide itself uses. Choose another."),
        ("forhaandsvisning", "“forhaandsvisning” is an address the guide itself uses. Choose another."),
        ("Æble", "Use only small letters a–z, digits and hyphens (write æ, ø and å as ae, oe and aa)."),
        ("to ord", "Use only small letters a–z, digits and hyphens (write æ, ø and å as ae, oe and aa)."),
        ("ressourceteam", "Another page already has this address. Choose another."),
    ],
)
def test_an_address_an_editor_types_is_checked(editor, slug: str, message: str) -> None:
    make_page("ressourceteam")

    with pytest.raises(ValidationError) as error:
        services.guide_page_create(actor=editor, content=CONTENT, slug=slug)

    assert error.value.message_dict == {"slug": [message]}


def test_the_content_is_checked_field_by_field(editor) -> None:
    bad = PageContent(title=" ", audience="everyone", section="x", body_markdown="  ", order=-1, forum_kind="x")

    with pytest.raises(ValidationError) as error:
        services.guide_page_create(actor=editor, content=bad)

    assert error.value.message_dict == {
        "title": ["Give the page a title."],
        "audience": ["Choose who may read the page."],
        "section": ["Choose the section the page belongs to."],
        "order": ["The order is a number from 0 to 10000."],
        "forum_kind": ["Choose a kind of forum, or none."],
        "body_markdown": ["Write the page's text."],
    }
    assert not GuidePage.objects.filter(title=" ").exists()


def test_only_one_page_describes_a_kind_of_forum(editor) -> None:
    make_page("ressourceteam", title="Ressourceteam", forum_kind="ressourceteam")

    with pytest.raises(ValidationError) as error:
        services.guide_page_create(actor=editor, content=replace(CONTENT, forum_kind="ressourceteam"))

    assert error.value.message_dict == {
        "forum_kind": ["The page “Ressourceteam” already describes this kind of forum."]
    }


def test_each_save_with_a_change_is_a_new_version_and_old_ones_stay(editor) -> None:
    page = services.guide_page_create(actor=editor, content=CONTENT).page

    services.guide_page_update(actor=editor, page=page, content=replace(CONTENT, body_markdown="Ny tekst."))
    saved = services.guide_page_update(actor=editor, page=page, content=replace(CONTENT, body_markdown="Ny tekst."))

    assert not saved.new_version  # nothing changed the second time
    assert _versions(page) == [(1, CONTENT.title, CONTENT.body_markdown), (2, CONTENT.title, "Ny tekst.")]
    page.refresh_from_db()
    assert page.current is not None and page.current.number == 2
    assert page.search_text == f"{CONTENT.title.lower()}\nny tekst."


def test_moving_a_page_or_changing_its_audience_is_a_version_too(editor) -> None:
    page = services.guide_page_create(actor=editor, content=CONTENT).page

    services.guide_page_update(
        actor=editor, page=page, content=replace(CONTENT, audience=Audience.PROFESSIONAL, order=5), summary="Intern"
    )

    page.refresh_from_db()
    assert (page.audience, page.order, page.versions.count()) == (Audience.PROFESSIONAL, 5, 2)
    assert AccessLog.objects.filter(action="change").get().changed_fields == ["audience", "order"]


def test_a_save_based_on_an_old_version_is_refused_and_changes_nothing(editor, cast: Cast) -> None:
    page = services.guide_page_create(actor=editor, content=CONTENT).page
    services.guide_page_update(actor=cast.administrator, page=page, content=replace(CONTENT, body_markdown="Admins."))

    with pytest.raises(ValidationError) as error:
        services.guide_page_update(actor=editor, page=page, content=replace(CONTENT, body_markdown="Min."), based_on=1)

    assert error.value.message_dict == {
        "body_markdown": [
            f"The page was saved by {cast.administrator} (version 2) while you were editing. Your text is kept "
            "here: compare it with the page and save again."
        ]
    }
    assert [v[2] for v in _versions(page)] == [CONTENT.body_markdown, "Admins."]


def test_restoring_an_old_version_adds_a_new_one_with_its_content(editor) -> None:
    page = services.guide_page_create(actor=editor, content=CONTENT).page
    services.guide_page_update(actor=editor, page=page, content=replace(CONTENT, title="Ændret", body_markdown="B"))

    services.guide_page_restore(actor=editor, page=page, number=1)

    assert _versions(page) == [
        (1, CONTENT.title, CONTENT.body_markdown),
        (2, "Ændret", "B"),
        (3, CONTENT.title, CONTENT.body_markdown),
    ]
    page.refresh_from_db()
    current = page.current
    assert current is not None
    assert (current.number, current.restored_from, current.author, page.title) == (3, 1, editor, CONTENT.title)


def test_the_current_version_and_a_missing_one_cannot_be_restored(editor) -> None:
    page = services.guide_page_create(actor=editor, content=CONTENT).page

    with pytest.raises(ValidationError, match=re.escape("Version 1 is already the page's current version.")):
        services.guide_page_restore(actor=editor, page=page, number=1)
    with pytest.raises(ValidationError, match=re.escape("The page has no version 7.")):
        services.guide_page_restore(actor=editor, page=page, number=7)
    assert page.versions.count() == 1


def test_a_link_to_a_missing_page_is_saved_with_a_warning_and_mended_when_the_page_is_made(editor) -> None:
    text = "Se [Handleteam](side:handleteam) og [også](/samarbejdsguide/handleteam/)."
    linking = services.guide_page_create(actor=editor, content=replace(CONTENT, body_markdown=text))

    assert linking.broken_links == ("side:handleteam", "/samarbejdsguide/handleteam/")
    assert 'class="guide-broken-link"' in GuidePageVersion.objects.get(page=linking.page).body_html

    services.guide_page_create(actor=editor, content=replace(CONTENT, title="Handleteam", body_markdown="Om teamet"))

    assert GuidePageVersion.objects.get(page=linking.page).body_html == (
        '<p>Se <a href="/samarbejdsguide/handleteam/" rel="noopener noreferrer">Handleteam</a> og '
        '<a href="/samarbejdsguide/handleteam/" rel="noopener noreferrer">også</a>.</p>'
    )


def test_a_public_page_linking_to_a_professional_one_is_saved_with_a_warning(editor) -> None:
    make_page("traeffetid", audience=Audience.PROFESSIONAL)

    saved = services.guide_page_create(actor=editor, content=replace(CONTENT, body_markdown="[T](side:traeffetid)"))

    assert saved.restricted_links == ("side:traeffetid",)
    assert saved.page.versions.count() == 1


def test_administrators_and_the_editors_group_write_nobody_else(cast: Cast, editor) -> None:
    services.guide_page_create(actor=cast.administrator, content=replace(CONTENT, title="Af admin"))
    services.guide_page_create(actor=editor, content=replace(CONTENT, title="Af redaktør"))
    page = GuidePage.objects.get(title="Af admin")
    staff_not_admin = f.UserFactory(username="kontor", is_staff=False)

    for user in (cast.pedagogue, cast.leader, cast.case_worker, cast.parent, staff_not_admin):
        with pytest.raises(PermissionDenied):
            services.guide_page_create(actor=user, content=CONTENT)
        with pytest.raises(PermissionDenied):
            services.guide_page_update(actor=user, page=page, content=replace(CONTENT, title="Nej"))
        with pytest.raises(PermissionDenied):
            services.guide_page_restore(actor=user, page=page, number=1)
    assert GuidePage.objects.count() == 2


def test_an_inactive_editor_writes_nothing(editor) -> None:
    editor.is_active = False
    editor.save()

    with pytest.raises(PermissionDenied):
        services.guide_page_create(actor=editor, content=CONTENT)


def test_loading_the_default_pages_again_makes_only_the_missing_ones() -> None:
    everything = services.guide_default_pages_load()
    GuidePage.objects.filter(slug="ttr").update(current=None)
    GuidePage.objects.filter(slug="ttr").delete()

    made = services.guide_default_pages_load()

    assert [p.slug for p in made] == ["ttr"]
    assert services.guide_default_pages_load() == []
    assert GuidePage.objects.count() == len(everything)
