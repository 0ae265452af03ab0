from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trivsel.consent.models import RecipientKind
from trivsel.lib.time import today
from trivsel.meetings.models import Sharing
from trivsel.meetings.sharing import ViewBasis, view_bases, view_basis
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.organisation.models import Role, UnitKind
from trivsel.testing import factories as f


@pytest.fixture
def psychologist(cast):
    ppr = f.UnitFactory(name="PPR", kind=UnitKind.PPR, district=None)
    return f.MembershipFactory(role=Role.SPECIALIST, group=None, unit=ppr, user__username="pernille").user


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.unit, cast.leader)


def _consent_for(cast, **recipient):
    consent = f.ConsentFactory(
        child=cast.child, guardian=cast.mother, valid_from=today(), valid_until=today().replace(year=today().year + 1)
    )
    f.ConsentRecipientFactory(consent=consent, **recipient)
    return consent


def test_with_consent_the_people_it_names_and_those_who_work_with_the_child_see_the_name(cast, meeting, psychologist):
    _consent_for(cast, kind=RecipientKind.ROLE, role=Role.SPECIALIST, unit=None)
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.CONSENT)
    assert view_basis(item, cast.pedagogue) == ViewBasis.RELATION
    assert view_basis(item, cast.leader) == ViewBasis.RELATION
    assert view_basis(item, psychologist) == ViewBasis.CONSENT
    assert view_basis(item, cast.case_worker) == ViewBasis.ANONYMOUS  # the consent does not name Børn og Familie
    assert view_basis(item, cast.outsider) == ViewBasis.ANONYMOUS


def test_a_withdrawn_consent_makes_the_item_anonymous_again(cast, meeting, psychologist):
    consent = _consent_for(cast, kind=RecipientKind.USER, user=psychologist, unit=None)
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.CONSENT, consent=consent)
    assert view_basis(item, psychologist) == ViewBasis.CONSENT
    consent.withdrawn_at = timezone.now() - datetime.timedelta(days=1)
    consent.save()
    assert view_basis(item, psychologist) == ViewBasis.ANONYMOUS


def test_the_one_meeting_rule_covers_daycare_school_health_visitors_and_the_authority_only(cast, meeting, psychologist):
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.ONE_MEETING)
    assert view_basis(item, cast.outsider) == ViewBasis.ONE_MEETING  # a pedagogue in another kindergarten
    assert view_basis(item, cast.case_worker) == ViewBasis.ONE_MEETING  # Børn og Familie
    assert view_basis(item, psychologist) == ViewBasis.ANONYMOUS  # PPR is not named by the rule: consent needed


def test_an_anonymous_item_is_anonymous_to_everyone_without_a_relation(cast, meeting, psychologist):
    item = make_item(meeting, cast.child, cast.pedagogue, Sharing.ANONYMOUS)
    assert {
        u.username: b for u, b in ((u, view_basis(item, u)) for u in (cast.pedagogue, psychologist, cast.case_worker))
    } == {
        "pia": ViewBasis.RELATION,
        "pernille": ViewBasis.ANONYMOUS,
        "carl": ViewBasis.ANONYMOUS,
    }


def test_a_whole_agenda_is_judged_in_a_fixed_number_of_queries(cast, meeting, psychologist):
    items = [
        make_item(meeting, f.EnrolmentFactory(group=cast.group).child, cast.pedagogue, sharing, order=i)
        for i, sharing in enumerate(Sharing.values * 3)
    ]
    counts = []
    for some in (items[:3], items):
        fresh = type(psychologist).objects.get(pk=psychologist.pk)  # no cached scope
        with CaptureQueriesContext(connection) as queries:
            bases = view_bases(fresh, some)
        counts.append(len(queries))
        assert len(bases) == len(some)
    assert counts[0] == counts[1] <= 6
