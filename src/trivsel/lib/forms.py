"""Putting a service's ValidationError back on the form, so the user sees it beside what they typed."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError, aliases: Mapping[str, str] | None = None) -> None:
    """``aliases`` maps a service's argument name to the form field that holds it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
