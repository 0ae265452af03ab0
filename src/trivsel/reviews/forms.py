"""Forms for case review: they check shape; the services decide what is allowed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.consent.forms import DateInput
from trivsel.lib.time import today
from trivsel.reviews.models import (
    ActionStatus,
    Criterion,
    Rating,
    RatingScale,
    ReviewRound,
    ReviewSchema,
    SamplingMethod,
    Stratum,
    Theme,
)
from trivsel.reviews.scales import scale_choices

TEXT = {"class": "form-input"}
SELECT = {"class": "form-select"}


class SchemaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(
        label=_("Purpose"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3, **TEXT})
    )


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Theme"), max_length=150, help_text=_("e.g. “Tidlig opsporing”"), widget=forms.TextInput(attrs=TEXT)
    )


class CriterionForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), widget=forms.Select(attrs=SELECT))
    question = forms.CharField(
        label=_("Question"), max_length=300, help_text=_("e.g. “Blev der handlet i tide på bekymringen?”"),
        widget=forms.TextInput(attrs=TEXT),
    )  # fmt: skip
    guidance = forms.CharField(
        label=_("Guidance for the reviewer"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, **TEXT}),
    )  # fmt: skip
    scale = forms.ChoiceField(
        label=_("Rating scale"), choices=RatingScale.choices, initial=RatingScale.STRENGTH, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, schema: ReviewSchema, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = schema.themes.all()
        last = schema.themes.order_by("-order", "-id").first()
        if not self.is_bound and last is not None:
            self.initial.setdefault("theme", last.pk)  # the theme just added, most often


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("e.g. “Sagsgennemgang foråret 2027”"),
        widget=forms.TextInput(attrs=TEXT),
    )  # fmt: skip
    schema = forms.ModelChoiceField(
        label=_("Analysis schema"), queryset=ReviewSchema.objects.filter(published_at__isnull=False),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    period_start = forms.DateField(label=_("Activity from"), widget=DateInput())
    period_end = forms.DateField(label=_("Activity to"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("Sampling"), choices=SamplingMethod.choices, initial=SamplingMethod.RANDOM, widget=forms.RadioSelect
    )
    sample_size = forms.IntegerField(
        label=_("Number of cases"), min_value=0, max_value=5000, initial=30, required=False,
        help_text=_("Drawn from the children with activity in the period."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip
    stratify_by = forms.ChoiceField(
        label=_("Stratify by"), required=False, choices=[("", "—"), *Stratum.choices],
        help_text=_("Only for a stratified sample: each group gets its share of the cases."),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    seed = forms.IntegerField(
        label=_("Random seed"), min_value=0, max_value=2**31 - 1,
        help_text=_("The same seed draws the same sample again, so the sample can be reproduced."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-s"}),
    )  # fmt: skip
    references = forms.CharField(
        label=_("External cases"), required=False, max_length=20000,
        help_text=_("Only for external cases: one reference per line (e.g. the case number in another system)."),
        widget=forms.Textarea(attrs={"rows": 4, **TEXT}),
    )  # fmt: skip
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    second_rater_percent = forms.IntegerField(
        label=_("Share rated by a second, independent reviewer (%)"), min_value=0, max_value=100, initial=0,
        help_text=_("The agreement between the two (Cohen's kappa) shows how reliable the ratings are."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip
    ends_on = forms.DateField(
        label=_("Access ends"),
        help_text=_("The reviewers' access to the children ends then, or when the round closes."),
        widget=DateInput(),
    )  # fmt: skip
    previous = forms.ModelChoiceField(
        label=_("Earlier round to compare with"), required=False, queryset=ReviewRound.objects.all(),
        help_text=_("A follow-up review: the results are compared with this round (same schema)."),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people
        if not self.is_bound:
            self.initial.setdefault("period_start", today() - relativedelta(months=12))
            self.initial.setdefault("period_end", today())
            self.initial.setdefault("ends_on", today() + relativedelta(months=2))
            self.initial.setdefault("seed", secrets.randbelow(1_000_000))
            latest = ReviewSchema.objects.filter(published_at__isnull=False).order_by("-published_at").first()
            self.initial.setdefault("schema", latest.pk if latest else None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:  # said with the other errors, before the service would
            self.add_error("period_end", _("The period must end on or after its start."))
        return data

    def reference_list(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data.get("references", "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Development action"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    criterion = forms.ModelChoiceField(
        label=_("Finding (criterion)"), required=False, queryset=Criterion.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    description = forms.CharField(
        label=_("What is to be done"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, **TEXT}),
    )  # fmt: skip
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), widget=forms.Select(attrs=SELECT))
    due_on = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args: Any, round: ReviewRound, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        criterion, owner = self.fields["criterion"], self.fields["owner"]
        assert isinstance(criterion, forms.ModelChoiceField) and isinstance(owner, forms.ModelChoiceField)
        criterion.queryset = round.schema.criteria.all()
        owner.queryset = people


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, widget=forms.Select(attrs=SELECT))
    discussed_on = forms.DateField(label=_("Discussed at learning audit"), required=False, widget=DateInput())
    audit_notes = forms.CharField(
        label=_("Learning audit: what was discussed"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
    )  # fmt: skip


@dataclass(frozen=True)
class CriterionFields:
    criterion: Criterion
    value: forms.BoundField
    comment: forms.BoundField


class RatingForm(forms.Form):
    """One radio group and one comment per criterion (``c<id>``, ``k<id>``); nothing is required until submit."""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], ratings: Sequence[Rating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        given = {r.criterion_id: r for r in ratings}
        for criterion in criteria:
            rating = given.get(criterion.pk)
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                label=criterion.question, required=False, choices=scale_choices(criterion.scale),
                help_text=criterion.guidance, widget=forms.RadioSelect,
                initial=rating.value if rating else None,
            )  # fmt: skip
            self.fields[f"k{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000, initial=rating.comment if rating else "",
                widget=forms.Textarea(attrs={"rows": 2, **TEXT}),
            )  # fmt: skip

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"c{c.pk}") or "", data.get(f"k{c.pk}") or "") for c in self.criteria}

    def themes(self) -> list[tuple[str, list[CriterionFields]]]:
        """The criteria under their themes, in schema order, each with its two fields."""
        grouped: dict[int, tuple[str, list[CriterionFields]]] = {}
        for c in self.criteria:
            entry = CriterionFields(criterion=c, value=self[f"c{c.pk}"], comment=self[f"k{c.pk}"])
            grouped.setdefault(c.theme_id, (c.theme.name, []))[1].append(entry)
        return list(grouped.values())
