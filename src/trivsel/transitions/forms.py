"""Forms for transitions: they check shape; the services decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.models import Child, Guardian
from trivsel.consent.forms import DateInput
from trivsel.consent.models import Method
from trivsel.organisation.models import Group, Unit, UnitKind
from trivsel.transitions.models import Handover, Kind

RECEIVING_KINDS = [k for k in UnitKind.values if k not in (UnitKind.PPR, UnitKind.CHILDREN_AND_FAMILY)]
TEXTAREA = {"class": "form-input", "rows": 5}


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class TransitionForm(forms.Form):
    from_unit = forms.ModelChoiceField(
        label=_("Sending unit"), queryset=Unit.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    kind = forms.ChoiceField(
        label=_("Kind of transition"), choices=Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    to_unit = forms.ModelChoiceField(
        label=_("Receiving unit"),
        queryset=Unit.objects.filter(is_active=True, kind__in=RECEIVING_KINDS).order_by("name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    to_group = forms.ModelChoiceField(
        label=_("Receiving group"),
        queryset=Group.objects.filter(is_active=True).select_related("unit").order_by("unit__name", "name"),
        required=False,
        help_text=_("The room or class, if it is known. Its pedagogues or teachers then read the handover."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    moves_on = forms.DateField(label=_("First day in the receiving unit"), widget=DateInput())

    def __init__(self, *args: Any, from_units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["from_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in from_units])
        if len(from_units) == 1:
            self.initial.setdefault("from_unit", from_units[0].pk)


class HandoverForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact_person = PersonChoice(
        label=_("Agreed contact person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Whom the receiving unit and the parents contact with questions about the child."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Handover
        fields = [
            "strengths",
            "what_works",
            "needs",
            "child_view",
            "contact_person",
            "include_plan",
            "include_screenings",
        ]
        widgets = {
            "strengths": forms.Textarea(attrs=TEXTAREA),
            "what_works": forms.Textarea(attrs=TEXTAREA),
            "needs": forms.Textarea(attrs=TEXTAREA),
            "child_view": forms.Textarea(attrs=TEXTAREA),
            "include_plan": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            "include_screenings": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        }
        help_texts = {
            "strengths": _("What the child is good at and enjoys."),
            "what_works": _("What helps the child in everyday life: routines, adults, friends."),
            "needs": _("What the child needs from the receiving unit."),
            "child_view": _("What the child itself says about moving, in the child's own words."),
        }

    def __init__(self, *args: Any, contacts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = contacts
        self.initial.setdefault("version", self.instance.version)


class ApprovalRecordForm(forms.Form):
    """Staff note the parents' approval given on paper or in a conversation."""

    guardian = forms.ModelChoiceField(
        label=_("Parent"), queryset=Guardian.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    method = forms.ChoiceField(
        label=_("How the parents approved"),
        choices=[(Method.WRITTEN, Method.WRITTEN.label), (Method.ORAL, Method.ORAL.label)],
        widget=forms.RadioSelect,
    )
    parents_view = forms.CharField(
        label=_("The parents' own view"), required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    consent_to_share = forms.BooleanField(
        label=_("The parents consent to the handover being shared with the receiving unit"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Guardian.objects.filter(guardianships__child=child, guardianships__has_custody=True)


class ParentApprovalForm(forms.Form):
    """The parent's answer in the portal: approve (and consent to sharing), or ask for changes."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("approve", _("We approve the handover")), ("changes", _("We would like changes"))],
        widget=forms.RadioSelect,
    )
    parents_view = forms.CharField(
        label=_("Your own view of your child and the move"),
        required=False,
        max_length=5000,
        help_text=_("It becomes part of the handover the receiving unit reads."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    consent_to_share = forms.BooleanField(
        label=_("We consent to the handover being shared with the receiving unit"),
        required=False,
        help_text=_("Without your consent the handover stays with the sending unit. You can withdraw it later."),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    comment = forms.CharField(
        label=_("What you would like changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "changes" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what you would like changed."))
        return data


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the sending unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )


class BridgeMeetingForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-input input-width-xs"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=60, min_value=15, max_value=480,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip
    location = forms.CharField(
        label=_("Location"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-input"})
    )
    participants = PeopleChoice(
        label=_("Invite"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Everyone who knows the child, and the receiving unit. The parents are invited by the chair."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
        self.initial.setdefault("participants", [u.pk for u in candidates])

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))
