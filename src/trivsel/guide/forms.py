"""Forms for the guide: they check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.guide.models import Audience, GuidePage, Section
from trivsel.guide.services import MAX_BODY, MAX_SLUG, MAX_SUMMARY, MAX_TITLE, PageContent
from trivsel.meetings.models import ForumKind

TEXT = {"class": "form-input"}
SELECT = {"class": "form-select"}


class GuidePageForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Give the page a title.")},
        widget=forms.TextInput(attrs=TEXT),
    )  # fmt: skip
    slug = forms.CharField(
        label=_("Address"), required=False, max_length=MAX_SLUG,
        help_text=_("The end of the page's address, e.g. “ressourceteam”. Left empty, it is made from the title. "
                    "It cannot be changed later, so that links keep working."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-l"}),
    )  # fmt: skip
    audience = forms.ChoiceField(
        label=_("Who may read the page"), choices=Audience.choices, initial=Audience.PROFESSIONAL,
        widget=forms.RadioSelect,
    )  # fmt: skip
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices, widget=forms.Select(attrs=SELECT))
    order = forms.IntegerField(
        label=_("Order in the section"), required=False, min_value=0, max_value=10_000, initial=0,
        help_text=_("Pages with a smaller number come first."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )  # fmt: skip
    forum_kind = forms.ChoiceField(
        label=_("The page describes this kind of forum"), required=False,
        choices=[("", _("None")), *ForumKind.choices],
        help_text=_("The overview of the meeting fora shows the page next to the fora of this kind."),
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    body_markdown = forms.CharField(
        label=_("Text"), max_length=MAX_BODY, error_messages={"required": _("Write the page's text.")},
        help_text=_("Markdown: ## heading, **bold**, - list, [text](https://…). Link to another page of the guide "
                    "with [Ressourceteam](side:ressourceteam), and to the data pages with side:moedefora, "
                    "side:handleguide and side:indsatskatalog."),
        widget=forms.Textarea(attrs={"rows": 22, **TEXT}),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("What did you change?"), required=False, max_length=MAX_SUMMARY,
        help_text=_("A short note for the page's history."), widget=forms.TextInput(attrs=TEXT),
    )  # fmt: skip
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, page: GuidePage | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if page is not None:
            del self.fields["slug"]  # an address never changes: links to it would break

    def content(self) -> PageContent:
        data = self.cleaned_data
        return PageContent(
            title=data["title"], audience=data["audience"], section=data["section"],
            body_markdown=data["body_markdown"], order=data["order"] or 0, forum_kind=data["forum_kind"] or "",
        )  # fmt: skip


class PreviewForm(forms.Form):
    body_markdown = forms.CharField(required=False, max_length=MAX_BODY)
    audience = forms.ChoiceField(choices=Audience.choices, required=False)
