from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.audit.services import log_access
from trivsel.children.selectors import child_get
from trivsel.consent.models import Consent, Method, RecipientKind
from trivsel.lib.time import today
from trivsel.testing import factories as f

STAFF = ("pedagogue", "leader", "case_worker", "outsider", "administrator")


@pytest.fixture
def login(client):
    """Sign in as a user, in English, so assertions can use the msgids."""

    def _login(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login


def _urls(child_id, consent_id):
    return [
        reverse("portal:child", args=[child_id]),
        reverse("portal:consent_create", args=[child_id]),
        reverse("portal:consent_withdraw", args=[child_id, consent_id]),
        reverse("portal:access_log", args=[child_id]),
    ]


def _mothers_consent(cast, **kwargs):
    consent = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        method=Method.DIGITAL,
        recorded_by=cast.parent,
        valid_from=kwargs.pop("valid_from", today() - datetime.timedelta(days=10)),
        valid_until=kwargs.pop("valid_until", today() + datetime.timedelta(days=300)),
        **kwargs,
    )
    f.ConsentRecipientFactory(consent=consent, unit=cast.unit)
    return consent


def _second_custody_holder(cast):
    guardian = f.GuardianFactory(first_name="Søren", last_name="Hansen", user=f.UserFactory(username="soeren"))
    f.GuardianshipFactory(child=cast.child, guardian=guardian, relation="father", has_custody=True)
    return guardian


def _give_consent_data(cast, **overrides):
    data = {
        "purpose": "discussion",
        "information": "Observations from daycare",
        "units": [str(cast.unit.pk)],
        "roles": ["frontline"],
        "valid_from": "2026-03-01",
        "valid_until": "2027-02-28",
    }
    data.update(overrides)
    return data


