"""Notification forms: they validate shape; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.forms import ProfessionalChoiceField
from trivsel.lib.time import today
from trivsel.notifications.access import authority_case_workers
from trivsel.notifications.models import Grounds


class NotificationForm(forms.Form):
    grounds = forms.ChoiceField(label=_("Grounds"), choices=Grounds.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What have you seen or heard?"),
        max_length=5000,
        help_text=_("Describe facts: what happened, when, and what the child or others said."),
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-input"}),
    )


class AssessForm(forms.Form):
    acute = forms.TypedChoiceField(
        label=_("Are acute measures needed?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Assessment note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
    )


class InvestigationForm(forms.Form):
    """The day the investigation started."""

    on = forms.DateField(
        label=_("Investigation started on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-input input-width-s"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["on"].initial = today()


class CompletionForm(InvestigationForm):
    """The day the investigation was completed; prefixed, as it can share the page with the start form."""

    prefix = "done"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Investigation completed on")


class AssignForm(forms.Form):
    case_worker = ProfessionalChoiceField(
        label=_("Case worker"), queryset=User.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["case_worker"]
        assert isinstance(field, ProfessionalChoiceField)
        field.queryset = authority_case_workers()
