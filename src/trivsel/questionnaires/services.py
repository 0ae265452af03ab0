"""Every write of questionnaires: loading instruments and licensed texts, asking a respondent,
saving answers (half filled or submitted), scoring on submission, and the link reminders.

A link's token is returned once, to be sent, and stored only as its sha256 digest; a link works
until the response is submitted, the request is cancelled or the link expires (the digest stays,
so that a reused link is logged against its child). Answers are child
data: the log names the fields, never the answers. Asking a professional or the young person
needs a guardian's consent to questionnaires; a guardian asked answers or not, as they choose.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access, log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child, Guardian
from trivsel.consent.models import Purpose
from trivsel.consent.selectors import consents_in_force
from trivsel.lib.time import age_on, today
from trivsel.questionnaires.instruments import Definition, definition_of, instrument_read
from trivsel.questionnaires.models import (
    Instrument,
    ItemText,
    QuestionnaireRequest,
    Respondent,
    Response,
)
from trivsel.questionnaires.scores import responses_score

PURPOSE = "questionnaire"
# What the impact questions are about (not their licensed wording, which a municipality loads).
IMPACT_TOPICS: dict[str, Promise] = {
    "gate": gettext_lazy("Difficulties overall"),
    "distress": gettext_lazy("Distress"),
    "home": gettext_lazy("Home life"),
    "friendships": gettext_lazy("Friendships"),
    "peers": gettext_lazy("Peer relations"),
    "classroom": gettext_lazy("Classroom learning"),
    "leisure": gettext_lazy("Leisure activities"),
}
INFORMANT_OF = {Respondent.PARENT: "parent", Respondent.PROFESSIONAL: "teacher", Respondent.YOUTH: "self"}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def instrument_load(path: Path) -> Instrument:
    """Add or replace an instrument version from its file (validated: errors name the file)."""
    definition = instrument_read(path)
    instrument, _created = Instrument.objects.update_or_create(
        code=definition.code,
        defaults={
            "name": definition.name,
            "kind": definition.kind,
            "informant": definition.informant,
            "age_from": definition.age_from,
            "age_to": definition.age_to,
            "definition": json.loads(path.read_text(encoding="utf-8")),
        },
    )
    return instrument


def _text_key_error(definition: Definition, key: str) -> bool:
    impact_keys = {"gate", *definition.impact.items} if definition.impact is not None else set()
    return not ((key.isdigit() and 1 <= int(key) <= definition.items) or key in impact_keys)


@transaction.atomic
def instrument_texts_load(path: Path) -> int:
    """The municipality's licensed texts: a CSV file ``instrument;question;text`` (UTF-8).

    ``question`` is an item number, ``gate`` or an impact item's code. Every line is checked
    first; a file with an error changes nothing.
    """
    instruments = {i.code: i for i in Instrument.objects.all()}
    errors: list[str] = []
    rows: list[ItemText] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(csv.reader(handle, delimiter=";"), start=1):
            where = f"{path.name}, line {number}"
            if len(line) != 3:
                errors.append(f"{where}: expected instrument;question;text")
                continue
            code, key, text = (part.strip() for part in line)
            instrument = instruments.get(code)
            if instrument is None:
                errors.append(f"{where}: unknown instrument {code!r}")
            elif _text_key_error(definition_of(instrument.definition), key):
                errors.append(f"{where}: {key!r} is not a question of {code}")
            elif not text or len(text) > 300:
                errors.append(f"{where}: the text must have 1 to 300 characters")
            else:
                rows.append(ItemText(instrument=instrument, key=key, text=text))
    if errors:
        raise ValidationError(errors)
    ItemText.objects.filter(instrument__in={r.instrument for r in rows}).delete()
    ItemText.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True)
class NewRequest:
    request: QuestionnaireRequest
    token: str  # empty when no link was made; shown or sent once, never stored

    @property
    def link(self) -> str:
        return link_url(self.token) if self.token else ""


def link_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("questionnaires:link", args=[token])


def has_questionnaire_consent(child: Child, on: datetime.date) -> bool:
    return consents_in_force(child, Purpose.QUESTIONNAIRES, on).exists()


def _request_errors(
    child: Child,
    instrument: Instrument,
    respondent: str,
    guardian: Guardian | None,
    professional: User | None,
    due: datetime.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    age = age_on(child.birth_date, today())
    if not instrument.age_from <= age <= instrument.age_to:
        values = {"low": instrument.age_from, "high": instrument.age_to, "age": age}
        errors["instrument"] = _("The questionnaire is for ages %(low)d to %(high)d; the child is %(age)d.") % values
    elif INFORMANT_OF[Respondent(respondent)] != instrument.informant:
        errors["respondent"] = _("This questionnaire is not for that respondent.")
    if respondent == Respondent.PARENT and (
        guardian is None or not guardian.guardianships.filter(child=child, has_custody=True).exists()
    ):
        errors["guardian"] = _("Choose a guardian who holds custody.")
    if respondent == Respondent.PROFESSIONAL and (professional is None or professional.is_guardian):
        errors["professional"] = _("Choose the pedagogue or teacher who answers.")
    if respondent != Respondent.PARENT and not has_questionnaire_consent(child, today()):
        errors["respondent"] = _(
            "A guardian's consent to questionnaires is needed before a professional or the young person is asked."
        )
    if due < today():
        errors["due"] = _("The deadline cannot be in the past.")
    return errors


def _new_token(request: QuestionnaireRequest) -> str:
    token = secrets.token_urlsafe(24)
    request.token_digest = token_digest(token)
    end = request.due + datetime.timedelta(days=settings.QUESTIONNAIRE_LINK_GRACE_DAYS)
    request.token_expires_at = timezone.make_aware(datetime.datetime.combine(end, datetime.time(23, 59)))
    return token


@transaction.atomic
def request_create(
    *,
    actor: User,
    child: Child,
    instrument: Instrument,
    respondent: str,
    due: datetime.date,
    guardian: Guardian | None = None,
    professional: User | None = None,
) -> NewRequest:
    """A professional with a relation asks a guardian, a colleague or the young person (11–17).

    A guardian or the young person gets a single-use link (e-mailed to a guardian with an
    address; shown once to the professional to hand over); a colleague answers in Trivsel.
    """
    if not can(actor, "view_child_details", child):
        raise PermissionDenied
    errors = _request_errors(child, instrument, respondent, guardian, professional, due)
    if errors:
        raise ValidationError(errors)
    request = QuestionnaireRequest(
        child=child, instrument=instrument, respondent=respondent, requested_by=actor, due=due,
        guardian=guardian if respondent == Respondent.PARENT else None,
        professional=professional if respondent == Respondent.PROFESSIONAL else None,
    )  # fmt: skip
    token = "" if respondent == Respondent.PROFESSIONAL else _new_token(request)
    request.save()
    changes = {"instrument": (None, instrument.code), "respondent": (None, respondent), "due": (None, due.isoformat())}
    _log(actor, request, Action.CREATE, changes)
    if token and request.guardian is not None and request.guardian.email:
        _send_link(request, token, reminder=False)
    return NewRequest(request, token)


@transaction.atomic
def request_cancel(*, actor: User, request: QuestionnaireRequest) -> QuestionnaireRequest:
    if not can(actor, "view_child_details", request.child):
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(_("The request has already been answered or cancelled."))
    request.cancelled_at = timezone.now()
    request.save(update_fields=["cancelled_at"])
    _log(actor, request, Action.CHANGE, {"cancelled": (None, True)})
    return request


def _send_link(request: QuestionnaireRequest, token: str, *, reminder: bool) -> None:
    """E-mail a guardian their link: the child's first name, the deadline and the link; no answers, no scores."""
    assert request.guardian is not None
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "first_name": request.child.first_name, "due": request.due.strftime("%d-%m-%Y"), "link": link_url(token),
            "days": settings.QUESTIONNAIRE_LINK_GRACE_DAYS,
        }  # fmt: skip
        subject = (
            _("Reminder: a questionnaire about %(first_name)s")
            if reminder
            else _("A questionnaire about %(first_name)s")
        )
        body = _(
            "We ask you to answer a questionnaire about how %(first_name)s is doing. Please answer by %(due)s."
            "\n\n%(link)s\n\nThe link is for you only and works until you send your answers, at most %(days)s days "
            "after the deadline. You can save and continue later. If you were sent a newer link, use that one."
        )
        send_mail(subject % values, body % values, settings.DEFAULT_FROM_EMAIL, [request.guardian.email])


