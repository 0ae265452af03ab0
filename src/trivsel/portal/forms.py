"""The parent's own consent form: plain language, digital consent only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trivsel.consent.forms import BaseConsentForm


class ParentConsentForm(BaseConsentForm):
    """A parent's digital consent: the same fields, explained in plain language."""

    no_recipient_message = _("Choose at least one unit or role that may receive the information.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["purpose"].help_text = _("What the professionals may use the information for.")
        self.fields["information"].help_text = _(
            "For example: observations from daycare and our own account of how our child is doing."
        )
        self.fields["valid_until"].help_text = _("You can withdraw your consent at any time, also before this date.")
