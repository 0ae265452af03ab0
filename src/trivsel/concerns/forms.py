"""Forms for a concern and a guide step: they check shape; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.concerns.models import Area
from trivsel.concerns.selectors import concern_levels
from trivsel.consent.forms import DateInput
from trivsel.lib.time import today


class ConcernForm(forms.Form):
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput())
    description = forms.CharField(
        label=_("What did you observe?"),
        max_length=5000,
        help_text=_("Describe concretely what you saw and heard, when and in which situations."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-input"}),
    )
    areas = forms.MultipleChoiceField(label=_("Areas"), choices=Area.choices, widget=forms.CheckboxSelectMultiple)
    level = forms.ChoiceField(label=_("Level of concern"), widget=forms.RadioSelect)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.levels = list(concern_levels())
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [(level.code, level.name) for level in self.levels]
        if not self.is_bound:
            self.initial.setdefault("observed_on", today())


class ConcernStepForm(forms.Form):
    step_code = forms.SlugField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
    )
