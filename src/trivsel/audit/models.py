"""The access log (Datatilsynet's guidance) and the field-level change history of child data.

Both tables are append-only: plain ids instead of foreign keys, so that deleting a user or a
child never rewrites the log, and on PostgreSQL a trigger refuses UPDATE and DELETE (only the
retention purge may delete, see ``purge_access_log``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    REVEAL_CPR = "reveal_cpr", _("Show CPR number")
    DENIED = "denied", _("Denied")


class AccessLog(models.Model):
    at = models.DateTimeField(_("time (UTC)"), db_index=True)
    user_id = models.BigIntegerField(_("user"), null=True)
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    unit_id = models.BigIntegerField(_("unit"), null=True)
    child_id = models.BigIntegerField(_("child"), null=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    # What was touched, e.g. "children.child" / "consent.consent", and its id.
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    search_criterion = models.CharField(_("search criterion"), max_length=200, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child_id", "-at"], name="accesslog_child"),
            models.Index(fields=["user_id", "-at"], name="accesslog_user"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}#{self.object_id}"


class FieldChange(models.Model):
    """One field's old and new value: the history of child data, readable by those with access."""

    log = models.ForeignKey(AccessLog, on_delete=models.DO_NOTHING, related_name="field_changes", db_constraint=False)
    child_id = models.BigIntegerField(null=True)
    object_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child_id", "log"], name="fieldchange_child")]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id}.{self.field}"
