"""The collaboration guide under /samarbejdsguide/: the fixed paths first, then the pages by slug.

The fixed paths' first segments are reserved (``models.RESERVED_SLUGS``): no page can take them.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from trivsel.guide import views

app_name = "guide"
urlpatterns: list[URLPattern] = [
    path("", views.index_view, name="index"),
    path("soeg/", views.search_view, name="search"),
    path("moedefora/", views.fora_view, name="fora"),
    path("handleguide/", views.action_guide_view, name="action_guide"),
    path("indsatskatalog/", views.catalogue_view, name="catalogue"),
    path("ny/", views.create_view, name="create"),
    path("forhaandsvisning/", views.preview_view, name="preview"),
    path("<slug:slug>/", views.page_view, name="page"),
    path("<slug:slug>/rediger/", views.edit_view, name="edit"),
    path("<slug:slug>/versioner/", views.versions_view, name="versions"),
    path("<slug:slug>/versioner/<int:number>/", views.version_view, name="version"),
    path("<slug:slug>/versioner/<int:number>/gendan/", views.restore_view, name="restore"),
]
