"""Every URL of Trivsel, for every role: the status it answers, and the access-log rows it writes.

``MATRIX`` must name every URL pattern of the project (``test_every_url_pattern_is_in_the_matrix``
fails otherwise), so that no page or endpoint goes live before someone has decided who may open it.
The admin counts as one group (``admin:*``), checked on a sample of its pages.

The cast (``conftest.cast``): Emma in Rød stue of Solsikken; pia (frontline, Rød stue), ole (frontline,
Blå stue), lene (leads Solsikken), carl (case worker, no grant), otto (frontline elsewhere), admin
(administrator), mette (Emma's mother, custody), anden_forælder (parent of another child).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from trivsel.attendance.testing import csv_file, make_school
from trivsel.audit.models import AccessLog, FieldChange
from trivsel.children import cpr
from trivsel.concerns.models import Concern
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.consent.models import RecipientKind
from trivsel.guide.models import Audience
from trivsel.guide.testing import make_page
from trivsel.lib.time import today
from trivsel.meetings.models import Agreement
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.notifications.models import Notification
from trivsel.officehours.models import Consultation, OfficeHours, Slot
from trivsel.officehours.testing import sharing_consent_for
from trivsel.organisation.models import Role
from trivsel.plans.models import Milestone
from trivsel.plans.testing import catalogue, make_goal, make_intervention
from trivsel.questionnaires.models import QuestionnaireRequest
from trivsel.questionnaires.services import token_digest
from trivsel.questionnaires.testing import PARENT, TEACHER, instrument, questionnaire_consent
from trivsel.reminders.models import Reminder
from trivsel.screening.testing import make_round, make_screening
from trivsel.testing import factories as f
from trivsel.transitions.testing import handover_with_parents

ROLES = (
    "anonymous",
    "pedagogue",
    "other_pedagogue",
    "leader",
    "case_worker",
    "outsider",
    "administrator",
    "parent",
    "other_parent",
)
EMMA_CPR = "1705200000"  # synthetic: 17-05-2020, no real person


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with ``to`` ({child} is Emma's id)."""

    to: str


LOGIN = Redirect("/konto/log-ind/?next=")  # anonymous visitors of a page
ADMIN = Redirect("/admin/login/?next=")  # the admin's own gate, for signed-in non-staff
HOME = Redirect("/")
LIST = Redirect("/boern/")
PORTAL = Redirect("/portal/")
SIGNED_OUT = Redirect("/konto/log-ind/")
CHILD = Redirect("/boern/{child}/")
MINE = Redirect("/underretninger/mine/")
PORTAL_CHILD = Redirect("/portal/boern/{child}/")
ROUND = Redirect("/trivselsvurdering/runder/")  # a round's page
SHEET = ROUND  # a group's rating sheet of the round
REMINDERS = Redirect("/paamindelser/")
MEETING = Redirect("/moeder/")  # the meeting's page
ITEM = Redirect("/moeder/punkter/")  # the agenda item's page
PLAN = Redirect("/boern/{child}/plan/")  # the child's plan
GOAL = Redirect("/boern/{child}/plan/indsats/")  # adding the new intervention's goals
QUESTIONNAIRES = Redirect("/boern/{child}/spoergeskemaer/")  # the child's questionnaire page
TRANSITION = Redirect("/overgange/")  # the transition's page
OFFICE_HOURS = Redirect("/traeffetid/")  # the office hours' or the consultation's page
GUIDE = Redirect("/samarbejdsguide/")  # a guide page, or its versions
Expected = int | Redirect


def _row(*statuses: Expected) -> dict[str, Expected]:
    assert len(statuses) == len(ROLES)
    return dict(zip(ROLES, statuses, strict=True))


