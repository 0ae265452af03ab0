"""Transitions between units (seed 002): the move itself, and the handover written with the parents.

A ``Transition`` moves a child from a sending unit to a receiving one on a date: the receiving
enrolment starts that day, the sending one ends the day before, and the sending staff keep a
grant for a configurable period after it. The ``Handover`` (*overgangsskema*) is written by the
sending staff, frozen when sent to the parents, approved by them with their own view, and shared
with the receiving unit only under their consent for that purpose; the receiver sees exactly the
frozen ``content`` the parents approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child, ChildAccessGrant, Enrolment, Guardian
from trivsel.consent.models import Consent
from trivsel.meetings.models import Meeting
from trivsel.organisation.models import Group, Unit


class Kind(models.TextChoices):
    KINDERGARTEN = "boernehave", _("Nursery or childminding → kindergarten")
    SCHOOL_START = "skolestart", _("Daycare → school")
    CLUB = "klub", _("After-school care → club")
    YOUTH_EDUCATION = "ungdomsuddannelse", _("School → youth education")
    CHANGE_OF_UNIT = "skift", _("Change to another unit")


class Status(models.TextChoices):
    """Where the handover is; stored (not derived) so that the leader's overview counts in the database."""

    DRAFT = "draft", _("Being prepared")
    WITH_PARENTS = "with_parents", _("With the parents for approval")
    APPROVED = "approved", _("Approved by the parents")
    SHARED = "shared", _("Shared with the receiving unit")
    ACKNOWLEDGED = "acknowledged", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class Transition(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("child"))
    kind = models.CharField(_("kind of transition"), max_length=20, choices=Kind.choices)
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="transitions_out", verbose_name=_("sending unit")
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="transitions_in", verbose_name=_("receiving unit")
    )
    to_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("receiving group")
    )
    moves_on = models.DateField(_("first day in the receiving unit"))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    # The enrolments the move changed, so that cancelling can undo exactly that.
    from_enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    from_enrolment_end = models.DateField(null=True, blank=True)  # its end before the move
    to_enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_enrolment = models.BooleanField(default=False)
    # The sending staff's access for the period after the move (revoked if the move is cancelled).
    grants = models.ManyToManyField(ChildAccessGrant, blank=True, related_name="+")
    bridge_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bridge meeting")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["moves_on", "id"]
        indexes = [
            models.Index(fields=["to_unit", "moves_on"], name="transition_to_unit"),
            models.Index(fields=["from_unit", "moves_on"], name="transition_from_unit"),
            models.Index(fields=["child", "moves_on"], name="transition_child"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="transition_two_units"),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.from_unit} → {self.to_unit}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED


class Handover(models.Model):
    """The overgangsskema: written by the sending staff, approved by the parents, shared with consent."""

    transition = models.OneToOneField(Transition, on_delete=models.CASCADE, related_name="handover")
    strengths = models.TextField(_("the child's strengths"), max_length=5000, blank=True)
    what_works = models.TextField(_("what works for the child"), max_length=5000, blank=True)
    needs = models.TextField(_("the child's needs"), max_length=5000, blank=True)
    child_view = models.TextField(_("the child's own voice"), max_length=5000, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed contact person"),
    )
    include_plan = models.BooleanField(_("include ongoing interventions and goals"), default=True)
    include_screenings = models.BooleanField(_("include the screening history"), default=True)
    # What the parents are asked to approve, frozen when sent to them: the texts and the plan and
    # screenings as they were then. The parents' own view is added to it when they approve.
    content = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    parents_comment = models.TextField(_("the parents' request for changes"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement_note = models.TextField(_("note to the sending unit"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{_('Handover')} · {self.transition}"
