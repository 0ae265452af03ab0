"""Users: professionals (with memberships), administrators (is_staff) and parents (linked to a Guardian)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        """Administrators manage the organisation in the admin pages (Django's is_staff)."""
        return self.is_active and self.is_staff

    @property
    def is_guardian(self) -> bool:
        return hasattr(self, "guardian")
