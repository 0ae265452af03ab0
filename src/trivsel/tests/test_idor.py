"""Swapping ids: every URL that takes a child (or a consent, grant or concern of one) answers a child outside
the user's relation exactly as it answers an id that does not exist, and never shows that child.

Noah is enrolled in another unit, with his own guardian, consent and access grant. The URLs come
from the role × URL matrix, so a new child URL is covered here as soon as it is added there.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.testing import csv_file, make_pupil, make_school
from trivsel.audit.models import AccessLog
from trivsel.children.models import Child, ChildAccessGrant
from trivsel.concerns.models import Concern
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.consent.models import Consent, RecipientKind
from trivsel.lib.time import today
from trivsel.notifications.models import Notification
from trivsel.organisation.models import Role, Unit
from trivsel.questionnaires.models import QuestionnaireRequest, Response
from trivsel.questionnaires.testing import instrument
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.screening.testing import make_round, make_screening
from trivsel.testing import factories as f
from trivsel.tests.test_url_matrix import (
    MATRIX,
    POST_MATRIX,
    POST_ONLY,
    World,
    client_for,
    post_data,
    request,
    url_patterns,
)

# Users with a relation to Emma (the interesting ones) and two without.
ROLES = ("pedagogue", "leader", "parent", "outsider", "case_worker")
NOAH = ("Noah", "Kristiansen", "Sara Holm")  # his first and last name, and his mother's name

# Per-request randomness that may differ between two otherwise identical pages.
_VOLATILE = [
    re.compile(p) for p in (r'nonce="[^"]*"', r'"X-CSRFToken": "[^"]*"', r'name="csrfmiddlewaretoken" value="[^"]*"')
]


def _normalised(body: bytes) -> str:
    text = body.decode()
    for pattern in _VOLATILE:
        text = pattern.sub("", text)
    return text


@pytest.fixture
def emma(cast) -> World:
    consent = f.ConsentFactory(
        child=cast.child, guardian=cast.mother, valid_from=today(), valid_until=today() + datetime.timedelta(days=90)
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    specialist = f.MembershipFactory(role=Role.SPECIALIST, group=None, unit=f.UnitFactory()).user
    grant = f.GrantFactory(child=cast.child, user=specialist)
    concern = _concern_for(cast.child, cast.pedagogue)
    notification = _notification_for(cast.child, cast.pedagogue)
    screening_round = make_round(cast.unit, cast.leader)
    make_screening(screening_round, cast.child, cast.group, cast.leader, "gul")
    return World(
        cast=cast,
        consent_id=consent.pk,
        grant_id=grant.pk,
        concern_id=concern.pk,
        notification_id=notification.pk,
        round_id=screening_round.pk,
        reminder_id=0,
        meeting_id=0,
        item_id=0,
        agreement_id=0,
        intervention_id=0,
        goal_id=0,
        milestone_id=0,
        request_id=0,
        questionnaire_id=0,
        token="",
    )


def _notification_for(child: Child, filed_by: Any) -> Notification:
    now = timezone.now()
    return Notification.objects.create(
        child=child, filed_by=filed_by, filed_at=now, received_at=now, grounds="other", description="Synthetic"
    )


def _concern_for(child: Child, reporter: Any) -> Concern:
    levels = default_levels_and_guide()
    return Concern.objects.create(
        child=child, reported_by=reporter, level=levels["lille"], observed_on=today(), description="Uro",
        areas=["trivsel"],
    )  # fmt: skip


@pytest.fixture
def noah(cast) -> dict[str, Any]:
    """A child in another unit, with everything a URL can point at."""
    child = f.ChildFactory(first_name=NOAH[0], last_name=NOAH[1], birth_date=datetime.date(2019, 9, 9))
    f.EnrolmentFactory(child=child, group=f.GroupFactory(unit=f.UnitFactory(name="Mælkebøtten")))
    mother = f.GuardianFactory(first_name="Sara", last_name="Holm", user=f.UserFactory(username="sara"))
    f.GuardianshipFactory(child=child, guardian=mother, has_custody=True)
    consent = f.ConsentFactory(
        child=child, guardian=mother, valid_from=today(), valid_until=today() + datetime.timedelta(days=90)
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    grant = f.GrantFactory(child=child, user=f.UserFactory())
    concern = _concern_for(child, f.UserFactory())
    notification = _notification_for(child, f.UserFactory())
    # Noah's own unit screens him too: his round id in Emma's URL must not open Emma's rating.
    screening_round = make_round(child.enrolments.get().unit, f.UserFactory())
    make_screening(screening_round, child, child.enrolments.get().group, f.UserFactory(), "roed")
    # A questionnaire Noah's mother was asked to answer.
    questionnaire = QuestionnaireRequest.objects.create(
        child=child, instrument=instrument(), respondent="parent", guardian=mother, requested_by=f.UserFactory(),
        due=today(),
    )  # fmt: skip
    return {
        "child_id": child.pk,
        "consent_id": consent.pk,
        "grant_id": grant.pk,
        "concern_id": concern.pk,
        "notification_id": notification.pk,
        "round_id": screening_round.pk,
        "request_id": questionnaire.pk,
        "questionnaire_id": questionnaire.pk,
    }


def _child_urls() -> list[tuple[str, str]]:
    """(url name, method) for every URL that takes a child id; forms are tried with GET and POST."""
    cases = []
    for name in MATRIX:
        if name == "admin:*" or "child_id" not in url_patterns()[name]:
            continue
        cases.append((name, "post" if name in POST_ONLY else "get"))
        if name in POST_MATRIX:
            cases.append((name, "post"))
    return cases


CASES = [(name, method, role) for name, method in _child_urls() for role in ROLES]


def _noahs_state() -> tuple[object, ...]:
    consent = Consent.objects.get(child__first_name="Noah")
    grant = ChildAccessGrant.objects.get(child__first_name="Noah")
    concerns = Concern.objects.filter(child__first_name="Noah")
    return (
        consent.withdrawn_at,
        grant.revoked_at,
        Consent.objects.filter(child__first_name="Noah").count(),
        [(c.status, c.steps.count()) for c in concerns],
        list(Notification.objects.filter(child__first_name="Noah").values_list("assessed_at", "acknowledged_at")),
        list(Screening.objects.filter(child__first_name="Noah").values_list("position__code", "next_step")),
        Rating.objects.filter(child__first_name="Noah").count(),
        list(QuestionnaireRequest.objects.filter(child__first_name="Noah").values_list("cancelled_at", "answered_at")),
        Response.objects.filter(child__first_name="Noah").count(),
    )


@pytest.mark.parametrize(("name", "method", "role"), CASES, ids=[f"{n}-{m}-{r}" for n, m, r in CASES])
def test_another_childs_id_looks_like_a_missing_one(emma, noah, name, method, role):
    client = client_for(role, emma)
    before = _noahs_state()
    missing = max(Child.objects.values_list("pk", flat=True)) + 1000

    swapped = _request_with_ids(client, name, emma, method, noah)
    absent = _request_with_ids(client, name, emma, method, {**noah, "child_id": missing})

    assert swapped.status_code == 404
    assert absent.status_code == 404
    assert _normalised(swapped.content) == _normalised(absent.content)
    for word in NOAH:
        assert word not in swapped.content.decode()
    assert _noahs_state() == before
    denied = AccessLog.objects.filter(child_id=noah["child_id"]).get()
    assert (denied.action, denied.status) == ("denied", 404)


def _request_with_ids(client, name, world: World, method, ids: dict[str, int]):
    swapped = World(
        cast=world.cast,
        consent_id=ids["consent_id"],
        grant_id=ids["grant_id"],
        concern_id=ids["concern_id"],
        notification_id=ids.get("notification_id", world.notification_id),
        round_id=ids.get("round_id", world.round_id),
        reminder_id=world.reminder_id,
        meeting_id=world.meeting_id,
        item_id=world.item_id,
        agreement_id=world.agreement_id,
        intervention_id=world.intervention_id,
        goal_id=world.goal_id,
        milestone_id=world.milestone_id,
        request_id=ids.get("request_id", world.request_id),
        questionnaire_id=ids.get("questionnaire_id", world.questionnaire_id),
        token=world.token,
    )
    return request(client, name, swapped, method, child_id=ids["child_id"])


def _sub_id_cases() -> list[tuple[str, str, str]]:
    """URLs naming a consent or grant under Emma: Noah's consent/grant id in Emma's URL."""
    cases: list[tuple[str, str, str]] = []
    for name, method in _child_urls():
        for key in ("consent_id", "grant_id", "concern_id", "round_id", "request_id", "questionnaire_id"):
            if key in url_patterns()[name]:
                cases.append((name, method, key))
    return cases


SUB_CASES = [(n, m, k, r) for n, m, k in _sub_id_cases() for r in ("pedagogue", "leader", "parent")]


@pytest.mark.parametrize(
    ("name", "method", "key", "role"), SUB_CASES, ids=[f"{n}-{m}-{r}" for n, m, _k, r in SUB_CASES]
)
def test_another_childs_consent_or_grant_under_this_child_is_404(emma, noah, name, method, key, role):
    client = client_for(role, emma)
    before = _noahs_state()
    ids = {
        "child_id": emma.cast.child.pk,
        "consent_id": emma.consent_id,
        "grant_id": emma.grant_id,
        "concern_id": emma.concern_id,
        "round_id": emma.round_id,
        key: noah[key],
    }
    response = _request_with_ids(client, name, emma, method, ids)
    # Either the user may not act on Emma at all here (403/404 as in the matrix) or the id is not hers: never 2xx/3xx.
    assert response.status_code in (403, 404)
    for word in NOAH:
        assert word not in response.content.decode()
    assert _noahs_state() == before


@pytest.mark.parametrize("role", ("pedagogue", "leader", "other_pedagogue", "outsider", "administrator", "parent"))
@pytest.mark.parametrize(
    "path", ["/boern/", "/boern/?q=09-09-2019", "/api/v1/children", "/api/v1/children?q=noah", "/portal/"]
)
def test_lists_and_searches_never_show_another_unit_child(emma, noah, client, role, path):
    client.force_login(getattr(emma.cast, role))
    body = client.get(path).content.decode()
    for word in NOAH:
        assert word not in body


NOTIFICATION_CASES = [
    (name, "post" if name in POST_ONLY else "get")
    for name in MATRIX
    if name != "admin:*" and url_patterns()[name] == ["notification_id"]
]


@pytest.mark.parametrize(("name", "method"), NOTIFICATION_CASES, ids=[f"{n}-{m}" for n, m in NOTIFICATION_CASES])
def test_another_childs_notification_looks_like_a_missing_one(emma, noah, name, method):
    """A case worker who handles Emma's notification asks for Noah's: exactly as if it did not exist."""
    f.GrantFactory(child=emma.cast.child, user=emma.cast.case_worker, reason="Underretning")
    client = client_for("case_worker", emma)
    before = _noahs_state()
    missing = max(Notification.objects.values_list("pk", flat=True)) + 1000
    ids = {"child_id": emma.cast.child.pk, "consent_id": emma.consent_id, "grant_id": emma.grant_id,
           "concern_id": emma.concern_id}  # fmt: skip

    swapped = _request_with_ids(client, name, emma, method, {**ids, "notification_id": noah["notification_id"]})
    absent = _request_with_ids(client, name, emma, method, {**ids, "notification_id": missing})

    assert swapped.status_code == 404
    assert absent.status_code == 404
    assert _normalised(swapped.content) == _normalised(absent.content)
    for word in NOAH:
        assert word not in swapped.content.decode()
    assert _noahs_state() == before


UNIT_CASES = [
    (name, method)
    for name in MATRIX
    if name != "admin:*" and url_patterns()[name] == ["unit_id"]
    for method in (["get", "post"] if name in POST_MATRIX else ["post" if name in POST_ONLY else "get"])
]


@pytest.mark.parametrize(("name", "method"), UNIT_CASES, ids=[f"{n}-{m}" for n, m in UNIT_CASES])
def test_another_units_id_looks_like_a_missing_one(emma, name, method):
    """Lene leads Solsikken and Skovskolen; Bakkeskolen's pages answer her as if it did not exist."""
    make_school(emma.cast.unit.district, leader=emma.cast.leader)
    bakkeskolen = make_school(name="Bakkeskolen")
    make_pupil(bakkeskolen, "0505154005", NOAH[0])
    client = client_for("leader", emma)
    missing = max(Unit.objects.values_list("pk", flat=True)) + 1000

    def at(unit_id: int) -> Any:
        path = reverse(name, kwargs={"unit_id": unit_id})
        if method == "get":
            return client.get(path)
        if name == "attendance:import":  # Noah's numbers, for his own school
            noah = ["0505154005", "01-09-2026", "30-09-2026", 21, 0, 0, 0]
            return client.post(path, {"file": SimpleUploadedFile("fravaer.csv", csv_file([noah]))})
        return client.post(path, post_data(name, emma))

    swapped, absent = at(bakkeskolen.unit_id), at(missing)

    assert swapped.status_code == 404
    assert absent.status_code == 404
    assert _normalised(swapped.content) == _normalised(absent.content)
    assert NOAH[0] not in swapped.content.decode()
    assert not AttendanceRecord.objects.exists()
    assert not ScreeningRound.objects.filter(unit=bakkeskolen.unit).exists()
