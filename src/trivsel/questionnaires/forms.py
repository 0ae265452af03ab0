"""Forms for questionnaires: they check shape; the services decide what is allowed.

``AnswerForm`` is built from an instrument's questions: radio buttons for a respondent, or one
short text box per question for a professional typing a paper form (digits and Tab only).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.children.models import Guardian
from trivsel.consent.forms import DateInput
from trivsel.lib.time import today
from trivsel.questionnaires.models import Instrument
from trivsel.questionnaires.selectors import Question

SELECT = {"class": "form-select"}
REQUEST_DAYS = 14  # a request's default deadline, from today


class RequestForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Instrument.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    guardian = forms.ModelChoiceField(
        label=_("Guardian who answers"),
        required=False,
        queryset=Guardian.objects.none(),
        widget=forms.Select(attrs=SELECT),
        help_text=_("For a parent questionnaire: each guardian with custody gets their own."),
    )
    professional = forms.ModelChoiceField(
        label=_("Pedagogue or teacher who answers"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.Select(attrs=SELECT),
        help_text=_("For a pedagogue or teacher questionnaire."),
    )
    due = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        instruments: QuerySet[Instrument],
        guardians: QuerySet[Guardian],
        professionals: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("instrument", instruments), ("guardian", guardians), ("professional", professionals)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        if not self.is_bound:
            self.initial.setdefault("due", today() + datetime.timedelta(days=REQUEST_DAYS))


def field_name(question: Question) -> str:
    return f"q_{question.key}"


class AnswerForm(forms.Form):
    """Every question optional (SDQ prorates a scale from 3 of its 5 items); off-scale answers refused."""

    def __init__(self, *args: Any, questions: Sequence[Question], paper: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            values = ", ".join(str(o.value) for o in question.options)
            if paper:
                widget: forms.Widget = forms.TextInput(
                    attrs={
                        "class": "form-input input-width-xxs trivsel-answer-digit",
                        "inputmode": "numeric",
                        "maxlength": 1,
                        "autocomplete": "off",
                        "data-answer-digit": "",
                    }
                )
                # The items share one key, shown once above them; the impact questions have their own.
                help_text = ", ".join(f"{o.value} = {o.label}" for o in question.options) if question.is_impact else ""
            else:
                widget, help_text = forms.RadioSelect(), ""
            self.fields[field_name(question)] = forms.TypedChoiceField(
                label=question.label,
                required=False,
                coerce=int,
                empty_value=None,
                widget=widget,
                help_text=help_text,
                choices=[(o.value, o.label) for o in question.options],
                error_messages={"invalid_choice": _("Answer with one of %(values)s.") % {"values": values}},
            )

    def items(self) -> dict[str, int | None]:
        return {q.key: self.cleaned_data.get(field_name(q)) for q in self.questions if not q.is_impact}

    def gate(self) -> int | None:
        value: int | None = self.cleaned_data.get("q_gate")
        return value

    def impact(self) -> dict[str, int | None]:
        return {q.key: self.cleaned_data.get(field_name(q)) for q in self.questions if q.is_impact and q.key != "gate"}

    def answered(self) -> int:
        return sum(1 for q in self.questions if self.cleaned_data.get(field_name(q)) is not None)


class PaperForm(forms.Form):
    measured_on = forms.DateField(label=_("Date on the form"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("measured_on", today())
