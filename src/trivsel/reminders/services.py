"""Writing reminders: creating the due ones once per user, e-mailing users about new ones, reading them."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trivsel.accounts.models import User
from trivsel.questionnaires.services import link_reminders_send
from trivsel.reminders.due import Candidate, due_candidates
from trivsel.reminders.models import Reminder


@transaction.atomic
def reminders_create(candidates: Sequence[Candidate]) -> list[Reminder]:
    """The candidates each user has not had yet (by key), as new reminders."""
    keys = {c.key for c in candidates}
    had = set(Reminder.objects.filter(key__in=keys).values_list("user_id", "key"))
    new: dict[tuple[int, str], Reminder] = {}
    for c in candidates:
        if (c.user_id, c.key) not in had:
            new[(c.user_id, c.key)] = Reminder(
                user_id=c.user_id, kind=c.kind, key=c.key, url=c.url, due=c.due, params=c.params
            )
    return Reminder.objects.bulk_create(new.values(), batch_size=1_000)


def reminders_email(now: datetime.datetime) -> int:
    """One e-mail per user with new reminders, saying how many and where; no child data in e-mail."""
    waiting = Reminder.objects.filter(emailed_at__isnull=True, user__is_active=True).exclude(user__email="")
    counts = Counter(waiting.values_list("user_id", flat=True))
    if not counts:
        return 0
    users = User.objects.in_bulk(list(counts))
    link = settings.SITE_URL.rstrip("/") + reverse("reminders:list")
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                _("New reminders in Trivsel"),
                ngettext(
                    "You have %(count)d new reminder in Trivsel. See it here: %(link)s",
                    "You have %(count)d new reminders in Trivsel. See them here: %(link)s",
                    count,
                )
                % {"count": count, "link": link},
                settings.DEFAULT_FROM_EMAIL,
                [users[user_id].email],
            )
            for user_id, count in sorted(counts.items())
        ]
    send_mass_mail(messages, fail_silently=False)
    waiting.update(emailed_at=now)
    return len(messages)


def reminders_run(now: datetime.datetime | None = None) -> dict[str, int]:
    """The background job: create what is due, then e-mail the users who got something new."""
    moment = now or timezone.now()
    created = reminders_create(due_candidates(moment))
    emailed = reminders_email(moment)
    return {"created": len(created), "emailed": emailed, "links": link_reminders_send(moment)}


def reminder_mark_read(*, actor: User, reminder_id: int) -> Reminder:
    reminder = Reminder.objects.filter(pk=reminder_id, user=actor).first()
    if reminder is None:  # another user's reminder looks like a missing one
        raise Http404
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder


def reminders_mark_all_read(*, actor: User) -> int:
    return Reminder.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
