"""Who may import a school's attendance: the school's leader, and administrators.

Attendance comes from the school's own system, so only schools (folkeskole and youth education)
have it. The leader imports for the school they lead; an administrator may import for any school
(e.g. a central export for the whole municipality). Importing shows no child's data back: the
errors name rows of the file, not children.
"""

from __future__ import annotations

import rules

from trivsel.accounts.models import User
from trivsel.children.access import Relation
from trivsel.organisation.models import Role, Unit, UnitKind
from trivsel.screening.access import leads_unit

ATTENDANCE_UNIT_KINDS = frozenset({UnitKind.SCHOOL, UnitKind.YOUTH_EDUCATION})
ADMINISTRATOR = "administrator"


def keeps_attendance(unit: Unit) -> bool:
    return unit.kind in ATTENDANCE_UNIT_KINDS


def import_relation(user: User, unit: Unit) -> Relation | None:
    """The relation an import is logged with (the unit's leader, or an administrator), or None."""
    if not keeps_attendance(unit) or not user.is_authenticated or not user.is_active:
        return None
    if leads_unit(user, unit.pk):
        return Relation(via="unit", role=Role.LEADER, unit_id=unit.pk)
    if user.is_administrator:
        return Relation(via=ADMINISTRATOR, role=ADMINISTRATOR, unit_id=unit.pk)
    return None


@rules.predicate
def may_import(user: User, unit: Unit) -> bool:
    return import_relation(user, unit) is not None


# A rule set of its own, so that Django's superuser shortcut in has_perm never applies.
attendance_rules = rules.RuleSet()
attendance_rules.add_rule("import_attendance", may_import)


def can(user: User, action: str, unit: Unit) -> bool:
    return attendance_rules.test_rule(action, user, unit)