# fmt: off
#                                   anonym  pedag   other_p leader  case_w  outsid  admin   parent  other_parent
MATRIX: dict[str, dict[str, Expected]] = {
    "home":                     _row(LOGIN, LIST,   LIST,   LIST,   LIST,   LIST,   LIST,   PORTAL, PORTAL),
    "accounts:login":           _row(200,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME),
    "accounts:logout":          _row(LOGIN, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT, SIGNED_OUT),  # noqa: E501
    "accounts:otp":             _row(LOGIN, 200,    200,    200,    200,    200,    200,    HOME,   HOME),
    "accounts:password_change": _row(LOGIN, 200,    200,    200,    200,    200,    200,    200,    200),
    "set_language":             _row(HOME,  HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME),
    "children:list":            _row(LOGIN, 200,    200,    200,    200,    200,    200,    403,    403),
    "children:detail":          _row(LOGIN, 200,    404,    200,    404,    404,    404,    403,    404),
    "children:cpr":             _row(LOGIN, 200,    404,    200,    404,    404,    404,    403,    404),
    "children:grant_create":    _row(LOGIN, 403,    404,    200,    404,    404,    404,    403,    404),
    "children:grant_revoke":    _row(LOGIN, 403,    404,    CHILD,  404,    404,    404,    403,    404),
    "consent:create":           _row(LOGIN, 200,    404,    200,    404,    404,    404,    403,    404),
    "consent:withdraw":         _row(LOGIN, CHILD,  404,    CHILD,  404,    404,    404,    403,    404),
    "concerns:create":          _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "concerns:detail":          _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "concerns:step":            _row(LOGIN, CHILD,  404,    CHILD,  404,    404,    404,    404,    404),
    "concerns:close":           _row(LOGIN, CHILD,  404,    CHILD,  404,    404,    404,    404,    404),
    "audit:child_report":       _row(LOGIN, 403,    404,    200,    404,    404,    404,    403,    404),
    "audit:child_history":      _row(LOGIN, 200,    404,    200,    404,    404,    404,    403,    404),
    "portal:home":              _row(LOGIN, 403,    403,    403,    403,    403,    403,    200,    200),
    "portal:child":             _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    "portal:consent_create":    _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    "portal:consent_withdraw":  _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    "portal:access_log":        _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    "api:api-root":             _row(401,   404,    404,    404,    404,    404,    404,    404,    404),
    "api:openapi-json":         _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:openapi-view":         _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:children_list":        _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:children_detail":      _row(401,   200,    404,    200,    404,    404,    404,    200,    404),
    "api:children_guardians":   _row(401,   200,    404,    200,    404,    404,    404,    404,    404),
    "api:children_enrolments":  _row(401,   200,    404,    200,    404,    404,    404,    200,    404),
    "api:consents_list":        _row(401,   200,    404,    200,    404,    404,    404,    200,    404),
    "api:consents_record":      _row(401,   201,    404,    201,    404,    404,    404,    404,    404),
    "api:consents_withdraw":    _row(401,   200,    404,    200,    404,    404,    404,    200,    404),
    "notifications:create":     _row(LOGIN, 200,    404,    200,    404,    404,    404,    403,    404),
    "notifications:inbox":      _row(LOGIN, 403,    403,    403,    200,    403,    403,    403,    403),
    "notifications:mine":       _row(LOGIN, 200,    200,    200,    200,    200,    200,    403,    403),
    "notifications:detail":     _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "notifications:assess":     _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "notifications:acknowledge": _row(LOGIN, 404,   404,    404,    404,    404,    404,    404,    404),
    "notifications:investigation": _row(LOGIN, 404, 404,    404,    404,    404,    404,    404,    404),
    "notifications:complete_investigation": _row(LOGIN, 404, 404, 404, 404, 404, 404,   404,    404),
    "notifications:close":      _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "notifications:assign":     _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "screening:home":           _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    "screening:round_create":   _row(LOGIN, 404,    404,    200,    404,    404,    404,    404,    404),
    "screening:unit_overview":  _row(LOGIN, 404,    404,    200,    404,    404,    404,    404,    404),
    "screening:district_overview": _row(LOGIN, 404, 404,    200,    404,    404,    404,    404,    404),
    "screening:round":          _row(LOGIN, 200,    200,    200,    404,    404,    404,    404,    404),
    "screening:round_close":    _row(LOGIN, 404,    404,    ROUND,  404,    404,    404,    404,    404),
    "screening:sheet":          _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "screening:joint":          _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "screening:rate":           _row(LOGIN, SHEET,  404,    SHEET,  404,    404,    404,    404,    404),
    "screening:agree":          _row(LOGIN, SHEET,  404,    SHEET,  404,    404,    404,    404,    404),
    "screening:next_step":      _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "api:screening_rounds":     _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:screening_sheet":      _row(401,   200,    404,    200,    404,    404,    404,    404,    404),
    "api:screening_rate":       _row(401,   200,    404,    200,    404,    404,    404,    404,    404),
    "api:screening_agree_joint": _row(401,  200,    404,    200,    404,    404,    404,    404,    404),
    "meetings:list":            _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    "meetings:call":            _row(LOGIN, 404,    404,    200,    200,    404,    404,    404,    404),
    "meetings:detail":          _row(LOGIN, 200,    200,    200,    404,    404,    404,    404,    404),
    "meetings:agenda_pdf":      _row(LOGIN, 200,    200,    200,    404,    404,    404,    404,    404),
    "meetings:participant_add": _row(LOGIN, 404,    404,    200,    404,    404,    404,    404,    404),
    "meetings:item_request":    _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    "meetings:item":            _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "meetings:item_move":       _row(LOGIN, 404,    404,    MEETING, 404,   404,    404,    404,    404),
    "meetings:minutes":         _row(LOGIN, 404,    404,    ITEM,   404,    404,    404,    404,    404),
    "meetings:parent_contact":  _row(LOGIN, 404,    404,    ITEM,   404,    404,    404,    404,    404),
    "meetings:agreement_add":   _row(LOGIN, 404,    404,    ITEM,   404,    404,    404,    404,    404),
    "meetings:item_pdf":        _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "meetings:agreement_done":  _row(LOGIN, ITEM,   404,    ITEM,   404,    404,    404,    404,    404),
    "plans:plan":               _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "plans:intervention_create": _row(LOGIN, 200,   404,    200,    404,    404,    404,    404,    404),
    "plans:goal_add":           _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "plans:evaluation":         _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "plans:progress":           _row(LOGIN, PLAN,   404,    PLAN,   404,    404,    404,    404,    404),
    "plans:milestone_add":      _row(LOGIN, PLAN,   404,    PLAN,   404,    404,    404,    404,    404),
    "plans:milestone_reach":    _row(LOGIN, PLAN,   404,    PLAN,   404,    404,    404,    404,    404),
    "plans:my_work":            _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    "portal:progress":          _row(LOGIN, 404,    404,    404,    404,    404,    404,    PORTAL_CHILD, 404),
    "api:meetings_list":        _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:meetings_detail":      _row(401,   200,    200,    200,    404,    404,    404,    404,    404),
    "reminders:list":           _row(LOGIN, 200,    200,    200,    200,    200,    200,    200,    200),
    "reminders:open":           _row(LOGIN, CHILD,  404,    404,    404,    404,    404,    404,    404),
    "reminders:read_all":       _row(LOGIN, REMINDERS, REMINDERS, REMINDERS, REMINDERS, REMINDERS, REMINDERS, REMINDERS, REMINDERS),  # noqa: E501
    "questionnaires:child":     _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    "questionnaires:request_create": _row(LOGIN, 200, 404,  200,    404,    404,    404,    404,    404),
    "questionnaires:paper":     _row(LOGIN, 200,    404,    200,    404,    404,    404,    404,    404),
    # Pia was asked to answer: to anyone else the request does not exist.
    "questionnaires:answer":    _row(LOGIN, 200,    404,    404,    404,    404,    404,    404,    404),
    "questionnaires:request_cancel": _row(LOGIN, QUESTIONNAIRES, 404, QUESTIONNAIRES, 404, 404, 404, 404, 404),
    # A single-use link works for whoever holds it, signed in or not, and logs no user.
    "questionnaires:link":      _row(200,   200,    200,    200,    200,    200,    200,    200,    200),
    # Mette was asked to answer; she does in the portal.
    "portal:questionnaire":     _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    # Lene also leads Skovskolen; an administrator may import for any school.
    "attendance:import":        _row(LOGIN, 404,    404,    200,    404,    404,    200,    404,    404),
    # Aggregates for leaders, district advisers and analysts; Lene leads Solsikken.
    "effect:dashboard":         _row(LOGIN, 403,    403,    200,    403,    403,    403,    403,    403),
    "effect:export":            _row(LOGIN, 403,    403,    200,    403,    403,    403,    403,    403),
    # Case review is for review leads and reviewers (none in the cast; reviews/tests/test_views.py has them).
    # Another's review of a case and another's development action do not exist.
    **{name: _row(LOGIN, 403, 403, 403, 403, 403, 403, 403, 403) for name in (
        "reviews:home", "reviews:schema_create", "reviews:schema", "reviews:round_create", "reviews:round",
        "reviews:results", "reviews:report", "reviews:criterion_delete", "reviews:schema_publish",
        "reviews:schema_version", "reviews:round_close", "reviews:action_create")},
    "reviews:review":           _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "reviews:action":           _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    # Emma's transition from Solsikken to Bakkeskolen, written by Pia and waiting for Mette's approval.
    "transitions:overview":     _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    # Only from a child's page (?barn=): without a child there is nothing to create.
    "transitions:create":       _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    **{name: _row(LOGIN, 200, 404, 200, 404, 404, 404, 404, 404) for name in (
        "transitions:detail", "transitions:handover", "transitions:approval", "transitions:bridge_meeting")},
    # Already sent to the parents, not yet approved: sending again and sharing are refused with a message.
    "transitions:send":         _row(LOGIN, TRANSITION, 404, TRANSITION, 404, 404,  404,    404,    404),
    "transitions:share":        _row(LOGIN, TRANSITION, 404, TRANSITION, 404, 404,  404,    404,    404),
    # Only the sending unit's leader cancels; only the receiving unit acknowledges (nobody in the cast).
    "transitions:cancel":       _row(LOGIN, 403,    404,    TRANSITION, 404, 404,   404,    404,    404),
    "transitions:acknowledge":  _row(LOGIN, 404,    404,    404,    404,    404,    404,    404,    404),
    "portal:transition":        _row(LOGIN, 404,    404,    404,    404,    404,    404,    200,    404),
    "api:transitions_list":     _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:transitions_handover": _row(401,   200,    404,    200,    404,    404,    404,    404,    404),
    # Carl (case worker) hosts office hours; Pia booked a consultation about Emma under Mette's consent.
    **{name: _row(LOGIN, 200, 200, 200, 200, 200, 404, 404, 404) for name in (
        "officehours:list", "officehours:detail", "officehours:book", "officehours:calendar",
        "officehours:calendar_ics")},
    "officehours:publish":      _row(LOGIN, 404,    404,    404,    200,    404,    404,    404,    404),
    "officehours:cancel":       _row(LOGIN, 404,    404,    404,    OFFICE_HOURS, 404, 404, 404,    404),
    "officehours:consultation": _row(LOGIN, 200,    404,    404,    200,    404,    404,    404,    404),
    "officehours:consultation_cancel": _row(LOGIN, OFFICE_HOURS, 404, 404, OFFICE_HOURS, 404, 404, 404, 404),
    # The collaboration guide: read without login; the world's page is for professionals; only editors write.
    **{name: _row(200, 200, 200, 200, 200, 200, 200, 200, 200) for name in (
        "guide:index", "guide:search", "guide:fora", "guide:action_guide", "guide:catalogue")},
    "guide:page":               _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    **{name: _row(LOGIN, 403, 403, 403, 403, 403, 200, 403, 403) for name in (
        "guide:create", "guide:preview", "guide:edit", "guide:versions", "guide:version")},
    "api:guide_pages_list":     _row(401,   200,    200,    200,    200,    200,    200,    200,    200),
    "api:guide_pages_detail":   _row(401,   200,    200,    200,    200,    200,    200,    404,    404),
    "guide:restore":            _row(LOGIN, 403,    403,    403,    403,    403,    GUIDE,  403,    403),
    "admin:*":                  _row(LOGIN, ADMIN,  ADMIN,  ADMIN,  ADMIN,  ADMIN,  200,    ADMIN,  ADMIN),
}
# fmt: on

