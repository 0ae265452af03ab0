from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from trivsel.audit.models import AccessLog, Action
from trivsel.children import cpr
from trivsel.children.access import children_visible_to
from trivsel.children.models import ChildAccessGrant
from trivsel.consent.models import RecipientKind
from trivsel.lib.time import age_on, today
from trivsel.testing import factories as f

EMMA_CPR = "1705200000"  # synthetic


@pytest.fixture
def en_client(client):
    client.cookies["django_language"] = "en"
    return client


def _login(client, user):
    client.force_login(user)
    return client


def test_mine_boern_shows_exactly_the_visible_children(cast, en_client):
    stranger = f.ChildFactory(first_name="Fremmed")
    f.EnrolmentFactory(child=stranger, group=cast.other_group)
    response = _login(en_client, cast.pedagogue).get(reverse("children:list"))
    assert response.status_code == 200
    assert [row["child"] for row in response.context["rows"]] == [cast.child]
    assertContains(response, "Nielsen, Emma")
    assertContains(response, reverse("children:detail", args=[cast.child.pk]))
    assertContains(response, "17-05-2020")
    assertContains(response, "Solsikken · Rød stue")
    assertNotContains(response, "Fremmed")
    assert response.context["rows"][0]["age"] == age_on(datetime.date(2020, 5, 17), today())


def test_the_leader_sees_the_whole_unit(cast, en_client):
    other = f.ChildFactory(first_name="Ida", last_name="Berg")
    f.EnrolmentFactory(child=other, group=cast.other_group)
    response = _login(en_client, cast.leader).get(reverse("children:list"))
    assert [row["child"] for row in response.context["rows"]] == [other, cast.child]


def test_an_outsider_sees_an_empty_list(cast, en_client):
    response = _login(en_client, cast.outsider).get(reverse("children:list"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assertNotContains(response, "Emma")


def test_a_parent_is_refused_the_staff_list(cast, client):
    assert _login(client, cast.parent).get(reverse("children:list")).status_code == 403


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        ("Emma", "Emma"),
        ("nielsen emma", "nielsen emma"),
        ("17-05-2020", "17-05-2020"),
        ("170520-0000", "170520-XXXX"),  # a CPR number is logged masked
    ],
)
def test_it_searches_by_name_birth_date_and_cpr_and_logs_the_criterion(cast, en_client, query, logged):
    cast.child.cpr_encrypted = cpr.encrypt(EMMA_CPR)
    cast.child.cpr_digest = cpr.digest(EMMA_CPR)
    cast.child.save()
    other = f.ChildFactory(first_name="Ida", last_name="Berg", birth_date=datetime.date(2021, 2, 3))
    f.EnrolmentFactory(child=other, group=cast.group)
    response = _login(en_client, cast.pedagogue).get(reverse("children:list"), {"q": query})
    assert [row["child"] for row in response.context["rows"]] == [cast.child]
    assert response.context["query"] == query
    entry = AccessLog.objects.get()
    assert (entry.action, entry.search_criterion, entry.username, entry.status) == ("search", logged, "pia", 200)
    assert entry.path == f"/boern/?q={query.replace(' ', '+')}"


def test_a_search_that_finds_nothing_says_so(cast, en_client):
    response = _login(en_client, cast.pedagogue).get(reverse("children:list"), {"q": "Zacharias"})
    assertContains(response, "No children match.")


def test_a_long_search_is_cut_to_100_characters(cast, client):
    _login(client, cast.pedagogue).get(reverse("children:list"), {"q": "e" * 150})
    assert AccessLog.objects.get().search_criterion == "e" * 100


def test_the_list_is_paginated(cast, en_client, settings):
    settings.PAGE_SIZE = 2
    for n in range(4):
        f.EnrolmentFactory(child=f.ChildFactory(first_name="Barn", last_name=f"Aa{n}"), group=cast.group)
    client = _login(en_client, cast.pedagogue)
    first = client.get(reverse("children:list"))
    assert [r["child"].last_name for r in first.context["rows"]] == ["Aa0", "Aa1"]
    assertContains(first, "Page 1 of 3")
    assertContains(first, "?side=2")
    last = client.get(reverse("children:list"), {"side": 3})
    assert [r["child"].first_name for r in last.context["rows"]] == ["Emma"]
    beyond = client.get(reverse("children:list"), {"side": 99})
    assert beyond.context["page"].number == 3
    searched = client.get(reverse("children:list"), {"q": "Barn Aa"})
    assertContains(searched, "?q=Barn%20Aa&amp;side=2")


