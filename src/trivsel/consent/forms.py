"""Consent forms for staff and parents: they validate shape; the service decides what is allowed."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.forms import ProfessionalMultipleChoiceField
from trivsel.children.models import Child, Guardian
from trivsel.children.selectors import grant_candidates
from trivsel.consent.models import Method, Purpose
from trivsel.consent.selectors import recipient_units
from trivsel.consent.services import Recipient
from trivsel.lib.time import today
from trivsel.organisation.models import Role, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-input input-width-s"})


class BaseConsentForm(forms.Form):
    """What a consent says: purpose, which information, recipients and period."""

    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    information = forms.CharField(
        label=_("Which information"),
        required=False,
        max_length=2000,
        help_text=_("What may be shared, e.g. observations from daycare and the parents' own account."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units that may receive it"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles that may receive it"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())

    no_recipient_message = _("Choose at least one recipient: a unit, a role or a named person.")

    def __init__(self, *args: object, child: Child, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = recipient_units(child)
        if not self.is_bound:
            start = today()
            self.initial.update({"valid_from": start, "valid_until": start + relativedelta(years=1)})

    def recipients(self) -> list[Recipient]:
        data = self.cleaned_data
        return (
            [Recipient(unit=u) for u in data.get("units", [])]
            + [Recipient(role=r) for r in data.get("roles", [])]
            + [Recipient(user=p) for p in data.get("people", [])]
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("valid_until", _("The consent cannot end before it starts."))
        if not data.get("units") and not data.get("roles") and not data.get("people"):
            self.add_error(None, self.no_recipient_message)
        return data


class ConsentForm(BaseConsentForm):
    """Staff record a consent a guardian gave in writing or orally."""

    guardian = forms.ModelChoiceField(
        label=_("Given by"),
        queryset=Guardian.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    method = forms.ChoiceField(
        label=_("How it was given"),
        choices=[(Method.WRITTEN, Method.WRITTEN.label), (Method.ORAL, Method.ORAL.label)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    people = ProfessionalMultipleChoiceField(
        label=_("Named people who may receive it"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Hold down Ctrl (Cmd on a Mac) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    field_order = ["guardian", "purpose", "method", "information", "units", "roles", "people"]

    def __init__(self, *args: object, child: Child, **kwargs: object) -> None:
        super().__init__(*args, child=child, **kwargs)
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        people_field.queryset = grant_candidates(child)
        guardian_field = self.fields["guardian"]
        assert isinstance(guardian_field, forms.ModelChoiceField)
        guardian_field.queryset = Guardian.objects.filter(
            guardianships__child=child, guardianships__has_custody=True
        ).order_by("last_name", "first_name")
