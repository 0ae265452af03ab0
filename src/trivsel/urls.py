"""Trivsel's URLs. Danish paths; every pattern must appear in the role × URL test matrix."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from trivsel.accounts.views import admin_login_view, home_view, set_language_view
from trivsel.api import api

admin.site.site_header = "Trivsel administration"
admin.site.site_title = "Trivsel"
# Staff sign in through Trivsel's login (lockout, two-factor), never the admin's own form.
admin.site.login = admin_login_view  # type: ignore[method-assign]

urlpatterns = [
    path("", home_view, name="home"),
    path("konto/", include("trivsel.accounts.urls")),
    path("boern/", include("trivsel.children.urls")),
    path("boern/", include("trivsel.consent.urls")),
    path("boern/", include("trivsel.concerns.urls")),
    path("boern/", include("trivsel.audit.urls")),
    path("", include("trivsel.notifications.urls")),
    path("trivselsvurdering/", include("trivsel.screening.urls")),
    path("paamindelser/", include("trivsel.reminders.urls")),
    path("moeder/", include("trivsel.meetings.urls")),
    path("", include("trivsel.plans.urls")),
    path("", include("trivsel.questionnaires.urls")),
    path("fravaer/", include("trivsel.attendance.urls")),
    path("effekt/", include("trivsel.effect.urls")),
    path("sagsgennemgang/", include("trivsel.reviews.urls")),
    path("overgange/", include("trivsel.transitions.urls")),
    path("samarbejdsguide/", include("trivsel.guide.urls")),
    path("", include("trivsel.officehours.urls")),
    path("portal/", include("trivsel.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language_view, name="set_language"),
    path("admin/", admin.site.urls),
]