# Views that take POST only are checked with POST (a GET answers 405, see below).
POST_ONLY = {
    "accounts:logout",
    "set_language",
    "children:cpr",
    "children:grant_revoke",
    "consent:withdraw",
    "concerns:step",
    "concerns:close",
    "api:consents_record",
    "api:consents_withdraw",
    "notifications:assess",
    "notifications:acknowledge",
    "notifications:investigation",
    "notifications:complete_investigation",
    "notifications:close",
    "notifications:assign",
    "screening:round_close",
    "screening:rate",
    "screening:agree",
    "reminders:open",
    "reminders:read_all",
    *{"api:screening_rate", "api:screening_agree_joint"},
    *{"meetings:item_move", "meetings:minutes", "meetings:parent_contact"},
    *{"meetings:agreement_add", "meetings:agreement_done"},
    *{"plans:progress", "plans:milestone_add", "plans:milestone_reach", "portal:progress"},
    "questionnaires:request_cancel",
    *{"reviews:criterion_delete", "reviews:schema_publish", "reviews:schema_version", "reviews:round_close"},
    "reviews:action_create",
    *{"transitions:send", "transitions:share", "transitions:cancel", "transitions:acknowledge"},
    *{"officehours:cancel", "officehours:consultation_cancel"},
    *{"guide:preview", "guide:restore"},
}
# The API's writes that replace a rating take PUT with a JSON body (and count as POST_ONLY above).
PUT_ONLY = {"api:screening_rate", "api:screening_agree_joint"}

