from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "trivsel.guide"
    verbose_name = _("Collaboration guide")
