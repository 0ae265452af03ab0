"""Who reads and who writes the collaboration guide.

Public pages are for everyone, signed in or not (parents and citizens need no login). Professional
pages are for signed-in staff: anyone who is not only a parent. Editors hold the permission
``guide.edit_guide`` (the group "Redaktører for samarbejdsguiden", made by a data migration), and
administrators edit too. None of this is about a child: no access log of reads.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from trivsel.accounts.models import User
from trivsel.guide.models import Audience

EDIT_PERMISSION = "guide.edit_guide"
EDITORS_GROUP = "Redaktører for samarbejdsguiden"

Visitor = User | AnonymousUser


def may_edit_guide(user: Visitor) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_administrator or user.has_perm(EDIT_PERMISSION)


def is_professional(user: Visitor) -> bool:
    """Signed-in staff; a parent who is nothing but a parent reads the public guide."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return not user.is_guardian or may_edit_guide(user)


def visible_audiences(user: Visitor) -> frozenset[str]:
    if is_professional(user):
        return frozenset({Audience.PUBLIC, Audience.PROFESSIONAL})
    return frozenset({Audience.PUBLIC})