def _log(
    actor: User | None,
    obj: QuestionnaireRequest | Response,
    action: Action,
    changes: Mapping[str, tuple[object, object]],
) -> None:
    if actor is None:  # a respondent by link: no user, the object and the child say what
        log_access(actor=None, action=action, child_id=obj.child_id, obj=obj, purpose=PURPOSE, changed_fields=changes)
        return
    relation = relation_for(actor, obj.child)
    log_change(
        actor=actor, action=action, obj=obj, child_id=obj.child_id, relation=relation, purpose=PURPOSE, changes=changes
    )


def _clean(
    definition: Definition, answers: Mapping[str, object], gate: object, impact: Mapping[str, object]
) -> tuple[dict[str, int | None], int | None, dict[str, int | None]]:
    """Answers as stored: every item key present, None where unanswered; anything off the scale refused."""

    def value(raw: object, allowed: tuple[int, ...], label: str) -> int | None:
        if raw in ("", None):
            return None
        if isinstance(raw, int) and not isinstance(raw, bool) and raw in allowed:
            return raw
        raise ValidationError(
            {"answers": _("%(question)s has an answer that is not on the scale.") % {"question": label}}
        )

    items = {
        str(n): value(answers.get(str(n)), definition.answer_values, _("Item %(n)d") % {"n": n})
        for n in range(1, definition.items + 1)
    }
    if definition.impact is None:
        return items, None, {}
    points = tuple(definition.impact.points)
    gate_value = value(gate, definition.impact.gate_values, _("The question on difficulties"))
    impact_values = {
        code: value(
            impact.get(code), points, _("The impact question on %(topic)s") % {"topic": IMPACT_TOPICS.get(code, code)}
        )
        for code in definition.impact.items
    }
    return items, gate_value, impact_values


