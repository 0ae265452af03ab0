"""Account forms, dressed in the design system's input classes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input input-width-l"
        # Django's help text is an HTML list; the field include shows plain text in a hint.
        self.fields["new_password1"].help_text = " ".join(password_validators_help_texts())
