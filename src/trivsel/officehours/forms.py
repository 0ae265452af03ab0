"""Forms for office hours: they check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child
from trivsel.consent.forms import DateInput

TIME = {"type": "time", "class": "form-input input-width-xs"}


class PublishForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        initial=_("Office hours"),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    description = forms.CharField(
        label=_("What you can get help with"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )  # fmt: skip
    location = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("An address and room, or “by phone” or “Teams”."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )  # fmt: skip
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    slot_minutes = forms.IntegerField(
        label=_("Minutes per consultation"), initial=20, min_value=10, max_value=120,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip
    weeks = forms.IntegerField(
        label=_("Repeat weekly for this many weeks"), initial=1, min_value=1, max_value=26,
        help_text=_("Public holidays and the days the municipality is closed are skipped."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip


class ChildChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Child) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d-%m-%Y})"


class BookForm(forms.Form):
    about = forms.ChoiceField(
        label=_("Who the consultation is about"),
        choices=[("named", _("A child I work with, by name (needs the parents' consent)")),
                 ("anonymous", _("A child, anonymously"))],
        widget=forms.RadioSelect,
    )  # fmt: skip
    child = ChildChoice(
        label=_("The child"), queryset=Child.objects.none(), required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    anonymous_description = forms.CharField(
        label=_("The child, without a name"), max_length=100, required=False,
        help_text=_("E.g. “boy, 7 years, 1st grade”. Do not write the name."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )  # fmt: skip
    question = forms.CharField(
        label=_("What you would like to talk about"), max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, children: QuerySet[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = children

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("about") == "named" and not data.get("child"):
            self.add_error("child", _("Choose the child."))
        return data