def _may_answer(actor: User | None, child: Child, request: QuestionnaireRequest | None) -> bool:
    if request is not None and (request.child_id != child.pk or not request.is_open):
        return False
    if actor is None:
        return request is not None
    if actor.is_guardian:
        return request is not None and request.guardian is not None and request.guardian.user_id == actor.pk
    return can(actor, "view_child_details", child) and (request is None or request.professional_id == actor.pk)


@transaction.atomic
def response_save(
    *,
    actor: User | None,
    child: Child,
    instrument: Instrument,
    respondent: str,
    source: str,
    answers: Mapping[str, object],
    gate: object = None,
    impact: Mapping[str, object] | None = None,
    request: QuestionnaireRequest | None = None,
    measured_on: datetime.date | None = None,
    submit: bool = False,
) -> Response:
    """Keep the answers given so far; with ``submit``, score them. ``actor`` None: a respondent by link;
    a guardian answers their own request in the portal; a professional theirs, or types a paper form.

    A response to a request is one row, saved again on each save until it is submitted.
    """
    if not _may_answer(actor, child, request):
        raise PermissionDenied
    if request is None and respondent != Respondent.PARENT and not has_questionnaire_consent(child, today()):
        message = _(
            "A guardian's consent to questionnaires is needed for a professional's or the young person's answers."
        )
        raise ValidationError({"respondent": message})
    day = measured_on or today()
    if day > today():
        raise ValidationError({"measured_on": _("The date cannot be in the future.")})
    definition = definition_of(instrument.definition)
    items, gate_value, impact_values = _clean(definition, answers, gate, impact or {})
    response = Response.objects.select_for_update().filter(request=request).first() if request is not None else None
    action = Action.CHANGE if response is not None else Action.CREATE
    if response is None:
        response = Response(
            child=child, instrument=instrument, request=request, respondent=respondent, source=source,
            entered_by=actor, measured_on=day,
        )  # fmt: skip
    response.answers, response.gate, response.impact, response.measured_on = items, gate_value, impact_values, day
    if submit:
        response.submitted_at = timezone.now()
    response.save()
    if submit:
        responses_score([response])
        if request is not None:
            request.answered_at = response.submitted_at
            request.save(update_fields=["answered_at"])
    _log(actor, response, action, {"answers": ("", "…"), "submitted": (None, submit)})
    return response


def link_reminders_send(now: datetime.datetime) -> int:
    """Once per request, ``QUESTIONNAIRE_REMINDER_DAYS`` before the deadline: a fresh link to a guardian by e-mail.

    The earlier link stops working (only a digest is kept, so the first one cannot be sent again);
    the answers saved so far stay with the request.
    """
    horizon = timezone.localdate(now) + datetime.timedelta(days=settings.QUESTIONNAIRE_REMINDER_DAYS)
    due = (
        QuestionnaireRequest.objects.filter(
            answered_at__isnull=True, cancelled_at__isnull=True, reminded_at__isnull=True, due__lte=horizon,
            due__gte=timezone.localdate(now), respondent=Respondent.PARENT,
        )
        .exclude(guardian__email="")
        .select_related("guardian", "child")
    )  # fmt: skip
    sent = 0
    for request in due:
        token = _new_token(request)
        request.reminded_at = now
        request.save(update_fields=["token_digest", "token_expires_at", "reminded_at"])
        _send_link(request, token, reminder=True)
        log_access(
            actor=None,
            action=Action.CHANGE,
            child_id=request.child_id,
            obj=request,
            purpose=PURPOSE,
            changed_fields=["reminded"],
        )
        sent += 1
    return sent