# Views that both show a form (GET, in MATRIX) and act on POST: the POST answers.
# fmt: off
POST_MATRIX: dict[str, dict[str, Expected]] = {
    "children:grant_create":    _row(LOGIN, 403,    404,    CHILD,  404,    404,    404,    403,    404),
    "consent:create":           _row(LOGIN, CHILD,  404,    CHILD,  404,    404,    404,    403,    404),
    "concerns:create":          _row(LOGIN, CHILD,  404,    CHILD,  404,    404,    404,    404,    404),
    "portal:consent_create":    _row(LOGIN, 404,    404,    404,    404,    404,    404,    PORTAL_CHILD, 404),
    "portal:consent_withdraw":  _row(LOGIN, 404,    404,    404,    404,    404,    404,    PORTAL_CHILD, 404),
    "notifications:create":     _row(LOGIN, MINE,   404,    MINE,   404,    404,    404,    403,    404),
    # The world's unit already has an open round: the leader's form comes back saying so.
    "screening:round_create":   _row(LOGIN, 404,    404,    200,    404,    404,    404,    404,    404),
    "screening:next_step":      _row(LOGIN, SHEET,  404,    SHEET,  404,    404,    404,    404,    404),
    # Emma is already on the world's meeting: the form comes back saying so (others may not pick either).
    "meetings:item_request":    _row(LOGIN, 200,    200,    200,    200,    200,    200,    404,    404),
    # A case worker calls network meetings, not dialogue meetings: the form refuses the kind.
    "meetings:call":            _row(LOGIN, 404,    404,    MEETING, 200,   404,    404,    404,    404),
    "plans:intervention_create": _row(LOGIN, GOAL,  404,    GOAL,   404,    404,    404,    404,    404),
    "meetings:participant_add": _row(LOGIN, 404,    404,    MEETING, 404,   404,    404,    404,    404),
    "plans:goal_add":           _row(LOGIN, PLAN,   404,    PLAN,   404,    404,    404,    404,    404),
    "plans:evaluation":         _row(LOGIN, PLAN,   404,    PLAN,   404,    404,    404,    404,    404),
    # The link is shown once on the answer page, not behind a redirect.
    "questionnaires:request_create": _row(LOGIN, 200, 404,  200,    404,    404,    404,    404,    404),
    "questionnaires:paper":     _row(LOGIN, QUESTIONNAIRES, 404, QUESTIONNAIRES, 404, 404, 404, 404, 404),
    "questionnaires:answer":    _row(LOGIN, QUESTIONNAIRES, 404, 404, 404,  404,    404,    404,    404),
    "questionnaires:link":      _row(200,   200,    200,    200,    200,    200,    200,    200,    200),
    "portal:questionnaire":     _row(LOGIN, 404,    404,    404,    404,    404,    404,    PORTAL_CHILD, 404),
    # Emma is no pupil of Skovskolen: the page lists the file's error and imports nothing.
    "attendance:import":        _row(LOGIN, 404,    404,    200,    404,    404,    200,    404,    404),
    # Mette approves the handover and consents to sharing it.
    "portal:transition":        _row(LOGIN, 404,    404,    404,    404,    404,    404,    PORTAL_CHILD, 404),
}
# fmt: on

# The relation each role has to Emma, as the access log records it: (role, unit is Solsikken).
RELATION = {"pedagogue": ("frontline", True), "leader": ("leader", True), "parent": ("guardian", False)}

# What a successful request writes after its READ row.
WRITES = {
    "children:cpr": ["reveal_cpr"],
    "children:grant_create": ["create"],
    "children:grant_revoke": ["change"],
    "consent:create": ["create"],
    "consent:withdraw": ["change"],
    "notifications:create": ["create"],
    "concerns:create": ["create"],
    "concerns:step": ["create"],
    "concerns:close": ["change"],
    "portal:consent_create": ["create"],
    "portal:consent_withdraw": ["change"],
    "api:consents_record": ["create"],
    "api:consents_withdraw": ["change"],
    "screening:rate": ["create"],
    "screening:agree": ["change"],
    "screening:next_step": ["change"],
    "api:screening_rate": ["create"],
    "api:screening_agree_joint": ["change"],
    "meetings:item_move": [],
    "meetings:minutes": ["change"],
    "meetings:parent_contact": ["change"],
    "meetings:agreement_add": ["create"],
    "meetings:agreement_done": ["change"],
    "plans:intervention_create": ["create"],
    "plans:goal_add": ["create"],
    "plans:evaluation": ["create"],
    "plans:progress": ["create"],
    "plans:milestone_add": ["create"],
    "plans:milestone_reach": ["change"],
    "portal:progress": ["create"],
    "questionnaires:request_create": ["create"],
    "questionnaires:paper": ["create"],
    "questionnaires:answer": ["create"],
    "questionnaires:request_cancel": ["change"],
    "portal:questionnaire": ["create"],
    "transitions:cancel": ["change"],
    "officehours:consultation_cancel": ["change"],
    "portal:transition": ["create", "change"],
}
# What a successful GET writes after its READ row.
EXPORTS = {"meetings:item_pdf": ["export"]}

# Pages of many children (a group's rating sheet, a unit's overview) log one READ per child shown.
# For each, the object types of the rows it writes about no child (the page itself, an export).
LISTS_CHILDREN = {
    "screening:sheet": [],
    "screening:joint": [],
    "screening:unit_overview": ["organisation.unit"],
    "api:screening_sheet": [],
    "meetings:detail": [],
    "api:meetings_detail": [],
    "meetings:agenda_pdf": ["meetings.meeting"],
}


