from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.children import cpr
from trivsel.children.models import Child, ChildAccessGrant, Enrolment, GrantSource, Guardianship
from trivsel.children.services import (
    EnrolmentPeriod,
    access_grant_create,
    access_grant_revoke,
    child_create,
    child_reveal_cpr,
    child_update,
    child_validate,
    enrolment_save,
    enrolment_validate,
    guardian_create,
    guardianship_set,
)
from trivsel.lib.time import today
from trivsel.organisation.models import UnitKind
from trivsel.testing import factories as f

BIRTH = datetime.date(2020, 5, 17)
CPR = "170520-4123"  # synthetic: born 17 May 2020 (7th digit 4, year 20: the 2000s)


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str | None]]:
    return {field: [error.code for error in errors] for field, errors in exc.value.error_dict.items()}


def _create(admin, **overrides) -> Child:
    values = {"first_name": "Alma", "last_name": "Holm", "birth_date": BIRTH, "cpr_number": CPR}
    return child_create(actor=admin, **{**values, **overrides})


# child_create / child_update


def test_it_creates_a_child_and_logs_every_field_with_the_cpr_masked(cast):
    child = _create(cast.administrator, first_name=" Alma ")
    assert (child.first_name, child.last_name, child.birth_date) == ("Alma", "Holm", BIRTH)
    entry = AccessLog.objects.get(action=Action.CREATE, child_id=child.pk)
    assert entry.user_id == cast.administrator.pk
    assert entry.purpose == "administration"
    assert entry.object_type == "children.child"
    assert entry.changed_fields == ["birth_date", "cpr", "first_name", "last_name"]
    changes = {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.filter(log=entry)}
    assert changes == {
        "first_name": ("", "Alma"),
        "last_name": ("", "Holm"),
        "birth_date": ("", "2020-05-17"),
        "cpr": ("", "170520-XXXX"),
    }


