"""School attendance (fremmøde / fravær): one row per child, school and period, imported from the school's system."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child
from trivsel.organisation.models import Unit


class AttendanceRecord(models.Model):
    """A pupil's school days and absence in one period, as the school reported it.

    The school systems export three kinds of absence: illness (sygefravær), authorised absence
    (lovligt fravær, e.g. a family holiday the school allowed) and unauthorised absence (ulovligt
    fravær). Importing the same period again replaces the numbers.
    """

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="attendance_records", verbose_name=_("child")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="attendance_records", verbose_name=_("school")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    expected_days = models.PositiveSmallIntegerField(_("school days"))
    # Days with one decimal: half days are common (a pupil sent home at noon), and the exports have them.
    sick_days = models.DecimalField(_("sick days"), max_digits=5, decimal_places=1, default=Decimal(0))
    authorised_days = models.DecimalField(_("authorised absence"), max_digits=5, decimal_places=1, default=Decimal(0))
    unauthorised_days = models.DecimalField(
        _("unauthorised absence"), max_digits=5, decimal_places=1, default=Decimal(0)
    )
    imported_at = models.DateTimeField(_("imported"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["child", "period_start"]
        indexes = [
            # The dashboard's aggregates: per unit and month, and per child over a period.
            models.Index(fields=["unit", "period_start"], name="attendance_unit_start"),
            models.Index(fields=["child", "period_start"], name="attendance_child_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "unit", "period_start", "period_end"], name="attendance_unique_period"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="attendance_end_after_start"),
            models.CheckConstraint(
                condition=Q(sick_days__gte=0, authorised_days__gte=0, unauthorised_days__gte=0),
                name="attendance_absence_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(expected_days__gte=F("sick_days") + F("authorised_days") + F("unauthorised_days")),
                name="attendance_absence_within_school_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.unit} · {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"

    @property
    def absent_days(self) -> Decimal:
        return self.sick_days + self.authorised_days + self.unauthorised_days