@functools.cache
def url_patterns() -> dict[str, list[str]]:
    """Every named URL pattern of the project as {"namespace:name": [its keyword arguments]}.

    The admin's patterns are one entry, "admin:*".
    """
    found: dict[str, list[str]] = {}

    def walk(patterns: list[URLPattern | URLResolver], namespace: str, kwargs: list[str]) -> None:
        for pattern in patterns:
            names = kwargs + list(getattr(pattern.pattern, "converters", {}))
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner, names)
            elif namespace == "admin":
                found["admin:*"] = []
            else:
                assert pattern.name, f"unnamed URL pattern {pattern.pattern} in {namespace or 'the root'}"
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = names

    walk(get_resolver().url_patterns, "", [])
    return found


def test_every_url_pattern_is_in_the_matrix(db):
    names = set(url_patterns())
    assert sorted(names - set(MATRIX)) == [], "new URL patterns: add them to MATRIX"
    assert sorted(set(MATRIX) - names) == [], "MATRIX names URL patterns that no longer exist"
    assert set(MATRIX) >= POST_ONLY | set(POST_MATRIX)


@dataclass
class World:
    cast: Any
    consent_id: int
    grant_id: int
    notification_id: int
    concern_id: int
    round_id: int
    reminder_id: int
    meeting_id: int
    item_id: int
    agreement_id: int
    intervention_id: int
    goal_id: int
    milestone_id: int
    request_id: int  # a questionnaire Pia was asked to answer
    questionnaire_id: int  # a questionnaire Mette was asked to answer
    token: str  # the link of Mette's questionnaire
    school_id: int = 0  # Skovskolen, a school Lene leads too (Solsikken keeps no attendance)
    transition_id: int = 0  # Emma's move to Bakkeskolen, with the parents
    office_hours_id: int = 0  # Carl's office hours
    slot_id: int = 0  # its free second slot
    consultation_id: int = 0  # Pia's consultation about Emma in the first slot
    guide_slug: str = ""  # a page of the collaboration guide for professionals, with one version


@pytest.fixture
def world(cast) -> World:
    # Emma has a CPR number (so that it can be revealed), one active consent and one current grant.
    cast.child.cpr_encrypted = cpr.encrypt(EMMA_CPR)
    cast.child.cpr_digest = cpr.digest(EMMA_CPR)
    cast.child.save()
    consent = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        recorded_by=cast.pedagogue,
        valid_from=today() - datetime.timedelta(days=30),
        valid_until=today() + datetime.timedelta(days=300),
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    psychologist = f.MembershipFactory(role=Role.SPECIALIST, group=None, unit=f.UnitFactory(name="PPR")).user
    grant = f.GrantFactory(child=cast.child, user=psychologist, granted_by=cast.leader)
    levels = default_levels_and_guide()
    concern = Concern.objects.create(
        child=cast.child,
        reported_by=cast.pedagogue,
        level=levels["lille"],
        observed_on=today(),
        description="Græder ved aflevering",
        areas=["trivsel"],
    )
    # A notification about Emma, stored directly: filing it would give Carl access and change his rows.
    notification = Notification.objects.create(
        child=cast.child,
        filed_by=cast.pedagogue,
        filed_at=timezone.now(),
        received_at=timezone.now(),
        grounds="other",
        description="Synthetic",
    )
    # An open screening round of Solsikken in which Emma's joint rating (yellow) still lacks a next step.
    screening_round = make_round(cast.unit, cast.leader)
    make_screening(screening_round, cast.child, cast.group, cast.leader, "gul")
    # Pia's reminder about Emma's page: only she may open it.
    reminder = Reminder.objects.create(
        user=cast.pedagogue,
        kind="concern_waiting",
        key="k",
        url=f"/boern/{cast.child.pk}/",
        due=timezone.now(),
        params={"observed_on": "2026-11-02", "days": 14},
    )
    # A meeting of Solsikken chaired by Lene, with Emma brought anonymously by Pia, and Pia's agreement.
    meeting = make_meeting(cast.unit, cast.leader)
    meeting.participants.add(cast.pedagogue)
    item = make_item(meeting, cast.child, cast.pedagogue)
    agreement = Agreement.objects.create(
        item=item, child=cast.child, what="Ring til mor", owner=cast.pedagogue, due=day_after()
    )
    # Emma's intervention (Pia responsible) with a goal and a milestone.
    intervention = make_intervention(cast.child, cast.pedagogue)
    goal = make_goal(intervention)
    milestone = Milestone.objects.create(goal=goal, title="Første uge")
    # Lene asked Pia for a teacher SDQ (with the mother's consent) and the mother for a parent SDQ by link;
    # stored directly, as asking writes log rows.
    questionnaire_consent(cast)
    due = today() + datetime.timedelta(days=14)
    asked = {"child": cast.child, "requested_by": cast.leader, "due": due}
    asked_pia = QuestionnaireRequest.objects.create(
        instrument=instrument(TEACHER), respondent="professional", professional=cast.pedagogue, **asked
    )
    token = "mettes-link-" + "x" * 20
    asked_mette = QuestionnaireRequest.objects.create(
        instrument=instrument(), respondent="parent", guardian=cast.mother, token_digest=token_digest(token),
        token_expires_at=timezone.now() + datetime.timedelta(days=21), **asked,
    )  # fmt: skip
    return World(
        cast=cast,
        consent_id=consent.pk,
        grant_id=grant.pk,
        concern_id=concern.pk,
        notification_id=notification.pk,
        round_id=screening_round.pk,
        reminder_id=reminder.pk,
        meeting_id=meeting.pk,
        item_id=item.pk,
        agreement_id=agreement.pk,
        intervention_id=intervention.pk,
        goal_id=goal.pk,
        milestone_id=milestone.pk,
        request_id=asked_pia.pk,
        questionnaire_id=asked_mette.pk,
        token=token,
        school_id=make_school(cast.unit.district, leader=cast.leader).unit_id,
        transition_id=handover_with_parents(cast).transition_id,
        **_office_hours(cast),
        guide_slug=make_page("matrix-fagpersoner", audience=Audience.PROFESSIONAL).slug,
    )


