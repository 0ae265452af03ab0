"""Who reads which part of the guide, and who writes it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from trivsel.accounts.models import User
from trivsel.conftest import Cast
from trivsel.guide.access import is_professional, may_edit_guide, visible_audiences
from trivsel.guide.models import Audience
from trivsel.guide.services import editors_group

BOTH = frozenset({Audience.PUBLIC, Audience.PROFESSIONAL})
PUBLIC = frozenset({Audience.PUBLIC})


def test_anonymous_visitors_and_parents_read_the_public_part(cast: Cast) -> None:
    assert visible_audiences(AnonymousUser()) == PUBLIC
    assert visible_audiences(cast.parent) == PUBLIC
    assert not is_professional(cast.parent)


def test_staff_read_both_parts(cast: Cast) -> None:
    for user in (cast.pedagogue, cast.leader, cast.case_worker, cast.outsider, cast.administrator):
        assert visible_audiences(user) == BOTH, user.username


def test_an_inactive_user_reads_only_the_public_part(cast: Cast) -> None:
    cast.pedagogue.is_active = False

    assert visible_audiences(cast.pedagogue) == PUBLIC


def test_administrators_and_editors_edit_nobody_else(cast: Cast, editor) -> None:
    assert may_edit_guide(cast.administrator) and may_edit_guide(editor)
    for user in (cast.pedagogue, cast.leader, cast.case_worker, cast.parent, AnonymousUser()):
        assert not may_edit_guide(user)


def test_a_parent_in_the_editors_group_also_reads_the_professional_part(cast: Cast) -> None:
    cast.parent.groups.add(editors_group())
    parent = User.objects.get(pk=cast.parent.pk)

    assert may_edit_guide(parent) and visible_audiences(parent) == BOTH