def test_it_stores_the_cpr_encrypted_and_never_in_clear(cast):
    child = _create(cast.administrator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cpr_encrypted, cpr_digest FROM children_child WHERE id = %s", [child.pk])
        encrypted, digest = cursor.fetchone()
    assert "1705204123" not in encrypted and "4123" not in encrypted
    assert "1705204123" not in digest
    assert cpr.decrypt(encrypted) == "1705204123"
    assert digest == cpr.digest("1705204123")
    log_text = [(c.old_value, c.new_value) for c in FieldChange.objects.filter(child_id=child.pk)]
    assert not any("4123" in old + new for old, new in log_text)


def test_it_refuses_a_cpr_already_registered_for_another_child(cast):
    _create(cast.administrator)
    with pytest.raises(ValidationError) as exc:
        _create(cast.administrator, first_name="Anden")
    assert _codes(exc) == {"cpr": ["duplicate_cpr"]}
    assert Child.objects.filter(first_name="Anden").count() == 0


@pytest.mark.parametrize("number", ["010203-123", "320199-1234", "17052O-4123"])
def test_it_refuses_an_invalid_cpr(cast, number):
    before = Child.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _create(cast.administrator, cpr_number=number)
    assert _codes(exc) == {"cpr": ["invalid_cpr"]}
    assert exc.value.message_dict == {"cpr": ["That is not a valid CPR number (DDMMÅÅ-XXXX)."]}
    assert Child.objects.count() == before
    assert not AccessLog.objects.filter(action=Action.CREATE).exists()


def test_it_refuses_a_cpr_that_does_not_match_the_birth_date(cast):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _create(cast.administrator, cpr_number="180520-4123")
    assert exc.value.message_dict == {"cpr": ["The CPR number does not match the birth date."]}
    assert _codes(exc) == {"cpr": ["cpr_birth_date_mismatch"]}


def test_it_refuses_a_birth_date_in_the_future(cast):
    tomorrow = today() + datetime.timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _create(cast.administrator, birth_date=tomorrow, cpr_number="")
    assert exc.value.message_dict == {"birth_date": ["The birth date cannot be in the future."]}
    assert _codes(exc) == {"birth_date": ["future_birth_date"]}
    assert not Child.objects.filter(first_name="Alma").exists()


def test_it_accepts_a_child_born_today_without_cpr(cast):
    child = _create(cast.administrator, birth_date=today(), cpr_number="")
    assert child.has_cpr is False
    assert child.cpr_digest == ""


def test_validation_lets_a_child_keep_its_own_cpr(cast):
    child = _create(cast.administrator)
    assert child_validate(birth_date=BIRTH, cpr_number="1705204123", child=child) == "1705204123"
    with pytest.raises(ValidationError) as exc:
        child_validate(birth_date=BIRTH, cpr_number=CPR)
    assert _codes(exc) == {"cpr": ["duplicate_cpr"]}


def test_only_an_administrator_creates_or_changes_children(cast):
    with pytest.raises(PermissionDenied):
        _create(cast.leader)
    with pytest.raises(PermissionDenied):
        child_update(actor=cast.pedagogue, child=cast.child, first_name="X", last_name="Y", birth_date=BIRTH)
    assert Child.objects.get(pk=cast.child.pk).first_name == "Emma"


def test_it_logs_the_changed_fields_with_old_and_new_values(cast):
    child = child_update(
        actor=cast.administrator, child=cast.child, first_name="Emma", last_name="Holm", birth_date=BIRTH
    )
    assert child.last_name == "Holm"
    entry = AccessLog.objects.get(action=Action.CHANGE, child_id=cast.child.pk)
    assert entry.changed_fields == ["last_name"]
    assert list(FieldChange.objects.filter(log=entry).values_list("field", "old_value", "new_value")) == [
        ("last_name", "Nielsen", "Holm")
    ]
    assert Child.objects.get(pk=cast.child.pk).last_name == "Holm"


def test_an_update_without_changes_logs_nothing(cast):
    child_update(actor=cast.administrator, child=cast.child, first_name="Emma", last_name="Nielsen", birth_date=BIRTH)
    assert not AccessLog.objects.filter(action=Action.CHANGE).exists()


def test_none_keeps_the_stored_cpr_and_empty_removes_it(cast):
    child = _create(cast.administrator)
    child_update(actor=cast.administrator, child=child, first_name="Alma", last_name="Holm", birth_date=BIRTH)
    child.refresh_from_db()
    assert cpr.decrypt(child.cpr_encrypted) == "1705204123"
    assert not AccessLog.objects.filter(action=Action.CHANGE).exists()

    child_update(
        actor=cast.administrator, child=child, first_name="Alma", last_name="Holm", birth_date=BIRTH, cpr_number=""
    )
    child.refresh_from_db()
    assert (child.cpr_encrypted, child.cpr_digest) == ("", "")
    entry = AccessLog.objects.get(action=Action.CHANGE, child_id=child.pk)
    assert list(FieldChange.objects.filter(log=entry).values_list("field", "old_value", "new_value")) == [
        ("cpr", "170520-XXXX", "")
    ]


def test_a_kept_cpr_must_still_match_a_changed_birth_date(cast):
    child = _create(cast.administrator)
    with pytest.raises(ValidationError) as exc:
        child_update(
            actor=cast.administrator,
            child=child,
            first_name="Alma",
            last_name="Holm",
            birth_date=datetime.date(2020, 5, 18),
        )
    assert _codes(exc) == {"cpr": ["cpr_birth_date_mismatch"]}
    assert Child.objects.get(pk=child.pk).birth_date == BIRTH


# child_reveal_cpr


def test_a_professional_with_a_relation_reveals_the_cpr_and_it_is_logged(cast):
    child_update(
        actor=cast.administrator,
        child=cast.child,
        first_name="Emma",
        last_name="Nielsen",
        birth_date=BIRTH,
        cpr_number=CPR,
    )
    assert child_reveal_cpr(actor=cast.pedagogue, child=cast.child) == "170520-4123"
    entry = AccessLog.objects.get(action=Action.REVEAL_CPR)
    assert (entry.user_id, entry.child_id, entry.role, entry.unit_id) == (
        cast.pedagogue.pk,
        cast.child.pk,
        "frontline",
        cast.unit.pk,
    )


@pytest.mark.parametrize("who", ["outsider", "case_worker", "administrator", "parent", "other_pedagogue"])
def test_a_reveal_without_a_professional_relation_is_refused_and_not_logged(cast, who):
    child_update(
        actor=cast.administrator,
        child=cast.child,
        first_name="Emma",
        last_name="Nielsen",
        birth_date=BIRTH,
        cpr_number=CPR,
    )
    with pytest.raises(PermissionDenied):
        child_reveal_cpr(actor=getattr(cast, who), child=cast.child)
    assert not AccessLog.objects.filter(action=Action.REVEAL_CPR).exists()


def test_there_is_nothing_to_reveal_for_a_child_without_cpr(cast):
    with pytest.raises(PermissionDenied):
        child_reveal_cpr(actor=cast.pedagogue, child=cast.child)


# guardians


def test_it_creates_a_guardian_and_links_it_with_custody(cast):
    guardian = guardian_create(actor=cast.administrator, first_name=" Bo ", last_name="Holm", email="bo@example.org")
    assert (guardian.first_name, guardian.email) == ("Bo", "bo@example.org")
    assert AccessLog.objects.filter(action=Action.CREATE, object_type="children.guardian", object_id=guardian.pk)

    ship = guardianship_set(
        actor=cast.administrator, child=cast.child, guardian=guardian, relation="father", has_custody=True
    )
    entry = AccessLog.objects.get(object_type="children.guardianship", object_id=ship.pk)
    assert (entry.action, entry.child_id, entry.changed_fields) == (
        "create",
        cast.child.pk,
        ["guardian", "has_custody"],
    )

    guardianship_set(
        actor=cast.administrator, child=cast.child, guardian=guardian, relation="father", has_custody=False
    )
    assert Guardianship.objects.get(pk=ship.pk).has_custody is False
    change = AccessLog.objects.get(object_type="children.guardianship", action=Action.CHANGE)
    assert list(FieldChange.objects.filter(log=change).values_list("field", "old_value", "new_value")) == [
        ("has_custody", "True", "False")
    ]


def test_only_an_administrator_links_guardians(cast):
    with pytest.raises(PermissionDenied):
        guardian_create(actor=cast.leader, first_name="Bo", last_name="Holm")
    with pytest.raises(PermissionDenied):
        guardianship_set(actor=cast.leader, child=cast.child, guardian=cast.mother, has_custody=False)


# access grants


def test_the_childs_leader_grants_access_manually(cast):
    ends = timezone.now() + datetime.timedelta(days=14)
    grant = access_grant_create(
        actor=cast.leader,
        child=cast.child,
        user=cast.case_worker,
        source=GrantSource.MANUAL,
        reason=" Sparring ",
        ends_at=ends,
    )
    assert (grant.reason, grant.granted_by, grant.ends_at) == ("Sparring", cast.leader, ends)
    entry = AccessLog.objects.get(object_type="children.childaccessgrant")
    assert (entry.action, entry.user_id, entry.child_id, entry.role, entry.purpose) == (
        "create",
        cast.leader.pk,
        cast.child.pk,
        "leader",
        "Sparring",
    )


@pytest.mark.parametrize("who", ["pedagogue", "outsider", "administrator"])
def test_nobody_but_the_leader_grants_access_manually(cast, who):
    with pytest.raises(PermissionDenied):
        access_grant_create(
            actor=getattr(cast, who),
            child=cast.child,
            user=cast.case_worker,
            source=GrantSource.MANUAL,
            reason="Sparring",
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert ChildAccessGrant.objects.count() == 0


def test_a_manual_grant_needs_a_person(cast):
    with pytest.raises(PermissionDenied):
        access_grant_create(
            actor=None,
            child=cast.child,
            user=cast.case_worker,
            source=GrantSource.MANUAL,
            reason="Sparring",
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )


def test_the_system_grants_access_without_an_actor(cast):
    grant = access_grant_create(
        actor=None,
        child=cast.child,
        user=cast.case_worker,
        source=GrantSource.NOTIFICATION,
        reason="Underretning",
        ends_at=timezone.now() + datetime.timedelta(days=30),
    )
    assert grant.granted_by is None
    entry = AccessLog.objects.get(object_type="children.childaccessgrant")
    assert (entry.user_id, entry.username, entry.child_id, entry.purpose) == (None, "", cast.child.pk, "Underretning")


def test_a_grant_needs_a_reason_and_an_end_after_its_start(cast):
    start = timezone.now()
    with pytest.raises(ValidationError) as exc:
        access_grant_create(
            actor=None, child=cast.child, user=cast.case_worker, source="meeting", reason=" ", ends_at=start
        )
    assert list(exc.value.error_dict) == ["reason"]
    with pytest.raises(ValidationError) as exc:
        access_grant_create(
            actor=None,
            child=cast.child,
            user=cast.case_worker,
            source="meeting",
            reason="Møde",
            starts_at=start,
            ends_at=start,
        )
    assert list(exc.value.error_dict) == ["ends_at"]
    assert ChildAccessGrant.objects.count() == 0


def test_the_leader_revokes_a_grant_and_a_second_revoke_keeps_the_first_time(cast):
    grant = f.GrantFactory(child=cast.child, user=cast.case_worker)
    with pytest.raises(PermissionDenied):
        access_grant_revoke(actor=cast.pedagogue, grant=grant)
    access_grant_revoke(actor=cast.leader, grant=grant)
    grant.refresh_from_db()
    first = grant.revoked_at
    assert first is not None
    access_grant_revoke(actor=cast.leader, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at == first
    assert AccessLog.objects.filter(object_type="children.childaccessgrant", action=Action.CHANGE).count() == 1


# enrolments


@pytest.fixture
def kindergartens(cast):
    """Emma's current kindergarten (Solsikken, from 2023-08-01, open) and another one."""
    other = f.GroupFactory(unit=f.UnitFactory(name="Mælkebøtten", kind=UnitKind.KINDERGARTEN), name="Gul stue")
    return cast.child.enrolments.get(), other


def _save(cast, group, start, end, enrolment=None):
    return enrolment_save(
        actor=cast.administrator,
        child=cast.child,
        unit=group.unit,
        group=group,
        start=start,
        end=end,
        enrolment=enrolment,
    )


def test_two_kindergartens_at_once_are_refused(cast, kindergartens):
    _current, other = kindergartens
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _save(cast, other, datetime.date(2024, 1, 1), None)
    assert exc.value.message_dict == {"start": ["The child is already enrolled in a unit of this kind in that period."]}
    assert _codes(exc) == {"start": ["enrolment_overlap"]}
    assert Enrolment.objects.filter(child=cast.child).count() == 1


def test_the_next_period_may_start_the_day_after_the_last_one_ends(cast, kindergartens):
    current, other = kindergartens
    _save(cast, cast.group, datetime.date(2023, 8, 1), datetime.date(2024, 7, 31), enrolment=current)
    moved = _save(cast, other, datetime.date(2024, 8, 1), None)
    assert moved.track == "daycare"
    assert Enrolment.objects.filter(child=cast.child).count() == 2


def test_the_next_period_may_not_start_on_the_day_the_last_one_ends(cast, kindergartens):
    current, other = kindergartens
    _save(cast, cast.group, datetime.date(2023, 8, 1), datetime.date(2024, 7, 31), enrolment=current)
    with pytest.raises(ValidationError) as exc:
        _save(cast, other, datetime.date(2024, 7, 31), None)
    assert _codes(exc) == {"start": ["enrolment_overlap"]}
    with pytest.raises(ValidationError):
        _save(cast, other, datetime.date(2023, 1, 1), datetime.date(2023, 8, 1))
    assert _save(cast, other, datetime.date(2023, 1, 1), datetime.date(2023, 7, 31)).end == datetime.date(2023, 7, 31)


def test_school_and_sfo_may_overlap(cast):
    school = f.GroupFactory(unit=f.UnitFactory(name="Skolen", kind=UnitKind.SCHOOL), name="0.A")
    sfo = f.GroupFactory(unit=f.UnitFactory(name="SFO'en", kind=UnitKind.AFTER_SCHOOL), name="Spirerne")
    # Emma's kindergarten is open-ended; school and SFO are other tracks, and each other's too.
    _save(cast, school, datetime.date(2026, 8, 1), None)
    _save(cast, sfo, datetime.date(2026, 8, 1), None)
    assert sorted(Enrolment.objects.filter(child=cast.child).values_list("track", flat=True)) == [
        "daycare",
        "leisure",
        "school",
    ]


def test_an_end_before_the_start_is_refused(cast, kindergartens):
    _current, other = kindergartens
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _save(cast, other, datetime.date(2022, 8, 1), datetime.date(2022, 7, 31))
    assert exc.value.message_dict == {"end": ["The end date must be on or after the start date."]}
    assert _codes(exc) == {"end": ["end_before_start"]}
    assert Enrolment.objects.filter(child=cast.child).count() == 1


def test_the_group_must_belong_to_the_unit(cast, kindergartens):
    _current, other = kindergartens
    with pytest.raises(ValidationError) as exc:
        enrolment_save(
            actor=cast.administrator,
            child=cast.child,
            unit=cast.unit,
            group=other,
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 12, 31),
        )
    assert _codes(exc) == {"group": ["group_not_in_unit"]}


def test_changing_an_enrolment_is_checked_against_the_others_only_and_logged(cast, kindergartens):
    current, _other = kindergartens
    changed = _save(cast, cast.other_group, datetime.date(2023, 9, 1), None, enrolment=current)
    assert (changed.group, changed.start) == (cast.other_group, datetime.date(2023, 9, 1))
    entry = AccessLog.objects.get(object_type="children.enrolment", action=Action.CHANGE)
    assert entry.child_id == cast.child.pk
    assert sorted(FieldChange.objects.filter(log=entry).values_list("field", "old_value", "new_value")) == [
        ("group", str(cast.group.pk), str(cast.other_group.pk)),
        ("start", "2023-08-01", "2023-09-01"),
    ]


def test_a_new_enrolment_is_logged_with_its_values(cast, kindergartens):
    current, other = kindergartens
    _save(cast, cast.group, datetime.date(2023, 8, 1), datetime.date(2024, 7, 31), enrolment=current)
    new = _save(cast, other, datetime.date(2024, 8, 1), None)
    entry = AccessLog.objects.get(object_type="children.enrolment", action=Action.CREATE)
    assert (entry.object_id, entry.changed_fields) == (new.pk, ["end", "group", "start", "track", "unit"])


def test_only_an_administrator_enrols(cast, kindergartens):
    _current, other = kindergartens
    with pytest.raises(PermissionDenied):
        enrolment_save(
            actor=cast.leader, child=cast.child, unit=other.unit, group=other, start=datetime.date(2030, 1, 1), end=None
        )


def test_validation_compares_with_the_periods_it_is_given(cast):
    unit = cast.unit
    daycare_until_july = EnrolmentPeriod("daycare", datetime.date(2023, 8, 1), datetime.date(2024, 7, 31))
    enrolment_validate(unit=unit, group=None, start=datetime.date(2024, 8, 1), end=None, others=[daycare_until_july])
    school = EnrolmentPeriod("school", datetime.date(2020, 1, 1), None)
    enrolment_validate(unit=unit, group=None, start=datetime.date(2024, 1, 1), end=None, others=[school])
    with pytest.raises(ValidationError):
        enrolment_validate(
            unit=unit,
            group=None,
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2023, 8, 1),
            others=[daycare_until_july],
        )
