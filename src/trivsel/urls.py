"""Trivsel's URLs. Danish paths; every pattern must appear in the role × URL test matrix."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from trivsel.accounts.views import home_view
from trivsel.api import api

admin.site.site_header = "Trivsel"
admin.site.site_title = "Trivsel"

urlpatterns = [
    path("", home_view, name="home"),
    path("konto/", include("trivsel.accounts.urls")),
    path("boern/", include("trivsel.children.urls")),
    path("boern/", include("trivsel.consent.urls")),
    path("boern/", include("trivsel.audit.urls")),
    path("portal/", include("trivsel.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
