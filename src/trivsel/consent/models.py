"""A guardian's consent: purpose, recipients, period, and withdrawal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child, Guardian
from trivsel.organisation.models import Role, Unit


class Purpose(models.TextChoices):
    MULTIPROFESSIONAL_DISCUSSION = "discussion", _("Multi-professional discussion")
    TRANSITION_HANDOVER = "handover", _("Handover at a transition")
    QUESTIONNAIRES = "questionnaires", _("Questionnaires")
    INFORMATION_SHARING = "sharing", _("Sharing information between professionals")


class Method(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral, noted by staff")
    DIGITAL = "digital", _("Digital, by the parent")


class Consent(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents", verbose_name=_("child"))
    guardian = models.ForeignKey(
        Guardian, on_delete=models.PROTECT, related_name="consents", verbose_name=_("guardian")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    information = models.TextField(
        _("which information"),
        blank=True,
        help_text=_("What may be shared, e.g. observations from daycare and the parents' own account."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    given_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["child", "purpose", "valid_until"], name="consent_child_purpose")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="consent_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.child}"


class RecipientKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    ROLE = "role", _("Role")
    USER = "user", _("Named person")


class ConsentRecipient(models.Model):
    """Who the consent lets the information go to: a unit, a role, or a named person."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=4, choices=RecipientKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="unit", unit__isnull=False, role="", user__isnull=True)
                    | Q(kind="role", unit__isnull=True, user__isnull=True) & ~Q(role="")
                    | Q(kind="user", unit__isnull=True, role="", user__isnull=False)
                ),
                name="recipient_one_target",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == RecipientKind.UNIT:
            return str(self.unit)
        if self.kind == RecipientKind.ROLE:
            return str(Role(self.role).label)
        return str(self.user)
