"""The collaboration guide in the demo: the district adviser is one of its editors, and a page has a history.

The default pages come from the guide's data migration; they are loaded again here if missing
(a flushed test database). The edit goes through the services, so that the page's versions and
the access log show it as an editor's save would.
"""

from __future__ import annotations

from trivsel.accounts.models import User
from trivsel.guide import services
from trivsel.guide.models import GuidePage

EDITOR = "distriktsraadgiver"
EDITED_PAGE = "ressourceteam"
ADDED = """

## Mødetider i Demo Kommune

Ressourceteamet mødes hver femte uge på skolen eller i dagtilbuddet. Se tiderne under [Mødefora](side:moedefora).
"""


def build_guide() -> int:
    """Make the adviser an editor and give one page a second version; the number of pages."""
    services.guide_default_pages_load()
    editor = User.objects.get(username=EDITOR)
    editor.groups.add(services.editors_group())
    editor = User.objects.get(pk=editor.pk)  # a fresh object: the permission cache is empty
    page = GuidePage.objects.filter(slug=EDITED_PAGE).select_related("current").first()
    if page is not None and page.current is not None and page.versions.count() == 1:
        content = services.PageContent(
            title=page.current.title, audience=page.audience, section=page.section, order=page.order,
            forum_kind=page.forum_kind, body_markdown=page.current.body_markdown.rstrip() + ADDED,
        )  # fmt: skip
        services.guide_page_update(actor=editor, page=page, content=content, summary="Mødetider tilføjet")
    return GuidePage.objects.count()