def test_an_htmx_search_returns_only_the_rows(cast, en_client):
    response = _login(en_client, cast.pedagogue).get(reverse("children:list"), {"q": "emma"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assertTemplateUsed(response, "children/_child_rows.html")
    assertNotContains(response, "<html")
    assertContains(response, "Nielsen, Emma")


def test_the_child_page_shows_the_facts(cast, en_client):
    cast.child.cpr_encrypted = cpr.encrypt(EMMA_CPR)
    cast.child.save()
    consent = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        valid_from=today() - datetime.timedelta(days=10),
        valid_until=today() + datetime.timedelta(days=10),
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    response = _login(en_client, cast.pedagogue).get(reverse("children:detail", args=[cast.child.pk]))
    assert response.status_code == 200
    assertContains(response, "<h1>Emma Nielsen</h1>", html=True)
    age = age_on(datetime.date(2020, 5, 17), today())
    assertContains(response, f"17-05-2020 ({age} years)")
    assertContains(response, "Solsikken · Rød stue")
    assertContains(response, "170520-XXXX")
    assertNotContains(response, "170520-0000")
    assertContains(response, "<td>Mette Nielsen</td><td>Mother</td><td>Holds custody</td>", html=True)
    assertContains(response, "<td>Lars Nielsen</td><td>Father</td><td>No custody</td>", html=True)
    assertContains(response, "Multi-professional discussion")
    assertContains(response, '<span class="badge">Active</span>', html=True)
    people = {(p.user.username, p.via) for p in response.context["people"]}
    assert people == {("pia", "frontline"), ("lene", "leader")}
    assertContains(response, str(cast.pedagogue))
    assertContains(response, str(cast.leader))
    assertContains(response, reverse("consent:create", args=[cast.child.pk]))
    assertNotContains(response, reverse("audit:child_report", args=[cast.child.pk]))


def test_the_leader_gets_a_link_to_the_access_report(cast, client):
    response = _login(client, cast.leader).get(reverse("children:detail", args=[cast.child.pk]))
    assertContains(response, reverse("audit:child_report", args=[cast.child.pk]))


def test_opening_the_child_page_is_logged_as_one_read(cast, client):
    _login(client, cast.pedagogue).get(reverse("children:detail", args=[cast.child.pk]))
    entry = AccessLog.objects.get()
    assert (entry.action, entry.child_id, entry.role, entry.unit_id, entry.purpose, entry.path) == (
        Action.READ,
        cast.child.pk,
        "frontline",
        cast.unit.pk,
        "child_page",
        f"/boern/{cast.child.pk}/",
    )


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "other_parent"])
def test_the_child_page_is_404_without_a_relation(cast, client, who):
    response = _login(client, getattr(cast, who)).get(reverse("children:detail", args=[cast.child.pk]))
    assert response.status_code == 404
    assertNotContains(response, "Emma", status_code=404)


def test_a_parent_is_sent_to_the_portal_instead(cast, client):
    response = _login(client, cast.parent).get(reverse("children:detail", args=[cast.child.pk]))
    assert response.status_code == 403
    entry = AccessLog.objects.get()
    assert (entry.action, entry.role, entry.status) == ("denied", "guardian", 403)


def test_revealing_the_cpr_number_is_logged(cast, client):
    cast.child.cpr_encrypted = cpr.encrypt(EMMA_CPR)
    cast.child.save()
    response = _login(client, cast.pedagogue).post(reverse("children:cpr", args=[cast.child.pk]))
    assertContains(response, "170520-0000")
    actions = list(AccessLog.objects.order_by("id").values_list("action", "purpose", "child_id"))
    assert actions == [("read", "reveal_cpr", cast.child.pk), ("reveal_cpr", "reveal_cpr", cast.child.pk)]


def test_the_cpr_reveal_takes_post_only(cast, client):
    response = _login(client, cast.pedagogue).get(reverse("children:cpr", args=[cast.child.pk]))
    assert response.status_code == 405
    assert AccessLog.objects.count() == 0


# --- Access grants given by a leader -----------------------------------


def _grant_post(client, cast, **overrides):
    data = {"user": cast.case_worker.pk, "reason": "PPR-samtale om sprog", "until": "2099-01-01"}
    data.update(overrides)
    return client.post(f"/boern/{cast.child.pk}/adgang/ny/", data)


def test_a_leader_gives_a_case_worker_time_limited_access(client, cast):
    until = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(cast.leader)
    response = _grant_post(client, cast, until=until.isoformat())
    assert response.status_code == 302
    grant = ChildAccessGrant.objects.get(child=cast.child, user=cast.case_worker)
    assert (grant.source, grant.reason, grant.granted_by) == ("manual", "PPR-samtale om sprog", cast.leader)
    assert timezone.localtime(grant.ends_at) == datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert list(children_visible_to(cast.case_worker)) == [cast.child]
    row = AccessLog.objects.filter(action="create", object_type="children.childaccessgrant").get()
    assert (row.child_id, row.user_id, row.purpose) == (cast.child.pk, cast.leader.pk, "PPR-samtale om sprog")


def test_a_grant_longer_than_allowed_is_refused_and_the_form_keeps_what_was_typed(client, cast, settings):
    settings.MANUAL_GRANT_MAX_DAYS = 10
    client.cookies["django_language"] = "en"
    client.force_login(cast.leader)
    until = timezone.localdate() + datetime.timedelta(days=20)
    response = _grant_post(client, cast, until=until.isoformat(), reason="Netværksmøde i uge 3")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Access given by a leader may last at most 10 days." in html
    assert "Netværksmøde i uge 3" in html
    assert not ChildAccessGrant.objects.exists()


def test_only_the_leader_may_give_access(client, cast):
    client.force_login(cast.pedagogue)
    assert client.get(f"/boern/{cast.child.pk}/adgang/ny/").status_code == 403
    assert _grant_post(client, cast).status_code == 403
    client.force_login(cast.outsider)
    assert _grant_post(client, cast).status_code == 404
    assert not ChildAccessGrant.objects.exists()


def test_a_parent_cannot_be_given_access(client, cast):
    client.force_login(cast.leader)
    response = _grant_post(client, cast, user=cast.parent.pk)
    assert response.status_code == 200
    assert not ChildAccessGrant.objects.exists()


def test_a_leader_revokes_a_grant(client, cast):
    grant = f.GrantFactory(child=cast.child, user=cast.case_worker)
    client.force_login(cast.leader)
    response = client.post(f"/boern/{cast.child.pk}/adgang/{grant.pk}/tilbagekald/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert list(children_visible_to(cast.case_worker)) == []
