"""The import form: it only checks that a file arrived; the service reads and checks the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trivsel.attendance.reading import MAX_FILE_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("The attendance file"),
        help_text=_("CSV or Excel (.xlsx), as exported from the school's system."),
        error_messages={"required": _("Choose the file to import.")},
        # DKFDS sizes the field to the screen (it stays within 320 px: WCAG 1.4.10).
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.txt", "class": "input-width-l"}),
    )

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        """``too_large``: the upload handler dropped the file unread, so it is missing for that reason."""
        super().__init__(*args, **kwargs)
        if too_large:
            self.fields["file"].error_messages["required"] = _(
                "The file is larger than %(size)d MB. Split it into smaller files."
            ) % {"size": MAX_FILE_BYTES // (1024 * 1024)}
