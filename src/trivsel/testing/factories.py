"""factory_boy factories for tests (and only tests)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.models import Child, ChildAccessGrant, Enrolment, Guardian, Guardianship
from trivsel.consent.models import Consent, ConsentRecipient, Method, Purpose, RecipientKind
from trivsel.organisation.models import District, Group, Membership, Municipality, Role, Unit, UnitKind


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Testkommune"
    code = "999"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Distrikt {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Børnehuset {n}")
    kind = UnitKind.KINDERGARTEN


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Stue {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruger{n}")
    password = factory.django.Password("test-password-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.FRONTLINE
    group = factory.SubFactory(GroupFactory)
    unit = factory.LazyAttribute(lambda m: m.group.unit if m.group else None)
    start = datetime.date(2020, 1, 1)
    end = None


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Sequence(lambda n: f"Barn{n}")
    last_name = "Jensen"
    birth_date = datetime.date(2020, 5, 17)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    first_name = factory.Sequence(lambda n: f"Forælder{n}")
    last_name = "Jensen"


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    child = factory.SubFactory(ChildFactory)
    guardian = factory.SubFactory(GuardianFactory)
    relation = "mother"
    has_custody = True


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    child = factory.SubFactory(ChildFactory)
    group = factory.SubFactory(GroupFactory)
    unit = factory.LazyAttribute(lambda e: e.group.unit)
    track = factory.LazyAttribute(lambda e: e.unit.track)
    start = datetime.date(2023, 8, 1)
    end = None


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildAccessGrant

    child = factory.SubFactory(ChildFactory)
    user = factory.SubFactory(UserFactory)
    reason = "Netværksmøde"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    child = factory.SubFactory(ChildFactory)
    guardian = factory.SubFactory(GuardianFactory)
    purpose = Purpose.MULTIPROFESSIONAL_DISCUSSION
    method = Method.WRITTEN
    valid_from = datetime.date(2026, 1, 1)
    valid_until = datetime.date(2026, 12, 31)
    recorded_by = factory.SubFactory(UserFactory)


class ConsentRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecipient

    consent = factory.SubFactory(ConsentFactory)
    kind = RecipientKind.UNIT
    unit = factory.SubFactory(UnitFactory)