def _office_hours(cast: Any) -> dict[str, int]:
    """Carl's office hours next week, stored directly (publishing and booking write log rows)."""
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    block = OfficeHours.objects.create(
        host=cast.case_worker, title="Træffetid", location="Telefon", starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=40), slot_minutes=20,
    )  # fmt: skip
    first, second = (
        Slot.objects.create(office_hours=block, starts_at=starts + datetime.timedelta(minutes=m),
                            ends_at=starts + datetime.timedelta(minutes=m + 20))
        for m in (0, 20)
    )  # fmt: skip
    consultation = Consultation.objects.create(
        slot=first, booked_by=cast.pedagogue, question="Synthetic", child=cast.child,
        consent=sharing_consent_for(cast, cast.case_worker),
    )  # fmt: skip
    return {"office_hours_id": block.pk, "slot_id": second.pk, "consultation_id": consultation.pk}


def day_after() -> datetime.date:
    """A date after the world's meeting (7 days ahead), for agreements."""
    return today() + datetime.timedelta(days=14)


def path_for(name: str, world: World, child_id: int | None = None) -> str:
    values = {
        "child_id": world.cast.child.pk if child_id is None else child_id,
        "consent_id": world.consent_id,
        "grant_id": world.grant_id,
        "notification_id": world.notification_id,
        "concern_id": world.concern_id,
        "round_id": world.round_id,
        "reminder_id": world.reminder_id,
        "meeting_id": world.meeting_id,
        "item_id": world.item_id,
        "agreement_id": world.agreement_id,
        "intervention_id": world.intervention_id,
        "goal_id": world.goal_id,
        "milestone_id": world.milestone_id,
        "request_id": world.request_id,
        "questionnaire_id": world.questionnaire_id,
        "token": world.token,
        "transition_id": world.transition_id,
        "office_hours_id": world.office_hours_id,
        "slot_id": world.slot_id,
        "consultation_id": world.consultation_id,
        "slug": world.guide_slug,
        "number": 1,
        "group_id": world.cast.group.pk,
        "unit_id": world.school_id if name.startswith("attendance:") else world.cast.unit.pk,
        "district_id": world.cast.unit.district_id,
        "panel": "positions",
        "fmt": "pdf" if name.startswith("reviews:") else "csv",
        **{key: 1 for key in ("schema_id", "criterion_id", "review_id", "action_id")},
    }
    return reverse(name, kwargs={key: values[key] for key in url_patterns()[name]})


def post_data(name: str, world: World) -> dict[str, Any]:
    cast = world.cast
    day = today()
    if name == "set_language":
        return {"language": "en", "next": "/"}
    if name == "portal:transition":
        return {"decision": "approve", "parents_view": "Vi er glade", "consent_to_share": "on"}
    if name == "notifications:create":
        return {"grounds": "other", "description": "Synthetic"}
    if name == "children:grant_create":
        return {"user": cast.case_worker.pk, "reason": "Netværksmøde", "until": (day + datetime.timedelta(days=7))}
    if name in ("consent:create", "portal:consent_create"):
        return {
            "guardian": cast.mother.pk,
            "purpose": "handover",
            "method": "oral",
            "information": "",
            "units": [cast.unit.pk],
            "valid_from": day.isoformat(),
            "valid_until": (day + datetime.timedelta(days=90)).isoformat(),
        }
    if name == "concerns:create":
        return {"observed_on": day.isoformat(), "description": "Trækker sig", "areas": ["trivsel"], "level": "middel"}
    if name == "screening:round_create":
        return {"name": "Vinter 2027", "deadline": (day + datetime.timedelta(days=30)).isoformat()}
    if name in ("screening:rate", "screening:agree"):
        return {"position": "roed", "comment": "", "group": cast.group.pk}
    if name == "screening:next_step":
        return {"kind": "local_plan", "note": "Legeaftaler i to uger"}
    if name == "plans:intervention_create":
        end = (day + datetime.timedelta(days=60)).isoformat()
        return {
            "type": catalogue().pk,
            "responsible": cast.pedagogue.pk,
            "start": day.isoformat(),
            "planned_end": end,
            "evaluation_due": end,
        }
    if name == "plans:goal_add":
        return {"title": "Fremmøde", "area": "fremmoede", "owner": "child", "scale": "0-10", "target": 9}
    if name == "plans:evaluation":
        return {"outcome": "close", "note": "Målet er nået"}
    if name in ("plans:progress", "portal:progress"):
        return {"rater": "professional", "value": 5, "comment": ""}
    if name == "plans:milestone_add":
        return {"title": "Anden uge"}
    if name == "meetings:call":
        when = (day + datetime.timedelta(days=3)).isoformat()
        return {"kind": "dialogmoede", "title": "Dialogmøde", "day": when, "time": "10:00", "duration_minutes": 60}
    if name == "meetings:item_request":
        return {"meeting": world.meeting_id, "child": cast.child.pk, "problem": "Trækker sig"}
    if name == "meetings:minutes":
        return {"version": 0, "discussion": "Fælles forståelse"}
    if name == "meetings:parent_contact":
        return {"contact": cast.pedagogue.pk}
    if name == "meetings:agreement_add":
        return {"what": "Observere i frikvarteret", "owner": cast.pedagogue.pk, "due": day_after().isoformat()}
    if name == "meetings:participant_add":
        return {"user": world.cast.other_pedagogue.pk}
    if name == "meetings:item_move":
        return {"retning": "op"}
    if name == "questionnaires:request_create":
        return {"instrument": instrument().pk, "guardian": cast.mother.pk, "due": day.isoformat()}
    if name in ("questionnaires:answer", "questionnaires:link", "portal:questionnaire", "questionnaires:paper"):
        answers = {f"q_{n}": 1 for n in range(1, 26)}
        return {**answers, "q_gate": 0, "send": "1", "skema": PARENT, "measured_on": day.isoformat()}
    if name == "attendance:import":
        emma = [EMMA_CPR, "01-09-2026", "30-09-2026", 21, 0, 0, 0]
        return {"file": SimpleUploadedFile("fravaer.csv", csv_file([emma]))}
    if name == "concerns:step":
        return {"step_code": "observer-og-noter", "done_on": day.isoformat(), "note": ""}
    return {}