def _assert_refused_everywhere(client, cast, consent):
    """Every portal URL for Emma answers 404, and nothing is written."""
    for url in _urls(cast.child.pk, consent.pk):
        assert client.get(url).status_code == 404, url
    create_url = reverse("portal:consent_create", args=[cast.child.pk])
    assert client.post(create_url, _give_consent_data(cast)).status_code == 404
    assert client.post(reverse("portal:consent_withdraw", args=[cast.child.pk, consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert Consent.objects.count() == 1


def _headings(html):
    return re.findall(r"<h1[\s>]", html)


# --- Who may use the portal ---------------------------------------------------------------


def test_it_lists_the_parents_children_with_links(cast, login):
    sibling = f.ChildFactory(first_name="Oscar", last_name="Nielsen", birth_date=datetime.date(2018, 1, 2))
    f.GuardianshipFactory(child=sibling, guardian=cast.mother, has_custody=True)

    response = login(cast.parent).get(reverse("portal:home"))

    assert response.status_code == 200
    assert list(response.context["children"]) == [sibling, cast.child]
    html = response.content.decode()
    assert f'href="{reverse("portal:child", args=[cast.child.pk])}"' in html
    assert f'href="{reverse("portal:child", args=[sibling.pk])}"' in html
    assert len(_headings(html)) == 1


def test_a_father_without_custody_sees_no_child(cast, login):
    response = login(cast.father_without_custody.user).get(reverse("portal:home"))

    assert response.status_code == 200
    assert list(response.context["children"]) == []
    assert "Emma" not in response.content.decode()
    assert "No children are registered with you as holder of custody." in response.content.decode()


def test_another_parent_sees_only_their_own_child(cast, login):
    response = login(cast.other_parent).get(reverse("portal:home"))

    assert response.status_code == 200
    children = list(response.context["children"])
    assert len(children) == 1
    assert cast.child not in children


@pytest.mark.parametrize("role", STAFF)
def test_staff_are_refused_the_portal_home(cast, login, role):
    assert login(getattr(cast, role)).get(reverse("portal:home")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(cast, client):
    response = client.get(reverse("portal:child", args=[cast.child.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", STAFF)
def test_staff_get_404_for_every_child_url(cast, login, role):
    consent = _mothers_consent(cast)
    client = login(getattr(cast, role))

    _assert_refused_everywhere(client, cast, consent)


def test_staff_attempts_are_logged_as_denied_not_as_reads(cast, login):
    login(cast.pedagogue).get(reverse("portal:child", args=[cast.child.pk]))

    rows = list(AccessLog.objects.filter(user_id=cast.pedagogue.pk).values_list("action", "child_id", "status"))
    assert rows == [(Action.DENIED, cast.child.pk, 404)]


@pytest.mark.parametrize("who", ["father_without_custody", "other_parent"])
def test_parents_without_custody_of_emma_get_404(cast, login, who):
    consent = _mothers_consent(cast)
    user = cast.father_without_custody.user if who == "father_without_custody" else cast.other_parent
    client = login(user)

    _assert_refused_everywhere(client, cast, consent)
    assert AccessLog.objects.filter(user_id=user.pk, action=Action.READ).count() == 0


def test_a_missing_child_gives_the_same_404(cast, login):
    assert login(cast.parent).get(reverse("portal:child", args=[cast.child.pk + 1000])).status_code == 404


# --- The child page ------------------------------------------------------------------------


def test_the_child_page_shows_the_child_and_where_it_is(cast, login):
    response = login(cast.parent).get(reverse("portal:child", args=[cast.child.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Emma Nielsen</h1>" in html
    assert cast.child.birth_date.strftime("%d-%m-%Y") in html
    assert "Solsikken · Rød stue" in html
    assert f'href="{reverse("portal:consent_create", args=[cast.child.pk])}">Give consent</a>' in html
    assert f'href="{reverse("portal:access_log", args=[cast.child.pk])}"' in html
    assert len(_headings(html)) == 1


def test_the_child_page_shows_every_custody_holders_consents_with_their_status(cast, login):
    other = _second_custody_holder(cast)
    mine_active = _mothers_consent(cast)
    mine_expired = _mothers_consent(
        cast, valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2020, 12, 31), purpose="handover"
    )
    mine_withdrawn = _mothers_consent(cast, purpose="questionnaires", withdrawn_at=timezone.now())
    mine_pending = _mothers_consent(
        cast,
        valid_from=today() + datetime.timedelta(days=5),
        valid_until=today() + datetime.timedelta(days=50),
        purpose="sharing",
    )
    theirs = f.ConsentFactory(
        child=cast.child,
        guardian=other,
        recorded_by=cast.pedagogue,
        valid_from=today(),
        valid_until=today() + datetime.timedelta(days=30),
    )
    f.ConsentRecipientFactory(consent=theirs, kind=RecipientKind.ROLE, unit=None, role="leader")

    response = login(cast.parent).get(reverse("portal:child", args=[cast.child.pk]))

    rows = {row["consent"].pk: (row["status"], row["can_withdraw"]) for row in response.context["consents"]}
    assert rows == {
        mine_active.pk: ("active", True),
        mine_expired.pk: ("expired", False),
        mine_withdrawn.pk: ("withdrawn", False),
        mine_pending.pk: ("pending", True),
        theirs.pk: ("active", False),
    }
    html = response.content.decode()
    assert "Søren Hansen (written)" in html
    assert "Mette Nielsen (digital, by the parent)" in html
    for label in ("Active", "Expired", "Withdrawn", "Not yet in force"):
        assert f'<span class="badge">{label}</span>' in html
    assert html.count(">Withdraw</button>") == 2
    assert reverse("portal:consent_withdraw", args=[cast.child.pk, theirs.pk]) not in html
    assert re.search(r'<caption class="sr-only">Consents for Emma Nielsen</caption>', html)


def test_opening_the_child_page_logs_the_parents_read(cast, login):
    login(cast.parent).get(reverse("portal:child", args=[cast.child.pk]))

    row = AccessLog.objects.get(user_id=cast.parent.pk)
    assert (row.action, row.child_id, row.role, row.purpose) == (Action.READ, cast.child.pk, "guardian", "portal")


# --- Giving consent ------------------------------------------------------------------------


def test_the_consent_form_defaults_to_one_year_from_today(cast, login):
    response = login(cast.parent).get(reverse("portal:consent_create", args=[cast.child.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    start = today()
    assert f'type="date" name="valid_from" value="{start:%Y-%m-%d}"' in html
    until = response.context["form"].initial["valid_until"]
    assert until == start.replace(year=start.year + 1) or (start.month, start.day) == (2, 29)
    for label in ("Purpose", "Which information", "Units that may receive it", "Roles that may receive it"):
        assert label in html
    assert '<label class="form-label" for="id_valid_from">Valid from' in html
    assert '<label class="form-label" for="id_valid_until">Valid until' in html
    assert '<button type="submit" class="button button-primary">Give consent</button>' in html
    assert "You can withdraw your consent at any time" in html
    assert len(_headings(html)) == 1


def test_a_parent_gives_digital_consent(cast, login):
    response = login(cast.parent).post(
        reverse("portal:consent_create", args=[cast.child.pk]), _give_consent_data(cast), follow=True
    )

    assert response.redirect_chain == [(reverse("portal:child", args=[cast.child.pk]), 302)]
    assert "Thank you. Your consent has been registered." in response.content.decode()
    consent = Consent.objects.get()
    assert (consent.child, consent.guardian, consent.method, consent.recorded_by) == (
        cast.child,
        cast.mother,
        Method.DIGITAL,
        cast.parent,
    )
    assert (consent.purpose, consent.information) == ("discussion", "Observations from daycare")
    assert (consent.valid_from, consent.valid_until) == (datetime.date(2026, 3, 1), datetime.date(2027, 2, 28))
    recipients = sorted((r.kind, r.unit_id, r.role) for r in consent.recipients.all())
    assert recipients == [("role", None, "frontline"), ("unit", cast.unit.pk, "")]
    log = AccessLog.objects.get(action=Action.CREATE)
    assert (log.user_id, log.child_id, log.object_type, log.object_id, log.role, log.purpose) == (
        cast.parent.pk,
        cast.child.pk,
        "consent.consent",
        consent.pk,
        "guardian",
        "consent",
    )


def test_a_period_ending_before_it_starts_is_refused_and_the_input_kept(cast, login):
    data = _give_consent_data(cast, valid_from="2026-05-01", valid_until="2026-04-30", information="Kun trivsel")

    response = login(cast.parent).post(reverse("portal:consent_create", args=[cast.child.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The consent cannot end before it starts." in html
    assert 'role="alert"' in html
    assert 'name="valid_from" value="2026-05-01"' in html
    assert 'name="valid_until" value="2026-04-30"' in html
    assert "Kun trivsel</textarea>" in html
    assert f'value="{cast.unit.pk}" checked' in html
    assert 'value="frontline" checked' in html
    assert Consent.objects.count() == 0
    assert AccessLog.objects.filter(action=Action.CREATE).count() == 0


def test_a_consent_without_recipients_is_refused(cast, login):
    data = _give_consent_data(cast, units=[], roles=[])

    response = login(cast.parent).post(reverse("portal:consent_create", args=[cast.child.pk]), data)

    assert response.status_code == 200
    assert "Choose at least one unit or role that may receive the information." in response.content.decode()
    assert 'value="discussion" selected' in response.content.decode()
    assert Consent.objects.count() == 0


# --- Withdrawing consent -------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(cast, login):
    consent = _mothers_consent(cast)

    response = login(cast.parent).get(reverse("portal:consent_withdraw", args=[cast.child.pk, consent.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<button type="submit" class="button button-primary">Withdraw consent</button>' in html
    assert 'method="post"' in html
    assert "Multi-professional discussion" in html
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_parent_withdraws_a_consent_they_gave(cast, login):
    consent = _mothers_consent(cast)

    response = login(cast.parent).post(
        reverse("portal:consent_withdraw", args=[cast.child.pk, consent.pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("portal:child", args=[cast.child.pk]), 302)]
    assert "Your consent has been withdrawn." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == cast.parent
    log = AccessLog.objects.get(action=Action.CHANGE)
    assert (log.user_id, log.child_id, log.object_id, log.changed_fields) == (
        cast.parent.pk,
        cast.child.pk,
        consent.pk,
        ["withdrawn_at"],
    )
    assert FieldChange.objects.get(log=log).field == "withdrawn_at"


def test_a_parent_cannot_withdraw_the_other_custody_holders_consent(cast, login):
    other = _second_custody_holder(cast)
    theirs = f.ConsentFactory(
        child=cast.child, guardian=other, valid_from=today(), valid_until=today() + datetime.timedelta(days=30)
    )
    url = reverse("portal:consent_withdraw", args=[cast.child.pk, theirs.pk])
    client = login(cast.parent)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None
    assert AccessLog.objects.filter(action=Action.CHANGE).count() == 0


def test_a_consent_of_another_child_gives_404(cast, login):
    sibling = f.ChildFactory()
    f.GuardianshipFactory(child=sibling, guardian=cast.mother)
    consent = _mothers_consent(cast)

    url = reverse("portal:consent_withdraw", args=[sibling.pk, consent.pk])

    assert login(cast.parent).post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_an_already_withdrawn_consent_is_not_withdrawn_again(cast, login):
    consent = _mothers_consent(cast, withdrawn_at=timezone.now() - datetime.timedelta(days=1))
    before = consent.withdrawn_at

    response = login(cast.parent).post(
        reverse("portal:consent_withdraw", args=[cast.child.pk, consent.pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("portal:child", args=[cast.child.pk]), 302)]
    assert "This consent is no longer in force, so there is nothing to withdraw." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at == before
    assert AccessLog.objects.filter(action=Action.CHANGE).count() == 0


# --- Look-ups of the child ("Hvem har kigget?") --------------------------------------------


def test_the_parent_sees_when_and_why_but_not_who(cast, login):
    cast.pedagogue.first_name, cast.pedagogue.last_name = "Pia", "Pedersen"
    cast.pedagogue.save(update_fields=["first_name", "last_name"])
    child_get(user=cast.pedagogue, child_id=cast.child.pk, purpose="child_page")
    read = AccessLog.objects.get(user_id=cast.pedagogue.pk)

    response = login(cast.parent).get(reverse("portal:access_log", args=[cast.child.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert timezone.localtime(read.at).strftime("%d-%m-%Y %H:%M") in html
    assert "<td>Looked up</td>" in html
    assert "A professional working with your child opened the child&#x27;s page" in html
    assert "pia" not in html.lower()
    assert "Pedersen" not in html
    assert "frontline" not in html
    assert "Pedagogue" not in html
    assert '<th scope="col">Time</th>' in html
    assert "<caption" in html
    assert len(_headings(html)) == 1


def test_the_parents_own_look_ups_are_not_listed(cast, login):
    client = login(cast.parent)
    client.get(reverse("portal:child", args=[cast.child.pk]))
    client.get(reverse("portal:child", args=[cast.child.pk]))

    response = client.get(reverse("portal:access_log", args=[cast.child.pk]))

    assert response.context["rows"] == []
    assert "Nobody has looked up your child's information yet." in response.content.decode()


def test_purposes_are_shown_in_plain_language_and_grant_reasons_as_written(cast, login):
    f.GrantFactory(child=cast.child, user=cast.case_worker, reason="Netværksmøde om overgang")
    child_get(user=cast.case_worker, child_id=cast.child.pk)  # the grant's reason becomes the purpose
    log_access(actor=cast.leader, action=Action.READ, child_id=cast.child.pk, purpose="access_report")
    log_access(actor=cast.leader, action=Action.EXPORT, child_id=cast.child.pk, purpose="api")
    log_access(actor=cast.leader, action=Action.SEARCH, child_id=cast.child.pk, purpose="child_list")

    response = login(cast.parent).get(reverse("portal:access_log", args=[cast.child.pk]))

    assert [(row["action"], row["purpose"]) for row in response.context["rows"]] == [
        ("Exported", "Look-up from another of the municipality's systems"),
        ("Looked up", "A leader checked who has looked up the child's data"),
        ("Looked up", "Netværksmøde om overgang"),
    ]
    assert "lene" not in response.content.decode()
    assert "carl" not in response.content.decode()


def test_the_look_ups_are_paginated_by_fifty(cast, login, settings):
    settings.PAGE_SIZE = 50
    for _ in range(51):
        log_access(actor=cast.pedagogue, action=Action.READ, child_id=cast.child.pk, purpose="child_page")
    client = login(cast.parent)
    url = reverse("portal:access_log", args=[cast.child.pk])

    first = client.get(url)
    second = client.get(url, {"side": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    assert "Page 1 of 2" in first.content.decode()
