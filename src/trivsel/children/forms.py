"""Forms for children: the admin pages (checked with the services' own rules before anything is
saved) and the leader's access grant.

The services validate again when they save; checking here as well lets the page show each error
beside the field, with what the administrator typed, and save nothing (not even the other inlines).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children import cpr
from trivsel.children.models import Child, Enrolment, Guardianship
from trivsel.children.selectors import grant_candidates
from trivsel.children.services import EnrolmentPeriod, child_validate, enrolment_validate
from trivsel.lib.time import today

if TYPE_CHECKING:  # Django's form classes are generic only in the type stubs.
    ChildModelForm = forms.ModelForm[Child]
    GuardianshipModelForm = forms.ModelForm[Guardianship]
    EnrolmentModelForm = forms.ModelForm[Enrolment]
    EnrolmentFormSetBase = BaseInlineFormSet[Enrolment, Child, "EnrolmentInlineForm"]
else:
    ChildModelForm = GuardianshipModelForm = EnrolmentModelForm = forms.ModelForm
    EnrolmentFormSetBase = BaseInlineFormSet


class ChildAdminForm(ChildModelForm):
    # Not a model field: the model stores the number encrypted, and only the service writes it.
    cpr = forms.CharField(
        label=_("CPR number"), required=False, max_length=20, help_text=_("Optional. Written as DDMMÅÅ-XXXX.")
    )
    remove_cpr = forms.BooleanField(label=_("Remove the CPR number"), required=False)

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "birth_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_cpr = cpr.decrypt(self.instance.cpr_encrypted) if self.instance.has_cpr else ""
        if self.stored_cpr:
            self.fields["cpr"].help_text = _("Registered: %(masked)s. Leave the field empty to keep it.") % {
                "masked": cpr.masked(self.stored_cpr)
            }
        else:
            del self.fields["remove_cpr"]

    def cpr_for_service(self) -> str | None:
        """The ``cpr_number`` for child_create/child_update: None keeps the stored one, "" removes it."""
        if self.cleaned_data.get("remove_cpr"):
            return ""
        typed: str = self.cleaned_data.get("cpr", "").strip()
        if typed or self.instance.pk is None:
            return typed
        return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("remove_cpr") and data.get("cpr", "").strip():
            self.add_error(
                "cpr",
                ValidationError(_("Either type a new CPR number or remove the registered one."), code="cpr_conflict"),
            )
            return data
        birth_date = data.get("birth_date")
        if birth_date is None:
            return data
        wanted = self.cpr_for_service()
        try:
            child_validate(
                birth_date=birth_date,
                cpr_number=self.stored_cpr if wanted is None else wanted,
                child=self.instance if self.instance.pk else None,
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class GuardianshipInlineForm(GuardianshipModelForm):
    class Meta:
        model = Guardianship
        fields = ["guardian", "relation", "has_custody"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # guardianship_set is keyed by (child, guardian): link another guardian on a new row instead.
            self.fields["guardian"].disabled = True


class EnrolmentInlineForm(EnrolmentModelForm):
    class Meta:
        model = Enrolment
        fields = ["unit", "group", "start", "end"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # The row's own rules here (end after start, group in unit); overlaps in the formset.
        if data.get("unit") is not None and data.get("start") is not None:
            try:
                enrolment_validate(
                    unit=data["unit"], group=data.get("group"), start=data["start"], end=data.get("end"), others=()
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def period(self) -> EnrolmentPeriod:
        data = self.cleaned_data
        return EnrolmentPeriod(data["unit"].track, data["start"], data["end"])


class EnrolmentInlineFormSet(EnrolmentFormSetBase):
    """Checks every changed row against the child's enrolments as they will be after the save."""

    def clean(self) -> None:
        super().clean()
        stored = {pk: period for pk, period in self._stored_periods()}
        rows: list[tuple[EnrolmentInlineForm | None, EnrolmentPeriod]] = []
        for form in self.forms:
            old = stored.pop(form.instance.pk, None) if form.instance.pk is not None else None
            if form.has_changed() and not form.errors:
                rows.append((form, form.period()))
            elif old is not None:
                rows.append((None, old))
        # Enrolments not shown on the page (there should be none) still count.
        rows += [(None, period) for period in stored.values()]
        for index, (row_form, _period) in enumerate(rows):
            if row_form is None:
                continue
            others = [period for other, (_form, period) in enumerate(rows) if other != index]
            data = row_form.cleaned_data
            try:
                enrolment_validate(
                    unit=data["unit"], group=data["group"], start=data["start"], end=data["end"], others=others
                )
            except ValidationError as exc:
                row_form.add_error(None, exc)

    def _stored_periods(self) -> list[tuple[int, EnrolmentPeriod]]:
        if self.instance.pk is None:
            return []
        stored = Enrolment.objects.filter(child=self.instance).values_list("pk", "track", "start", "end")
        return [(pk, EnrolmentPeriod(track, start, end)) for pk, track, start, end in stored]


def professional_label(user: User) -> str:
    return f"{user.get_full_name() or user.username} ({user.username})"


class ProfessionalChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return professional_label(obj)


class ProfessionalMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return professional_label(obj)


class AccessGrantForm(forms.Form):
    """A leader gives one professional time-limited access to one child, with a reason."""

    user = ProfessionalChoiceField(label=_("Professional"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Why the person needs to see the child, e.g. “PPR consultation about language development”."),
    )
    until = forms.DateField(
        label=_("Access until and including"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = grant_candidates(child)
        if not self.is_bound:
            self.initial["until"] = today() + datetime.timedelta(days=30)

    def ends_at(self) -> datetime.datetime:
        """Access lasts to the end of the chosen day, Danish time."""
        day: datetime.date = self.cleaned_data["until"] + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
