from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EffectConfig(AppConfig):
    name = "trivsel.effect"
    verbose_name = _("Effect")
