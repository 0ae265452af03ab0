"""The rating scales of the analysis schema: each scale's values, their labels, and what each counts as.

The analysis schema counts how often strengths and challenges are seen in the cases, to show where
the municipality should put in extra effort; so every value has a polarity. On the 1–4 scale, 1–2
count as a challenge and 3–4 as a strength; "not relevant" counts as neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trivsel.reviews.models import RatingScale


class Polarity(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    CHALLENGE = "challenge", _("Challenge")
    NONE = "none", _("Not relevant")


@dataclass(frozen=True)
class Option:
    value: str
    label: str | Promise
    polarity: Polarity


OPTIONS: dict[str, tuple[Option, ...]] = {
    RatingScale.STRENGTH: (
        Option("strength", _("Strength"), Polarity.STRENGTH),
        Option("challenge", _("Challenge"), Polarity.CHALLENGE),
        Option("not_relevant", _("Not relevant"), Polarity.NONE),
    ),
    RatingScale.FOUR: (
        Option("1", _("1 – a clear challenge"), Polarity.CHALLENGE),
        Option("2", _("2 – more of a challenge"), Polarity.CHALLENGE),
        Option("3", _("3 – more of a strength"), Polarity.STRENGTH),
        Option("4", _("4 – a clear strength"), Polarity.STRENGTH),
    ),
}

_BY_VALUE = {scale: {option.value: option for option in options} for scale, options in OPTIONS.items()}


def options(scale: str) -> tuple[Option, ...]:
    """The scale's options in the order a form shows them; ``KeyError`` for an unknown scale."""
    return OPTIONS[scale]


def option(scale: str, value: str) -> Option | None:
    """The option of ``value`` on ``scale``, or None when the value is not one of the scale's."""
    return _BY_VALUE.get(scale, {}).get(value)


def polarity(scale: str, value: str) -> Polarity:
    """What a rating counts as; ``ValueError`` for a value the scale does not have."""
    found = option(scale, value)
    if found is None:
        raise ValueError(f"{value!r} is not a value of the rating scale {scale!r}")
    return found.polarity


def values_of(scale: str) -> tuple[str, ...]:
    """The values a rating on ``scale`` may have."""
    return tuple(o.value for o in OPTIONS[scale])


def scale_choices(scale: str) -> list[tuple[str, str | Promise]]:
    """``(value, label)`` pairs for a form field."""
    return [(o.value, o.label) for o in OPTIONS[scale]]
