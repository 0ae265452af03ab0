"""Office hours (træffetid, seed 004): a specialist publishes slots; staff book a short consultation.

A consultation is about a named child only under a custody holder's consent to share information
with the host; otherwise it is anonymous ("dreng, 7 år"). The host gets no access to the child's
record: the consultation's own page shows the name, birth date and question, while the consent holds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child
from trivsel.consent.models import Consent


class OfficeHours(models.Model):
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="office_hours", verbose_name=_("host")
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what you can get help with"), max_length=2000, blank=True)
    location = models.CharField(_("where"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per consultation"))
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], condition=Q(cancelled_at__isnull=True), name="officehours_open"),
            models.Index(fields=["host", "starts_at"], name="officehours_host"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="officehours_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class Slot(models.Model):
    office_hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["office_hours", "starts_at"], name="slot_office_hours")]

    def __str__(self) -> str:
        return f"{self.office_hours.title} {self.starts_at:%H:%M}"


class Consultation(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="consultations")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations")
    question = models.TextField(_("what you would like to talk about"), max_length=2000)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    anonymous_description = models.CharField(_("the child, without a name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["slot__starts_at", "id"]
        indexes = [models.Index(fields=["booked_by", "created_at"], name="consultation_booker")]
        constraints = [
            # A slot is booked once; a cancelled booking frees it again.
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True), name="slot_booked_once"),
            models.CheckConstraint(
                condition=Q(child__isnull=False, consent__isnull=False, anonymous_description="")
                | Q(child__isnull=True, consent__isnull=True),
                name="consultation_named_or_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.booked_by}"

    @property
    def is_named(self) -> bool:
        return self.child_id is not None
