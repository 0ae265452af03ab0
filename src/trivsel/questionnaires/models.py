"""Questionnaires: loaded instrument versions, requests to respondents, responses and their scores.

An ``Instrument`` is one version's definition as loaded from its file (``instruments.py``); the
item texts of a licensed instrument live only in the database (``ItemText``, loaded by the
municipality), never in the repository. A ``QuestionnaireRequest`` asks one respondent (a
guardian, a professional, the young person) with a deadline, optionally by a single-use link
whose token is stored only as a digest. A ``Response`` is kept while half filled; on submission
it is scored into one ``Score`` row per scale, so that groups can be counted in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child, Guardian


class InstrumentKind(models.TextChoices):
    SDQ = "sdq", "SDQ"
    EXPERIENCE = "experience", _("Experience of the help")


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=InstrumentKind.choices, default=InstrumentKind.SDQ)
    informant = models.CharField(_("informant"), max_length=10)
    age_from = models.PositiveSmallIntegerField(_("from age"))
    age_to = models.PositiveSmallIntegerField(_("to age"))
    definition = models.JSONField(_("definition"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ItemText(models.Model):
    """The licensed wording of one question, loaded by the municipality (``load_instrument_texts``).

    ``key`` is an item number ("1"–"25"), ``gate`` for the impact supplement's first question, or
    an impact item's code (e.g. ``distress``).
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("question"), max_length=20)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "key"], name="itemtext_once")]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.key}"


class Respondent(models.TextChoices):
    PARENT = "parent", _("Parent")
    PROFESSIONAL = "professional", _("Pedagogue or teacher")
    YOUTH = "youth", _("The young person")


class Source(models.TextChoices):
    LINK = "link", _("Link")
    PORTAL = "portal", _("Parent portal")
    APP = "app", _("Trivsel")
    PAPER = "paper", _("Paper form entered by a professional")


class QuestionnaireRequest(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="questionnaire_requests")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("questionnaire")
    )
    respondent = models.CharField(_("respondent"), max_length=12, choices=Respondent.choices)
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaire_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    due = models.DateField(_("deadline"))
    # sha256 of the link's token: a guessed or leaked database row gives no working link.
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire request")
        verbose_name_plural = _("questionnaire requests")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["child", "requested_at"], name="qrequest_child"),
            models.Index(
                fields=["due"],
                condition=Q(answered_at__isnull=True, cancelled_at__isnull=True),
                name="qrequest_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.child}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.cancelled_at is None


class Response(models.Model):
    """Answers to one instrument for one child; ``submitted_at`` empty while half filled."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="questionnaire_responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        QuestionnaireRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    respondent = models.CharField(_("respondent"), max_length=12, choices=Respondent.choices)
    source = models.CharField(_("how it was answered"), max_length=8, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {"1": 0, "2": null, ...}: item number → answer value; "gate" and the impact items apart.
    answers = models.JSONField(default=dict)
    gate = models.SmallIntegerField(null=True, blank=True)
    impact = models.JSONField(default=dict)
    measured_on = models.DateField(_("date"))
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The change since the child's previous response from the same kind of respondent to the same kind
    # of instrument (``scores.py``), kept up to date when an earlier response is entered later.
    baseline = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    change_index = models.FloatField(_("reliable change index"), null=True, blank=True)  # of the total
    added_value = models.FloatField(_("added value"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["-measured_on", "-id"]
        indexes = [
            models.Index(fields=["child", "measured_on"], name="qresponse_child"),
            models.Index(
                fields=["measured_on", "instrument"],
                name="qresponse_submitted",
                condition=Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.child} · {self.measured_on}"


class Score(models.Model):
    """One scale's score of a submitted response, denormalised for counting in the database."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    # Copies of the response's own child and instrument, for counting without a join. The response's
    # foreign keys guard them; a constraint of their own would triple the checks a bulk import of
    # 100,000 responses (800,000 scores) makes at commit. Django still cascades and protects.
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    scale = models.CharField(max_length=20)
    value = models.SmallIntegerField(null=True)
    band = models.SmallIntegerField(null=True)
    measured_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["child", "scale", "measured_on"], name="score_child_scale"),
            models.Index(fields=["instrument", "scale", "measured_on"], name="score_instrument_scale"),
        ]
        constraints = [models.UniqueConstraint(fields=["response", "scale"], name="score_once_per_scale")]

    def __str__(self) -> str:
        return f"{self.scale} = {self.value}"
