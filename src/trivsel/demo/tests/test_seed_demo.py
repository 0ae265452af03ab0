from __future__ import annotations

import io
import itertools
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trivsel.accounts.models import User
from trivsel.attendance.models import AttendanceRecord
from trivsel.children.access import children_visible_to, current_enrolments, current_grants
from trivsel.children.models import Child, Enrolment, Guardian, Guardianship
from trivsel.demo.logins import DEMO_ROLES
from trivsel.guide.access import may_edit_guide
from trivsel.guide.models import GuidePage
from trivsel.lib.time import age_on, today
from trivsel.organisation.models import UNIT_TRACK, Membership, Municipality, Role, Unit, UnitKind
from trivsel.questionnaires.models import Response, Score

CHILDREN = 300


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--children", str(CHILDREN), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    return seed()


def membership(username: str) -> Membership:
    return Membership.objects.select_related("unit", "group", "district").get(user__username=username)


def test_it_builds_the_asked_number_of_children_without_cpr(demo):
    assert Child.objects.count() == CHILDREN
    assert Municipality.objects.get().name == "Demo Kommune"
    assert not Child.objects.exclude(cpr_encrypted="").exists()
    ages = {age_on(c.birth_date, today()) for c in Child.objects.all()}
    assert min(ages) == 0
    assert max(ages) == 18


def test_it_creates_a_login_with_password_demo_for_every_role(demo):
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in DEMO_ROLES])}
    assert set(users) == {name for name, _ in DEMO_ROLES}
    assert all(user.check_password("demo") for user in users.values())
    expected = {
        "paedagog": (Role.FRONTLINE, "paedagog", UnitKind.KINDERGARTEN),
        "leder": (Role.LEADER, "laerer", UnitKind.SCHOOL),
        "leder-dagtilbud": (Role.LEADER, "paedagog", UnitKind.KINDERGARTEN),
        "sagsbehandler": (Role.CASE_WORKER, "socialraadgiver", UnitKind.CHILDREN_AND_FAMILY),
        "psykolog": (Role.SPECIALIST, "psykolog", UnitKind.PPR),
        "sundhedsplejerske": (Role.SPECIALIST, "sundhedsplejerske", UnitKind.HEALTH_VISITING),
    }
    for username, (role, profession, kind) in expected.items():
        m = membership(username)
        assert (m.role, m.profession, m.unit.kind if m.unit else None) == (role, profession, kind), username
    teacher = Membership.objects.filter(user__username="laerer")
    assert {(m.role, m.profession, m.unit.kind if m.unit else None) for m in teacher.select_related("unit")} == {
        (Role.FRONTLINE, "laerer", UnitKind.SCHOOL)
    }
    adviser = membership("distriktsraadgiver")
    assert (adviser.role, adviser.unit, adviser.district is not None) == (Role.DISTRICT_ADVISER, None, True)
    assert (users["admin"].is_staff, users["admin"].is_superuser) == (True, True)
    assert not any(u.is_staff for name, u in users.items() if name != "admin")


def test_the_parent_login_holds_custody_of_two_children_one_with_a_second_guardian(demo):
    parent = Guardian.objects.get(user__username="foraelder")
    children = [g.child for g in Guardianship.objects.filter(guardian=parent, has_custody=True)]
    assert len(children) == 2
    per_child = sorted(Guardianship.objects.filter(child=child).count() for child in children)
    assert per_child == [1, 2]
    assert set(children_visible_to(User.objects.get(username="foraelder"))) == set(children)


def test_the_leader_leads_the_largest_school(demo):
    leader = User.objects.get(username="leder")
    school = membership("leder").unit
    sizes = {
        unit.pk: current_enrolments().filter(unit=unit).count() for unit in Unit.objects.filter(kind=UnitKind.SCHOOL)
    }
    assert school is not None
    assert sizes[school.pk] == max(sizes.values())
    assert children_visible_to(leader).count() == sizes[school.pk]