API_CONSENT = {
    "purpose": "handover",
    "method": "oral",
    "information": "",
    "recipients": [{"role": "leader"}],
}


def request(client: Client, name: str, world: World, method: str, child_id: int | None = None) -> Any:
    path = path_for(name, world, child_id)
    if method == "get":
        return client.get(path)
    if name == "api:consents_record":
        body = {
            **API_CONSENT,
            "guardian_id": world.cast.mother.pk,
            "valid_from": today().isoformat(),
            "valid_until": (today() + datetime.timedelta(days=90)).isoformat(),
        }
        return client.post(path, json.dumps(body), content_type="application/json")
    if name in PUT_ONLY:
        return client.put(path, json.dumps({"position": "roed"}), content_type="application/json")
    return client.post(path, post_data(name, world))


def client_for(role: str, world: World) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world.cast, role))
    return client


def check_status(response: Any, expected: Expected, world: World) -> None:
    if isinstance(expected, Redirect):
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(expected.to.format(child=world.cast.child.pk)), response["Location"]
    else:
        assert response.status_code == expected, response.status_code


def reads_emma(name: str) -> bool:
    # A notification's and an agenda item's pages concern its child: an attempt is logged with the child's id.
    keys = {"child_id", "notification_id", "item_id", "agreement_id", "transition_id", "consultation_id"}
    return bool(keys & set(url_patterns()[name]))


def check_log(name: str, role: str, world: World, response: Any, path: str) -> None:
    """Exactly the rows this request should write, with the right fields."""
    cast = world.cast
    rows = list(AccessLog.objects.order_by("id"))
    if name == "questionnaires:link":
        # Whoever holds the link: the log names the child and the request, never the user.
        writing = response.request["REQUEST_METHOD"] == "POST"
        link_rows: list[tuple[str, int, int | None]] = [("read", cast.child.pk, None)]
        if writing:
            link_rows.append(("create", cast.child.pk, None))
        assert [(r.action, r.child_id, r.user_id) for r in rows] == link_rows
        return
    if name.startswith("effect:") and response.status_code == 200:
        # The dashboard names no child: one row of the page or the export, with what was chosen.
        action = "export" if name == "effect:export" else "read"
        assert [(r.action, r.child_id, r.purpose) for r in rows] == [(action, None, "effect_dashboard")]
        return
    if name == "plans:my_work" and response.status_code == 200:
        # The user's own agreements and evaluations: Pia has one of each about Emma, the others none.
        expected = [("read", cast.child.pk)] * (2 if role == "pedagogue" else 0)
        assert [(r.action, r.child_id) for r in rows if r.child_id is not None] == expected
        return
    if name == "officehours:cancel" and role == "case_worker":
        # Carl cancels his office hours: Pia's consultation about Emma with them, then the block itself.
        assert [(r.action, r.object_type, r.child_id) for r in rows] == [
            ("change", "officehours.consultation", cast.child.pk),
            ("change", "officehours.officehours", None),
        ]
        return
    if name in ("transitions:overview", "api:transitions_list") and response.status_code == 200:
        # Pia's list shows Emma's transition; Lene's overview opens on Skovskolen, which has none.
        expected = [("read", cast.child.pk)] * (1 if role == "pedagogue" else 0)
        assert [(r.action, r.child_id) for r in rows if r.child_id is not None] == expected
        return
    if name in LISTS_CHILDREN and response.status_code == 200:
        # Emma's row, and for an overview a row of the overview itself.
        reads = [(r.action, r.child_id, r.user_id) for r in rows if r.child_id is not None]
        assert reads == [("read", cast.child.pk, getattr(cast, role).pk)]
        assert [r.object_type for r in rows if r.child_id is None] == LISTS_CHILDREN[name]
        return
    if role == "anonymous" or not reads_emma(name):
        # Nothing about Emma; "Mine børn" and its API twin log one read of the list.
        if role != "anonymous" and name in ("children:list", "api:children_list") and response.status_code == 200:
            assert [(r.action, r.child_id, r.purpose) for r in rows] == [("read", None, "child_list")]
        else:
            assert [r.child_id for r in rows if r.child_id is not None] == []
        return
    user = getattr(cast, role)
    role_name, in_unit = RELATION.get(role, ("", False))
    unit_id = cast.unit.pk if in_unit else None
    status = response.status_code
    first = rows[0]
    assert (first.user_id, first.username, first.child_id, first.path) == (
        user.pk,
        user.username,
        cast.child.pk,
        path,
    )
    if status in (403, 404) and role in RELATION and name in WRITES and first.action == "read":
        # A write the service refuses (e.g. a parent recording "oral" consent in the API): the child
        # was read to decide, then the attempt is logged as denied with the status the user got.
        assert [(r.action, r.status) for r in rows] == [("read", 200), ("denied", status)]
        return
    if status in (403, 404):
        assert len(rows) == 1, [(r.action, r.status) for r in rows]
        assert (first.action, first.status) == ("denied", status)
        # A 403 (an action the relation does not allow) says what the relation was; a stranger has none.
        if status == 403:
            assert (first.role, first.unit_id) == (role_name, unit_id)
        elif role not in RELATION:
            assert (first.role, first.unit_id) == ("", None)
        return
    assert (first.action, first.status, first.role, first.unit_id) == ("read", 200, role_name, unit_id)
    if {"item_id", "agreement_id"} & set(url_patterns()[name]):
        assert (first.object_type, first.object_id) == ("meetings.agendaitem", world.item_id)
    elif "consultation_id" in url_patterns()[name]:
        assert (first.object_type, first.object_id) == ("officehours.consultation", world.consultation_id)
    else:
        assert (first.object_type, first.object_id) == ("children.child", cast.child.pk)
    writing = response.request["REQUEST_METHOD"] in ("POST", "PUT")
    expected_writes = WRITES.get(name, []) if writing else EXPORTS.get(name, [])
    # Access the system gives (a notification's grants to Børn og Familie) is logged without a user.
    system = [r for r in rows[1:] if r.user_id is None]
    assert [(r.action, r.object_type, r.child_id) for r in system] == [
        ("create", "children.childaccessgrant", cast.child.pk)
    ] * len(system)
    rows = [rows[0]] + [r for r in rows[1:] if r.user_id is not None]
    assert [r.action for r in rows[1:]] == expected_writes
    for row in rows[1:]:
        assert (row.user_id, row.child_id, row.path, row.status) == (user.pk, cast.child.pk, path, 200)
        assert (row.role, row.unit_id) == (role_name, unit_id)
        if row.action in ("create", "change"):
            assert row.changed_fields != []
        if row.object_type == "consent.consent":
            # Changes of the child's data keep their field-level history; access grants are not child data.
            fields = sorted(FieldChange.objects.filter(log=row).values_list("field", flat=True))
            assert fields == row.changed_fields


