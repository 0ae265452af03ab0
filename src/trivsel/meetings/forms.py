"""Forms for meetings: they check shape; the services decide what is allowed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.models import Child
from trivsel.consent.forms import DateInput
from trivsel.meetings.models import ForumKind, Meeting
from trivsel.meetings.services import MINUTES_FIELDS


class CallMeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[], widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input"}))
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

    def __init__(self, *args: Any, kinds: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k, ForumKind(k).label) for k in kinds]
        if len(kinds) == 1:
            self.initial.setdefault("kind", kinds[0])

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class MeetingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title} · {timezone.localtime(obj.starts_at):%d-%m-%Y %H:%M}"


class ChildChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Child) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d-%m-%Y})"


class ItemRequestForm(forms.Form):
    meeting = MeetingChoice(
        label=_("Meeting"), queryset=Meeting.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    child = ChildChoice(
        label=_("Child"), queryset=Child.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    problem = forms.CharField(
        label=_("The problem you want to discuss"),
        max_length=5000,
        help_text=_("Describe what worries you and what you want the forum's help with."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-input"}),
    )
    without_consent = forms.BooleanField(
        label=_("Without consent: discuss the child by name under the rule for sharing at one meeting"),
        required=False,
        help_text=_(
            "Only when there is no consent and the discussion is necessary for early help; the rule can be used "
            "once for a child. Without consent and without this, the child is discussed anonymously (first name only)."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, meetings: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        child = self.fields["child"]
        assert isinstance(meeting, forms.ModelChoiceField) and isinstance(child, forms.ModelChoiceField)
        meeting.queryset = meetings
        child.queryset = children


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in MINUTES_FIELDS:
            self.fields[name] = forms.CharField(required=False, max_length=20_000, strip=False)

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in MINUTES_FIELDS if name in self.data}


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=500, widget=forms.TextInput(attrs={"class": "form-input"}))
    owner = forms.ModelChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, empty_label="–",
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    owner_other = forms.CharField(
        label=_("Or someone else"), max_length=100, required=False, help_text=_("e.g. “Mor” or “Emma selv”"),
        widget=forms.TextInput(attrs={"class": "form-input input-width-m"}),
    )  # fmt: skip
    due = forms.DateField(label=_("By when"), widget=DateInput())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people


class ParentContactForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Who keeps contact with the parents"), queryset=User.objects.none(), required=False, empty_label="–",
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ModelChoiceField)
        contact.queryset = people


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Add a participant"), queryset=User.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = people
