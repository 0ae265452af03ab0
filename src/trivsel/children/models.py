"""Children, their guardians, their enrolments and explicit access grants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.organisation.models import EnrolmentTrack, Group, Unit


class Child(models.Model):
    """A child or young person 0–18: a person record, not a user."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    # CPR is optional (databeskyttelsesloven § 11): stored encrypted, found by a keyed digest.
    cpr_encrypted = models.TextField(blank=True, editable=False)
    cpr_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="child_name"),
            models.Index(fields=["birth_date"], name="child_birth_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cpr_digest"], condition=~Q(cpr_digest=""), name="child_unique_cpr"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_encrypted)


class Guardian(models.Model):
    """A parent or other adult; consent counts only where the guardianship holds custody."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
        verbose_name=_("login"),
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class GuardianRelation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    OTHER = "other", _("Other")


class Guardianship(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("child"))
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("guardian")
    )
    relation = models.CharField(_("relation"), max_length=10, choices=GuardianRelation.choices)
    has_custody = models.BooleanField(_("holds custody"), default=True)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [models.UniqueConstraint(fields=["child", "guardian"], name="guardianship_unique")]
        indexes = [models.Index(fields=["guardian", "has_custody"], name="guardianship_guardian")]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.child}"


class Enrolment(models.Model):
    """A child's membership of a unit (and usually a group) over a period."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("child"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("unit"))
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="enrolments", null=True, blank=True, verbose_name=_("group")
    )
    # Copied from the unit's kind: at most one enrolment at a time per track.
    track = models.CharField(_("track"), max_length=12, choices=EnrolmentTrack.choices, editable=False)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["child", "start"], name="enrolment_child"),
            # Covering (child_id included) so the access policy reads them index-only on PostgreSQL.
            models.Index(fields=["group", "start", "end"], include=["child"], name="enrolment_group_cover"),
            models.Index(fields=["unit", "start", "end"], include=["child"], name="enrolment_unit_cover"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="enrolment_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.group or self.unit}"


class GrantSource(models.TextChoices):
    MANUAL = "manual", _("Given by a leader")
    MEETING = "meeting", _("Meeting participation")
    NOTIFICATION = "notification", _("Notification")
    REVIEW = "review", _("Case review")
    TRANSITION = "transition", _("Transition")
    PLAN = "plan", _("Responsible for an intervention")


class ChildAccessGrant(models.Model):
    """Explicit, time-limited access to one child for one user, with a reason."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_grants", verbose_name=_("child"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="child_grants", verbose_name=_("user")
    )
    source = models.CharField(_("source"), max_length=12, choices=GrantSource.choices, default=GrantSource.MANUAL)
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    starts_at = models.DateTimeField(_("valid from"))
    ends_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        indexes = [
            models.Index(fields=["user", "ends_at"], name="grant_user_ends"),
            models.Index(fields=["child", "ends_at"], name="grant_child_ends"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.child} ({self.get_source_display()})"
