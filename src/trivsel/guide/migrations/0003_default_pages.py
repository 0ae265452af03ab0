"""Load the default pages of the guide (``guide/data/*.md``), each as its first version.

Unlike the other data migrations, this one imports modules of the app: ``guide.content`` (the
files' header), ``guide.markdown`` (rendering and sanitising) and ``guide.search`` (the stored
search text). All are pure functions without models. Copying the sanitiser here would leave a second allow-list to fall behind the first, and
the HTML a reader gets must come from one place. Pages are written with ``apps.get_model`` only;
a page whose address an editor has taken already is left alone.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from trivsel.guide.content import default_page_files, page_resolver
from trivsel.guide.markdown import render
from trivsel.guide.search import search_text


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    GuidePage = apps.get_model("guide", "GuidePage")
    GuidePageVersion = apps.get_model("guide", "GuidePageVersion")
    existing = dict(GuidePage.objects.values_list("slug", "audience"))
    files = [f for f in default_page_files() if f.slug not in existing]
    known = {slug: audience == "public" for slug, audience in existing.items()}
    resolver = page_resolver(known | {f.slug: f.audience == "public" for f in files})
    kinds = set(GuidePage.objects.exclude(forum_kind="").values_list("forum_kind", flat=True))
    for file in files:
        page = GuidePage.objects.create(
            slug=file.slug,
            title=file.title,
            audience=file.audience,
            section=file.section,
            order=file.order,
            forum_kind="" if file.forum_kind in kinds else file.forum_kind,
        )
        rendered = render(file.body, resolve_slug=resolver, public=file.audience == "public")
        page.current = GuidePageVersion.objects.create(
            page=page,
            number=1,
            title=file.title,
            body_markdown=file.body,
            body_html=rendered.html,
            body_text=rendered.text,
            intro=rendered.intro,
        )
        page.search_text = search_text(file.title, rendered.text)
        page.save(update_fields=["current", "search_text"])


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    GuidePage = apps.get_model("guide", "GuidePage")
    slugs = [f.slug for f in default_page_files()]
    # Only pages no editor has changed since (a single version).
    for page in GuidePage.objects.filter(slug__in=slugs):
        if page.versions.count() == 1:
            page.current = None
            page.save(update_fields=["current"])
            page.delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0002_editors_group")]

    operations = [migrations.RunPython(load, unload)]