def test_it_builds_units_of_every_kind_and_staff_of_every_role(demo):
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds >= {
        UnitKind.CHILDMINDER,
        UnitKind.NURSERY,
        UnitKind.KINDERGARTEN,
        UnitKind.SCHOOL,
        UnitKind.AFTER_SCHOOL,
        UnitKind.CLUB,
        UnitKind.PPR,
        UnitKind.HEALTH_VISITING,
        UnitKind.CHILDREN_AND_FAMILY,
    }
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Unit.objects.filter(kind=UnitKind.SCHOOL).values("district").distinct().count() >= 2
    school_classes = set(membership("leder").unit.groups.values_list("name", flat=True))  # type: ignore[union-attr]
    assert {"0.A", "0.B", "9.A", "9.B"} <= school_classes
    # Frontline staff always work in a group of their unit.
    frontline = Membership.objects.filter(role=Role.FRONTLINE).select_related("group")
    assert all(m.group is not None and m.group.unit_id == m.unit_id for m in frontline)


def test_it_enrols_children_where_their_age_belongs(demo):
    day = today()
    school_year = day.year if day.month >= 8 else day.year - 1
    current = current_enrolments().select_related("child", "unit", "group")
    by_child: dict[int, dict[str, Enrolment]] = defaultdict(dict)
    for e in current:
        by_child[e.child_id][e.unit.kind] = e
    for child in Child.objects.all():
        age = age_on(child.birth_date, day)
        grade = school_year - child.birth_date.year - 6  # 0. klasse from August of the year one turns six
        kinds = by_child.get(child.pk, {})
        if grade <= 9:
            assert kinds, f"{child} aged {age} has no place"
        for kind, enrolment in kinds.items():
            assert enrolment.group is not None
            if kind == UnitKind.HEALTH_VISITING:
                assert age == 0
            elif kind in (UnitKind.CHILDMINDER, UnitKind.NURSERY):
                assert 1 <= age <= 2
            elif kind == UnitKind.KINDERGARTEN:
                assert 3 <= age <= 6 and grade < 0
            elif kind == UnitKind.SCHOOL:
                assert enrolment.group.name.split(".")[0] == str(grade)
                assert grade + 5 <= age <= grade + 7
            elif kind == UnitKind.AFTER_SCHOOL:
                assert enrolment.group.name == f"{grade}. årgang"
                assert enrolment.unit.name.removeprefix("SFO ") in kinds[UnitKind.SCHOOL].unit.name
            elif kind == UnitKind.CLUB:
                assert 4 <= grade <= 8
            elif kind == UnitKind.YOUTH_EDUCATION:
                assert 15 <= age <= 18 and grade >= 10
            else:
                pytest.fail(f"unexpected enrolment in {kind}")


def test_it_never_overlaps_enrolments_on_a_track(demo):
    tracks: dict[tuple[int, str], list[Enrolment]] = defaultdict(list)
    for e in Enrolment.objects.select_related("unit").order_by("child", "start"):
        assert e.track == UNIT_TRACK[e.unit.kind]
        assert e.end is None or e.end >= e.start
        tracks[(e.child_id, e.track)].append(e)
    for enrolments in tracks.values():
        for earlier, later in itertools.pairwise(enrolments):
            assert earlier.end is not None and earlier.end < later.start
    assert any(len(e) > 1 for e in tracks.values())  # there is history, not only current places


def test_children_have_one_or_two_guardians_and_some_lack_custody(demo):
    counts: dict[int, int] = defaultdict(int)
    for child_id in Guardianship.objects.values_list("child_id", flat=True):
        counts[child_id] += 1
    assert len(counts) == CHILDREN
    assert set(counts.values()) == {1, 2}
    assert Guardianship.objects.filter(has_custody=False).exists()
    assert not Child.objects.exclude(guardianships__has_custody=True).exists()


