from __future__ import annotations

import datetime
import zoneinfo

import pytest

from trivsel.consent.models import Purpose, RecipientKind
from trivsel.consent.selectors import (
    STATUS_LABELS,
    ConsentStatus,
    child_consents,
    consent_allows,
    consent_status,
    consents_in_force,
)
from trivsel.organisation.models import Role
from trivsel.testing import factories as f

D = datetime.date
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
DISCUSSION = Purpose.MULTIPROFESSIONAL_DISCUSSION


@pytest.fixture
def consent(cast):
    """Mette's consent for discussion with Solsikken, 2026-01-01..2026-06-30."""
    consent = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        valid_from=D(2026, 1, 1),
        valid_until=D(2026, 6, 30),
        recorded_by=cast.pedagogue,
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    return consent


def _allows(cast, on, *, recipient=None, purpose=DISCUSSION):
    return consent_allows(child=cast.child, purpose=purpose, recipient=recipient or cast.unit, on=on)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2025, 12, 31), False), (D(2026, 1, 1), True), (D(2026, 6, 30), True), (D(2026, 7, 1), False)],
)
def test_it_allows_exactly_within_the_period(cast, consent, day, expected):
    assert _allows(cast, day) is expected


def test_a_withdrawal_counts_from_its_local_date(cast, consent):
    consent.withdrawn_at = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=CPH)
    consent.withdrawn_by = cast.pedagogue
    consent.save()
    assert _allows(cast, D(2026, 3, 9)) is True
    assert _allows(cast, D(2026, 3, 10)) is False
    assert _allows(cast, D(2026, 3, 11)) is False


def test_a_withdrawal_just_after_danish_midnight_is_that_days(cast, consent):
    # 00:30 in Copenhagen is still 9 March in UTC: the Danish date decides, in both functions.
    consent.withdrawn_at = datetime.datetime(2026, 3, 10, 0, 30, tzinfo=CPH)
    consent.save()
    consent.refresh_from_db()  # read back as the database gives it: in UTC
    assert consent.withdrawn_at.tzinfo == datetime.UTC
    assert _allows(cast, D(2026, 3, 9)) is True
    assert _allows(cast, D(2026, 3, 10)) is False
    assert consent_status(consent, D(2026, 3, 9)) == ConsentStatus.ACTIVE
    assert consent_status(consent, D(2026, 3, 10)) == ConsentStatus.WITHDRAWN


def test_a_consent_from_a_guardian_who_lost_custody_does_not_count(cast, consent):
    assert _allows(cast, D(2026, 2, 1)) is True
    cast.mother.guardianships.filter(child=cast.child).update(has_custody=False)
    assert _allows(cast, D(2026, 2, 1)) is False
    assert list(consents_in_force(cast.child, DISCUSSION, D(2026, 2, 1))) == []


def test_a_guardian_without_custody_cannot_give_a_consent_that_counts(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.father_without_custody, recorded_by=cast.pedagogue)
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    assert _allows(cast, D(2026, 2, 1)) is False


def test_a_custody_holders_consent_counts_only_for_the_child_it_was_given_for(cast, consent):
    sibling = f.ChildFactory()
    f.GuardianshipFactory(child=sibling, guardian=cast.mother, has_custody=True)
    assert consent_allows(child=sibling, purpose=DISCUSSION, recipient=cast.unit, on=D(2026, 2, 1)) is False


def test_a_purpose_mismatch_does_not_allow(cast, consent):
    assert _allows(cast, D(2026, 2, 1), purpose=Purpose.TRANSITION_HANDOVER) is False
    assert _allows(cast, D(2026, 2, 1), purpose=Purpose.QUESTIONNAIRES) is False


def test_a_unit_recipient_matches_that_unit_only(cast, consent):
    assert _allows(cast, D(2026, 2, 1), recipient=cast.unit) is True
    assert _allows(cast, D(2026, 2, 1), recipient=f.UnitFactory()) is False


def test_a_unit_recipient_lets_in_users_with_a_current_membership_of_it(cast, consent):
    on = D(2026, 2, 1)
    assert _allows(cast, on, recipient=cast.pedagogue) is True
    assert _allows(cast, on, recipient=cast.leader) is True
    assert _allows(cast, on, recipient=cast.outsider) is False
    assert _allows(cast, on, recipient=cast.case_worker) is False
    former = f.MembershipFactory(group=cast.group, start=D(2020, 1, 1), end=D(2026, 1, 31)).user
    assert _allows(cast, on, recipient=former) is False
    assert _allows(cast, D(2026, 1, 31), recipient=former) is True
    future = f.MembershipFactory(group=cast.group, start=D(2026, 3, 1)).user
    assert _allows(cast, on, recipient=future) is False
    assert _allows(cast, D(2026, 3, 1), recipient=future) is True


def test_a_named_recipient_matches_only_that_person(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother, valid_from=D(2026, 1, 1))
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.USER, unit=None, user=cast.case_worker)
    on = D(2026, 2, 1)
    assert _allows(cast, on, recipient=cast.case_worker) is True
    assert _allows(cast, on, recipient=cast.pedagogue) is False
    assert _allows(cast, on, recipient=cast.unit) is False


def test_a_role_recipient_matches_users_with_a_current_membership_in_that_role(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother, valid_from=D(2026, 1, 1))
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.ROLE, unit=None, role=Role.CASE_WORKER)
    on = D(2026, 2, 1)
    assert _allows(cast, on, recipient=cast.case_worker) is True
    assert _allows(cast, on, recipient=cast.leader) is False
    assert _allows(cast, on, recipient=cast.pedagogue) is False
    retired = f.MembershipFactory(role=Role.CASE_WORKER, group=None, unit=f.UnitFactory(), end=D(2025, 12, 31)).user
    assert _allows(cast, on, recipient=retired) is False


def test_a_user_without_any_membership_is_never_a_recipient(cast, consent):
    assert _allows(cast, D(2026, 2, 1), recipient=cast.administrator) is False
    assert _allows(cast, D(2026, 2, 1), recipient=cast.parent) is False


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 12, 31), ConsentStatus.PENDING),
        (D(2026, 1, 1), ConsentStatus.ACTIVE),
        (D(2026, 6, 30), ConsentStatus.ACTIVE),
        (D(2026, 7, 1), ConsentStatus.EXPIRED),
    ],
)
def test_the_status_follows_the_period(consent, day, expected):
    assert consent_status(consent, day) == expected


def test_the_status_is_withdrawn_from_the_day_of_withdrawal(cast, consent):
    consent.withdrawn_at = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=CPH)
    assert consent_status(consent, D(2026, 3, 9)) == ConsentStatus.ACTIVE
    assert consent_status(consent, D(2026, 3, 10)) == ConsentStatus.WITHDRAWN
    assert consent_status(consent, D(2026, 7, 1)) == ConsentStatus.WITHDRAWN
    # After the period a withdrawn consent stays "withdrawn", not "expired".
    assert consent_status(consent, D(2026, 12, 31)) == ConsentStatus.WITHDRAWN


def test_every_status_has_a_label():
    assert set(STATUS_LABELS) == set(ConsentStatus)
    assert [str(s) for s in ConsentStatus] == ["active", "pending", "expired", "withdrawn"]


def test_child_consents_lists_the_childs_consents_newest_period_first(cast, consent):
    later = f.ConsentFactory(child=cast.child, guardian=cast.mother, valid_from=D(2026, 7, 1))
    f.ConsentFactory(guardian=cast.mother)  # another child's
    assert list(child_consents(cast.child)) == [later, consent]
