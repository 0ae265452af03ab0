"""The dashboard's figures, precomputed: suppressed counts per table, half-year, place and category.

``refresh.py`` writes them — hourly by a background job, and by ``manage.py refresh_indicators`` —
so that a page reads a handful of rows instead of counting two million screenings, and every
viewer sees the same suppression. A cell not stored is a shown zero.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorCell(models.Model):
    table = models.CharField(max_length=30)
    period = models.CharField(max_length=6)  # a half-year: "2026-2"
    node = models.CharField(max_length=12)  # "m", "d<id>", "u<id>" (effect.places)
    category = models.CharField(max_length=24)
    value = models.IntegerField()
    hidden = models.BooleanField()
    # For means: the sum of the measured values under the node, and of their squares.
    total = models.FloatField(null=True)
    squares = models.FloatField(null=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [models.Index(fields=["table", "period", "node"], name="indicator_lookup")]

    def __str__(self) -> str:
        return f"{self.table} {self.period} {self.node} {self.category} = {self.value}"


class IndicatorRefresh(models.Model):
    """When a table's half-year was last counted."""

    table = models.CharField(max_length=30)
    period = models.CharField(max_length=6)
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "period"], name="indicator_refresh_once")]

    def __str__(self) -> str:
        return f"{self.table} {self.period} {self.refreshed_at}"
