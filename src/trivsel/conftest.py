"""Fixtures for every app: a standing cast of users around one child (healthchecks' owner/member/outsider)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from trivsel.accounts.models import User
from trivsel.children.models import Child, Guardian
from trivsel.organisation.models import Group, Role, Unit, UnitKind
from trivsel.testing import factories as f


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@dataclass
class Cast:
    """One child in Rød stue of Solsikken, and the people around it."""

    unit: Unit
    group: Group
    other_group: Group
    child: Child
    mother: Guardian
    father_without_custody: Guardian
    pedagogue: User  # frontline in the child's group
    other_pedagogue: User  # frontline in another group of the same unit
    leader: User  # leads the unit
    case_worker: User  # no relation until granted
    outsider: User  # frontline in another unit
    administrator: User
    parent: User  # the mother's login
    other_parent: User  # a parent of another child


@pytest.fixture
def cast(db: None) -> Cast:
    unit = f.UnitFactory(name="Solsikken", kind=UnitKind.KINDERGARTEN)
    group = f.GroupFactory(unit=unit, name="Rød stue")
    other_group = f.GroupFactory(unit=unit, name="Blå stue")
    child = f.ChildFactory(first_name="Emma", last_name="Nielsen")
    f.EnrolmentFactory(child=child, group=group)
    mother = f.GuardianFactory(first_name="Mette", last_name="Nielsen", user=f.UserFactory(username="mette"))
    father = f.GuardianFactory(first_name="Lars", last_name="Nielsen", user=f.UserFactory(username="lars"))
    f.GuardianshipFactory(child=child, guardian=mother, relation="mother", has_custody=True)
    f.GuardianshipFactory(child=child, guardian=father, relation="father", has_custody=False)
    other_parent_guardian = f.GuardianFactory(user=f.UserFactory(username="anden_forælder"))
    f.GuardianshipFactory(guardian=other_parent_guardian)

    pedagogue = f.MembershipFactory(group=group, user__username="pia").user
    other_pedagogue = f.MembershipFactory(group=other_group, user__username="ole").user
    leader = f.MembershipFactory(role=Role.LEADER, group=None, unit=unit, user__username="lene").user
    bof = f.UnitFactory(name="Børn og Familie", kind=UnitKind.CHILDREN_AND_FAMILY, district=None)
    case_worker = f.MembershipFactory(role=Role.CASE_WORKER, group=None, unit=bof, user__username="carl").user
    outsider = f.MembershipFactory(user__username="otto").user
    administrator = f.UserFactory(username="admin", is_staff=True, is_superuser=True)
    assert mother.user is not None and other_parent_guardian.user is not None
    return Cast(
        unit=unit,
        group=group,
        other_group=other_group,
        child=child,
        mother=mother,
        father_without_custody=father,
        pedagogue=pedagogue,
        other_pedagogue=other_pedagogue,
        leader=leader,
        case_worker=case_worker,
        outsider=outsider,
        administrator=administrator,
        parent=mother.user,
        other_parent=other_parent_guardian.user,
    )


@pytest.fixture
def administrator_client(cast: Cast) -> Client:
    """The administrator signed in, with the UI in English so tests can read its messages."""
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.administrator)
    return client
