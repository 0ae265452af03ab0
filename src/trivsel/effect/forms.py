"""Choosing the dashboard's place and half-years; a bad choice is explained and the rest kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.effect.periods import HalfYear, choices, half_years, recent


class DashboardForm(forms.Form):
    sted = forms.ChoiceField(label=_("Place"), widget=forms.Select(attrs={"class": "form-select"}))
    fra = forms.ChoiceField(label=_("From half-year"), widget=forms.Select(attrs={"class": "form-select"}))
    til = forms.ChoiceField(label=_("To half-year"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(p.key, p.label) for p in choices()]
        for name, values in (("sted", places), ("fra", options), ("til", options)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values
        default = recent()
        self.initial = {"sted": places[0][0] if places else "", "fra": default[0].key, "til": default[-1].key}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = HalfYear.parse(data.get("fra", "")), HalfYear.parse(data.get("til", ""))
        if first and last and first > last:
            self.add_error("til", _("The last half-year must not come before the first."))
        return data

    def periods(self) -> list[HalfYear]:
        first, last = HalfYear.parse(self.cleaned_data["fra"]), HalfYear.parse(self.cleaned_data["til"])
        assert first is not None and last is not None  # the choices are valid half-years
        return half_years(first, last)
