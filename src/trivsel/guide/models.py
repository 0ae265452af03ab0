"""The collaboration guide (samarbejdsguide, seed 004): the municipality's pages, written in Markdown.

A ``GuidePage`` is the page's place in the guide (slug, audience, section, order) and points to its
published ``GuidePageVersion``; every save adds a version, so the history is never rewritten. The
version keeps the editor's Markdown and the sanitised HTML rendered from it once, at save time.
``search_text`` is the page's plain text in lower case, what the guide's search matches against.

The fora, the action guide and the intervention catalogue are not pages: the guide shows them from
their own data (``datapages.py``). A page may describe one kind of forum (``forum_kind``); the
guide shows it next to the live fora of that kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from trivsel.meetings.models import ForumKind

# Paths under /samarbejdsguide/ that are not pages: a page may not take one of them as its slug.
RESERVED_SLUGS = frozenset({"soeg", "moedefora", "handleguide", "indsatskatalog", "ny", "forhaandsvisning"})


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone: parents and citizens, without logging in")
    PROFESSIONAL = "professional", _("Professionals only (signed in)")


class Section(models.TextChoices):
    """The guide's sections, in the order the front page shows them."""

    ABOUT = "om", _("About the guide")
    COLLABORATION_ROOMS = "samarbejdsrum", _("Collaboration rooms")
    PROFESSIONAL_GROUPS = "faggrupper", _("Professional groups")
    ACTION_GUIDES = "handlevejledninger", _("Action guides")
    MEETING_TOOLS = "vaerktoejer", _("Tools for good meetings")
    FOR_PARENTS = "foraeldre", _("For parents")


class GuidePage(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("who may read it"), max_length=12, choices=Audience.choices)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField(_("order in the section"), default=0)
    forum_kind = models.CharField(
        _("describes the forum kind"), max_length=20, choices=ForumKind.choices, blank=True, default=""
    )
    current = models.ForeignKey(
        "GuidePageVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # The title and the body's plain text, lower-cased in Python (SQLite's lower() knows only ASCII).
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")
        ordering = ["section", "order", "title"]
        permissions = [("edit_guide", _("Can write and edit the collaboration guide's pages"))]
        indexes = [models.Index(fields=["audience", "section", "order"], name="guidepage_list")]
        constraints = [
            models.UniqueConstraint(
                fields=["forum_kind"], condition=~Q(forum_kind=""), name="guidepage_one_per_forum_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class GuidePageVersion(models.Model):
    """One saved state of a page. Restoring an old version adds a new one with its content."""

    page = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body_markdown = models.TextField(_("text (Markdown)"), max_length=100_000)
    # Rendered and sanitised once, when saved; shown as it is.
    body_html = models.TextField(editable=False)
    body_text = models.TextField(editable=False, default="")  # plain text, for search snippets
    intro = models.CharField(max_length=300, editable=False, default="")  # the first paragraph, for lists
    summary = models.CharField(_("what was changed"), max_length=300, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("guide page version")
        verbose_name_plural = _("guide page versions")
        ordering = ["page", "-number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="guidepageversion_number_once")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308  (sanitised by nh3 when saved: markdown.render)
