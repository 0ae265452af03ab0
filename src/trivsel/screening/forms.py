"""Forms for screening: they check shape; the services decide what is allowed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.concerns.models import Concern
from trivsel.consent.forms import DateInput
from trivsel.lib.time import today
from trivsel.screening.models import Dimension, NextStep, Position


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the round"),
        max_length=100,
        help_text=_("e.g. “Efterår 2026”"),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    deadline = forms.DateField(
        label=_("Deadline"), help_text=_("When every child should have a joint rating."), widget=DateInput()
    )
    per_dimension = forms.BooleanField(
        label=_("Rate each dimension as well"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("deadline", today() + relativedelta(weeks=4))


class RatingForm(forms.Form):
    """One child's rating (individual or joint): a position, per-dimension positions, a comment."""

    position = forms.ChoiceField(label=_("Position"))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, data: Any, *, positions: Sequence[Position], dimensions: Sequence[Dimension]) -> None:
        super().__init__(data)
        choices = [(p.code, p.name) for p in positions]
        position = self.fields["position"]
        assert isinstance(position, forms.ChoiceField)
        position.choices = choices
        self.dimension_codes = [d.code for d in dimensions]
        for d in dimensions:
            self.fields[f"dim_{d.code}"] = forms.ChoiceField(
                label=d.name, required=False, choices=[("", "–"), *choices]
            )

    def dimension_values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"dim_{code}", "") for code in self.dimension_codes}


class NextStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Next step"), choices=NextStep.choices, widget=forms.RadioSelect)
    concern = forms.TypedChoiceField(
        label=_("Concern"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only for the next step “a concern”."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("What will be done, and who does it?"),
        required=False,
        max_length=2000,
        help_text=_("For a local action plan: the plan's aims and actions. For a forum: which forum and when."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
    )

    def __init__(self, data: Any = None, *, concerns: Sequence[Concern], initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        concern = self.fields["concern"]
        assert isinstance(concern, forms.TypedChoiceField)
        concern.choices = [("", _("Choose a concern"))] + [
            (c.pk, f"{c.observed_on:%d-%m-%Y} · {c.level.name}") for c in concerns
        ]


def parse_date(value: str | None) -> datetime.date | None:
    """A date from a query string (åååå-mm-dd), or None when absent or not a date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
