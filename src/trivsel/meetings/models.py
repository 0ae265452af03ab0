"""Multi-professional meetings (seed 002): fora with a cadence, meetings, one agenda item per child.

An agenda item is the child's own document — journalised for that child — and follows the
8-step structure of a case discussion: consent (``sharing``), the problem, knowledge gathered
(professionals, parents, the child), discussion, agreements (``Agreement``: who does what by
when, and who keeps contact with the parents), the intervention, its evaluation, new agreements.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child
from trivsel.consent.models import Consent
from trivsel.organisation.models import District, Role, Unit


class ForumKind(models.TextChoices):
    MULTIPROFESSIONAL = "flerfaglig_sparring", _("Multi-professional sparring (district team)")
    RESOURCE_TEAM = "ressourceteam", _("Resource team")
    DIALOGUE = "dialogmoede", _("Dialogue meeting")
    NETWORK = "netvaerksmoede", _("Network meeting")
    HALF_YEARLY = "halvaarligt_moede", _("Half-yearly meeting")
    TTR = "ttr", _("Early cross-professional counselling (TTR)")
    OFFICE_HOURS = "traeffetid", _("Social worker's office hours")
    TRANSITION = "overgangsmoede", _("Transition meeting")


class Forum(models.Model):
    """A standing meeting type of a unit or a district, with its cadence and chair."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="fora", verbose_name=_("unit")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="fora", verbose_name=_("district")
    )
    chair_role = models.CharField(_("chaired by"), max_length=20, choices=Role.choices)
    # An RFC 5545 RRULE (dateutil), e.g. "FREQ=WEEKLY;INTERVAL=5;BYDAY=MO"; empty: "when needed".
    cadence = models.CharField(_("cadence (RRULE)"), max_length=200, blank=True)
    first_day = models.DateField(_("first meeting"), null=True, blank=True)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    skip_closed_days = models.BooleanField(_("skip public holidays and closed days"), default=True)
    # The meeting's parts where a seed describes two (e.g. cases, then the psychologist's supervision).
    parts = models.JSONField(_("parts"), default=list, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="fora", verbose_name=_("standing participants")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("fora")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(district__isnull=False), name="forum_has_unit_or_district"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parts = models.JSONField(_("parts"), default=list, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings", verbose_name=_("participants")
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["unit", "starts_at"], name="meeting_unit_starts"),
            models.Index(fields=["district", "starts_at"], name="meeting_district_starts"),
            models.Index(fields=["chair", "starts_at"], name="meeting_chair_starts"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["forum", "starts_at"], name="meeting_once_per_forum_and_time"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def place(self) -> str:
        """The unit's or the district's name (needs them loaded with ``select_related``)."""
        found = self.unit or self.district
        return found.name if found else ""


class Sharing(models.TextChoices):
    """Why the item may carry the child's name (domain.md §5), or that it may not."""

    CONSENT = "consent", _("Consent from the holder of parental authority")
    ONE_MEETING = "one_meeting", _("Sharing without consent at one meeting")
    ANONYMOUS = "anonymous", _("Anonymous: first name only")


class AgendaItem(models.Model):
    """One child on one meeting's agenda, and the minutes of its discussion (the 8 steps)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="agenda_items")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Step 1: on what grounds the child is discussed by name; the first name is what an anonymous item shows.
    sharing = models.CharField(_("consent"), max_length=12, choices=Sharing.choices)
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    # Step 2.
    problem = models.TextField(_("the problem to discuss"), max_length=5000)
    # Step 3: each perspective, the parents' and the child's voice included.
    knowledge_professionals = models.TextField(_("what the professionals know"), blank=True)
    knowledge_parents = models.TextField(_("the parents' perspective"), blank=True)
    knowledge_child = models.TextField(_("the child's voice"), blank=True)
    # Step 4.
    discussion = models.TextField(_("multi-professional discussion"), blank=True)
    # Step 5 (besides the agreements): who keeps contact with the parents.
    parent_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("keeps contact with the parents"),
    )
    # Step 6 is the intervention with goals (plans); step 7: when and how it is evaluated.
    intervention_note = models.TextField(_("intervention and its goals"), blank=True)
    evaluation_plan = models.TextField(_("when and how it is evaluated"), blank=True)
    # Step 8.
    new_agreements = models.TextField(_("new agreements and interventions"), blank=True)
    minutes_version = models.PositiveIntegerField(default=0)
    minutes_saved_at = models.DateTimeField(_("minutes saved"), null=True, blank=True)
    minutes_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        indexes = [models.Index(fields=["child", "meeting"], name="agendaitem_child")]
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="agendaitem_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.first_name}"

    @property
    def anonymous(self) -> bool:
        return self.sharing == Sharing.ANONYMOUS


class Agreement(models.Model):
    """Step 5: who does what by when. ``owner`` is a professional; ``owner_other`` e.g. "Mor"."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="agreements")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="agreements")
    what = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("who"),
    )
    owner_other = models.CharField(_("who (not staff)"), max_length=100, blank=True)
    due = models.DateField(_("by when"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["owner", "due"], condition=Q(done_on__isnull=True), name="agreement_open_owner_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(owner__isnull=False) | ~Q(owner_other=""), name="agreement_has_owner"),
        ]

    def __str__(self) -> str:
        return self.what


class ItemView(models.Model):
    """Who has seen an item, on which sharing basis (recorded, domain.md §5), first and last time."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=12)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="itemview_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.item} · {self.basis}"
