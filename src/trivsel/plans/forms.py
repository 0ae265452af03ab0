"""Forms for plans: they check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.consent.forms import DateInput
from trivsel.lib.time import today
from trivsel.plans.models import Area, InterventionType, Outcome, Owner, Rater, Scale

TEXT = {"class": "form-input"}


class InterventionForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.filter(is_active=True).order_by("name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    description = forms.CharField(
        label=_("What the help is"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3, **TEXT})
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible"), queryset=User.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    evaluation_due = forms.DateField(
        label=_("Evaluation"), help_text=_("When the intervention is evaluated."), widget=DateInput()
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.ModelChoiceField)
        responsible.queryset = people
        if not self.is_bound:
            self.initial.setdefault("start", today())
            self.initial.setdefault("planned_end", today() + relativedelta(months=3))
            self.initial.setdefault("evaluation_due", today() + relativedelta(weeks=6))


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal"),
        max_length=300,
        help_text=_("e.g. “Emma siger farvel uden gråd 3 af 5 dage”"),
        widget=forms.TextInput(attrs=TEXT),
    )
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices, widget=forms.Select(attrs={"class": "form-select"}))
    owner = forms.ChoiceField(label=_("Whose goal"), choices=Owner.choices, widget=forms.RadioSelect)
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, initial=Scale.ZERO_TEN, widget=forms.RadioSelect)
    target = forms.IntegerField(
        label=_("Target"),
        initial=8,
        help_text=_("On 0–10, or 0 (expected outcome) on −2 to +2."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )


class ProgressForm(forms.Form):
    rater = forms.ChoiceField(
        label=_("Who rates"),
        choices=[(Rater.PROFESSIONAL, Rater.PROFESSIONAL.label), (Rater.CHILD, _("The child (with you)"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    value = forms.IntegerField(
        label=_("Rating"), widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"})
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))


class ParentProgressForm(forms.Form):
    value = forms.IntegerField(
        label=_("Your rating"), widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"})
    )
    comment = forms.CharField(
        label=_("Your comment"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    due = forms.DateField(label=_("By when"), required=False, widget=DateInput())


class EvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What the evaluation found"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5, **TEXT})
    )
    next_due = forms.DateField(
        label=_("Next evaluation"),
        required=False,
        help_text=_("Not needed when the intervention closes."),
        widget=DateInput(),
    )