def test_the_pedagogue_and_teacher_see_exactly_the_children_of_their_groups(demo):
    for username in ("paedagog", "laerer"):
        user = User.objects.get(username=username)
        groups = Membership.objects.filter(user=user).values_list("group_id", flat=True)
        enrolled = set(current_enrolments().filter(group_id__in=groups).values_list("child_id", flat=True))
        visible = set(children_visible_to(user).values_list("pk", flat=True))
        assert enrolled
        assert visible == enrolled


def test_case_worker_psychologist_and_health_visitor_see_children_by_grant(demo):
    for username, source in (("sagsbehandler", "notification"), ("psykolog", "meeting")):
        user = User.objects.get(username=username)
        grants = current_grants().filter(user=user)
        assert grants.filter(source=source).count() >= 3
        assert set(children_visible_to(user)) == {g.child for g in grants}
    health_visitor = User.objects.get(username="sundhedsplejerske")
    assert all(age_on(c.birth_date, today()) == 0 for c in children_visible_to(health_visitor))


def test_it_prints_the_logins_table(demo):
    lines = demo.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Username"))
    rows = [line.split("|")[1].strip() for line in lines[header + 2 :] if line.startswith("|")]
    assert rows == [name for name, _ in DEMO_ROLES]
    paedagog = next(line for line in lines if line.startswith("| paedagog "))
    seen = children_visible_to(User.objects.get(username="paedagog")).count()
    assert "| demo " in paedagog and f"{seen} children in Mine børn" in paedagog


def test_if_empty_does_nothing_but_print_the_logins_when_data_exists(demo):
    before = (Child.objects.count(), User.objects.count(), Enrolment.objects.count())
    output = seed("--if-empty")
    assert (Child.objects.count(), User.objects.count(), Enrolment.objects.count()) == before
    assert "nothing to do" in output
    assert "| foraelder " in output


def test_it_refuses_to_build_over_existing_data_without_flush(demo):
    with pytest.raises(CommandError, match="--flush"):
        seed()
    assert Municipality.objects.count() == 1


def test_it_is_deterministic_for_a_seed_and_rebuilds_with_flush(demo):
    def fingerprint() -> list[tuple[str, str, object]]:
        return list(Child.objects.order_by("pk").values_list("first_name", "last_name", "birth_date"))

    first = fingerprint()
    seed("--flush")
    assert fingerprint() == first
    assert Municipality.objects.count() == 1
    assert User.objects.filter(username="paedagog").count() == 1
    seed("--flush", "--seed", "2")
    assert fingerprint() != first
    assert Child.objects.count() == CHILDREN


def test_it_adds_scored_questionnaires_attendance_and_an_analyst(demo):
    responses = Response.objects.filter(submitted_at__isnull=False)
    assert responses.exists() and not Response.objects.filter(submitted_at__isnull=True).exists()
    # Every response is scored, and most parents' follow-ups carry their change against the baseline.
    scored = set(Score.objects.values_list("response_id", flat=True).distinct())
    assert scored == set(responses.values_list("id", flat=True))
    assert (
        responses.filter(added_value__isnull=False).exists() and responses.filter(change_index__isnull=False).exists()
    )
    pupils = current_enrolments().filter(track="school").values("child_id").distinct().count()
    assert AttendanceRecord.objects.count() == 4 * pupils
    analyst = membership("analytiker")
    assert (analyst.role, analyst.unit, analyst.district) == (Role.ANALYST, None, None)
    assert not children_visible_to(analyst.user).exists()


def test_the_district_adviser_edits_the_guide_and_a_page_has_a_history(demo):
    adviser = User.objects.get(username="distriktsraadgiver")
    assert may_edit_guide(adviser) and not may_edit_guide(User.objects.get(username="paedagog"))
    page = GuidePage.objects.get(slug="ressourceteam")
    assert list(page.versions.values_list("number", "author__username", "summary")) == [
        (2, "distriktsraadgiver", "Mødetider tilføjet"),
        (1, None, ""),
    ]
    assert "edits the collaboration guide" in demo
    seed("--flush")
    assert page.versions.count() == 2  # rebuilt without a third version
