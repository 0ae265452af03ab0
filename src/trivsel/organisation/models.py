"""The municipality's organisation: districts, units, groups and staff memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """One deployment serves one municipality; this row holds its name and code."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("municipality code"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    CHILDMINDER = "dagpleje", _("Childminding (dagpleje)")
    NURSERY = "vuggestue", _("Nursery (vuggestue)")
    KINDERGARTEN = "boernehave", _("Kindergarten (børnehave)")
    INTEGRATED = "integreret", _("Integrated daycare")
    SCHOOL = "skole", _("School")
    AFTER_SCHOOL = "sfo", _("After-school care (SFO)")
    CLUB = "klub", _("Club")
    YOUTH_EDUCATION = "ungdomsuddannelse", _("Youth education")
    PPR = "ppr", _("Educational psychology (PPR)")
    HEALTH_VISITING = "sundhedspleje", _("Health visiting (sundhedspleje)")
    CHILDREN_AND_FAMILY = "boern_og_familie", _("Children and Family (authority)")


class EnrolmentTrack(models.TextChoices):
    """A child has at most one enrolment at a time on each track (daycare, school, leisure …)."""

    HEALTH = "health", _("Health visiting")
    DAYCARE = "daycare", _("Daycare")
    SCHOOL = "school", _("School")
    LEISURE = "leisure", _("Leisure")
    SPECIALIST = "specialist", _("Specialist service")


UNIT_TRACK: dict[str, str] = {
    UnitKind.CHILDMINDER: EnrolmentTrack.DAYCARE,
    UnitKind.NURSERY: EnrolmentTrack.DAYCARE,
    UnitKind.KINDERGARTEN: EnrolmentTrack.DAYCARE,
    UnitKind.INTEGRATED: EnrolmentTrack.DAYCARE,
    UnitKind.SCHOOL: EnrolmentTrack.SCHOOL,
    UnitKind.YOUTH_EDUCATION: EnrolmentTrack.SCHOOL,
    UnitKind.AFTER_SCHOOL: EnrolmentTrack.LEISURE,
    UnitKind.CLUB: EnrolmentTrack.LEISURE,
    UnitKind.HEALTH_VISITING: EnrolmentTrack.HEALTH,
    UnitKind.PPR: EnrolmentTrack.SPECIALIST,
    UnitKind.CHILDREN_AND_FAMILY: EnrolmentTrack.SPECIALIST,
}


class Unit(models.Model):
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="units",
        null=True,
        blank=True,
        verbose_name=_("district"),
        help_text=_("Empty for units that serve the whole municipality."),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "kind"], name="unit_district_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def track(self) -> str:
        return UNIT_TRACK[self.kind]


class Group(models.Model):
    """A room, class or team of children inside a unit (stue, klasse, gruppe)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="groups", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["unit__name", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit.name})"


class Role(models.TextChoices):
    FRONTLINE = "frontline", _("Pedagogue / teacher")
    LEADER = "leader", _("Leader")
    DISTRICT_ADVISER = "district_adviser", _("District adviser")
    CASE_WORKER = "case_worker", _("Case worker")
    SPECIALIST = "specialist", _("Specialist")
    # Management and analysts: the effect dashboard of a district, or of the whole municipality
    # when no district is given; aggregates only, never a child.
    ANALYST = "analyst", _("Analyst / management")
    # Case review: the lead defines schemas and rounds and reads the results; reviewers rate the
    # cases of a round they are assigned to, and see those children only through the round's grants.
    REVIEW_LEAD = "review_lead", _("Case review lead")
    REVIEWER = "reviewer", _("Case reviewer")


class Profession(models.TextChoices):
    PEDAGOGUE = "paedagog", _("Pedagogue")
    TEACHER = "laerer", _("Teacher")
    CHILDMINDER = "dagplejer", _("Childminder")
    PSYCHOLOGIST = "psykolog", _("Psychologist (PPR)")
    HEALTH_VISITOR = "sundhedsplejerske", _("Health visitor")
    SPEECH_THERAPIST = "tale_hoere", _("Speech and hearing consultant")
    OCCUPATIONAL_THERAPIST = "ergoterapeut", _("Occupational therapist")
    SOCIAL_WORKER = "socialraadgiver", _("Social worker")
    OTHER = "andet", _("Other")


class Membership(models.Model):
    """A professional's role in a unit (and, for frontline staff, a group) over a period.

    District advisers hold a membership of their district instead of a unit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True, verbose_name=_("unit")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True, verbose_name=_("group")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "start"]
        indexes = [
            models.Index(fields=["user", "end"], name="membership_user_end"),
            models.Index(fields=["group", "role"], name="membership_group_role"),
            models.Index(fields=["unit", "role"], name="membership_unit_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="membership_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False)
                | Q(district__isnull=False)
                | Q(role__in=["analyst", "review_lead", "reviewer"]),
                name="membership_has_place",
            ),
        ]

    def __str__(self) -> str:
        place = self.group or self.unit or self.district
        return f"{self.user} · {self.get_role_display()} · {place}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("The end date must be on or after the start date.")
        if self.group is not None and self.unit_id and self.group.unit_id != self.unit_id:
            errors["group"] = _("The group must belong to the chosen unit.")
        if self.role == Role.DISTRICT_ADVISER and not self.district_id:
            errors["district"] = _("A district adviser must belong to a district.")
        if self.role not in (Role.DISTRICT_ADVISER, Role.ANALYST, Role.REVIEW_LEAD, Role.REVIEWER) and not self.unit_id:
            errors["unit"] = _("Choose the unit the person works in.")
        if self.role == Role.FRONTLINE and not self.group_id:
            errors["group"] = _("Pedagogues and teachers must belong to a group.")
        if errors:
            raise ValidationError(errors)

    def is_current(self, on: datetime.date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)