CASES = [(name, role) for name in MATRIX if name != "admin:*" for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_the_matrix(world, name, role):
    method = "post" if name in POST_ONLY else "get"
    client = client_for(role, world)
    path = path_for(name, world)
    response = request(client, name, world, method)
    check_status(response, MATRIX[name][role], world)
    check_log(name, role, world, response, path)


CHILD_KEYS = {"child_id", "notification_id", "item_id", "agreement_id", "intervention_id", "goal_id", "request_id",
              "questionnaire_id", "concern_id", "consent_id", "grant_id", "milestone_id"}  # fmt: skip
CHILD_PAGES = [n for n in MATRIX if CHILD_KEYS & set(url_patterns().get(n, [])) and n != "questionnaires:link"]


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_an_analyst_sees_aggregates_only_never_a_child(world, name):
    """Management and analysts of the municipality open the dashboard, and no child's page or data."""
    analyst = f.MembershipFactory(role=Role.ANALYST, unit=None, group=None, user__username="ana").user
    client = Client()
    client.force_login(analyst)
    response = request(client, name, world, "post" if name in POST_ONLY else "get")
    assert response.status_code in (403, 404), response.status_code
    assert [r.action for r in AccessLog.objects.filter(child_id__isnull=False)] in ([], ["denied"])
    assert client.get(reverse("effect:dashboard")).status_code == 200


POST_CASES = [(name, role) for name in POST_MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), POST_CASES, ids=[f"{n}-{r}" for n, r in POST_CASES])
def test_the_matrix_for_posts(world, name, role):
    client = client_for(role, world)
    path = path_for(name, world)
    response = request(client, name, world, "post")
    check_status(response, POST_MATRIX[name][role], world)
    check_log(name, role, world, response, path)


# The API's POST /children/{id}/consents shares its path with the GET list, so only the others.
@pytest.mark.parametrize("name", sorted(POST_ONLY - {"accounts:logout", "set_language", "api:consents_record"}))
def test_post_only_views_refuse_get(world, name):
    client = client_for("leader", world)
    response = client.get(path_for(name, world))
    assert response.status_code == 405
    assert AccessLog.objects.count() == 0


def admin_sample(world: World) -> list[str]:
    """The admin's index, every model's list, and Emma's admin page."""
    paths = [reverse("admin:index")]
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            names = {p.name for p in _flatten(pattern.url_patterns) if p.name}
            paths += [reverse(f"admin:{n}") for n in sorted(names) if n.endswith("_changelist")]
    paths.append(reverse("admin:children_child_change", args=[world.cast.child.pk]))
    return paths


def _flatten(patterns: list[URLPattern | URLResolver]) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _flatten(pattern.url_patterns)
        else:
            yield pattern


@pytest.mark.parametrize("role", ROLES)
def test_the_admin(world, role):
    client = client_for(role, world)
    sample = admin_sample(world)
    assert len(sample) > 5
    for path in sample:
        response = client.get(path)
        check_status(response, MATRIX["admin:*"][role], world)


def test_a_missing_child_is_404_for_every_role_on_every_child_url(world):
    missing = world.cast.child.pk + 10_000
    for role in ROLES[1:]:
        client = client_for(role, world)
        for name in (n for n in MATRIX if n != "admin:*" and "child_id" in url_patterns()[n]):
            method = "post" if name in POST_ONLY else "get"
            response = request(client, name, world, method, child_id=missing)
            assert response.status_code == 404, (name, role, response.status_code)
            denied = AccessLog.objects.latest("id")
            assert (denied.action, denied.child_id, denied.status) == ("denied", missing, 404)


def test_grant_ends_in_the_future(world):
    # The grant the matrix revokes is current: otherwise the revoke row would test nothing.
    grant = world.cast.child.access_grants.get(pk=world.grant_id)
    assert grant.starts_at < timezone.now() < grant.ends_at


@pytest.mark.parametrize("name", ["children:list", "api:children_list"])
@pytest.mark.parametrize("role", ["pedagogue", "leader", "outsider"])
def test_a_search_writes_one_search_row_with_its_criterion(world, name, role):
    client = client_for(role, world)
    response = client.get(reverse(name), {"q": "Emma"})
    assert response.status_code == 200
    user = getattr(world.cast, role)
    rows = [(r.action, r.user_id, r.search_criterion, r.child_id, r.purpose, r.status) for r in AccessLog.objects.all()]
    assert rows == [("search", user.pk, "Emma", None, "child_list", 200)]
