"""Analysis schemas as data: the shipped default (``data/schema_default.json``) and a municipality's own.

A file holds ``family``, ``name``, ``description`` and ``themes``, each with ``name`` and
``criteria`` (``code``, ``question``, ``guidance``, optional ``scale``: "strength" or "four").
Loading a file publishes it as the family's next version; a malformed file is refused with every
problem named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.lib.datafile import read_json
from trivsel.reviews.models import Criterion, RatingScale, ReviewSchema, Theme

DEFAULT_SCHEMA = Path(__file__).resolve().parent / "data" / "schema_default.json"


def _criterion_errors(where: str, criterion: Any, seen: set[str]) -> list[str]:
    if not isinstance(criterion, dict):
        return [f"{where}: must be an object"]
    errors = []
    code = criterion.get("code")
    if not isinstance(code, str) or not code.strip():
        errors.append(f'{where}: "code" must not be empty')
    elif code in seen:
        errors.append(f"{where}: code {code!r} is used twice")
    else:
        seen.add(code)
    if not isinstance(criterion.get("question"), str) or not criterion["question"].strip():
        errors.append(f'{where}: "question" must not be empty')
    if criterion.get("scale", RatingScale.STRENGTH) not in RatingScale.values:
        errors.append(f'{where}: "scale" must be one of {", ".join(RatingScale.values)}')
    return errors


def schema_validate(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return ["the file must hold one object"]
    errors = [f'"{key}" must not be empty' for key in ("family", "name") if not str(data.get(key) or "").strip()]
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        return [*errors, '"themes" must be a non-empty list']
    seen: set[str] = set()
    for t, theme in enumerate(themes, start=1):
        criteria = theme.get("criteria") if isinstance(theme, dict) else None
        if not isinstance(theme, dict) or not str(theme.get("name") or "").strip():
            errors.append(f'theme {t}: "name" must not be empty')
        if not isinstance(criteria, list) or not criteria:
            errors.append(f'theme {t}: "criteria" must be a non-empty list')
            continue
        for c, criterion in enumerate(criteria, start=1):
            errors += _criterion_errors(f"theme {t}, criterion {c}", criterion, seen)
    return errors


def next_version(family: str) -> int:
    return (ReviewSchema.objects.filter(family=family).aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def schema_load(path: Path = DEFAULT_SCHEMA, *, actor: User | None = None) -> ReviewSchema:
    """Publish the schema in ``path`` as the next version of its family; ValidationError names each problem."""
    data = read_json(path)
    errors = schema_validate(data)
    if errors:
        raise ValidationError([f"{path.name}: {error}" for error in errors])
    family = data["family"].strip()
    schema = ReviewSchema.objects.create(
        family=family, version=next_version(family), name=data["name"].strip(),
        description=str(data.get("description", "")).strip(), published_at=timezone.now(), created_by=actor,
    )  # fmt: skip
    for t, entry in enumerate(data["themes"], start=1):
        theme = Theme.objects.create(schema=schema, order=t, name=entry["name"].strip())
        Criterion.objects.bulk_create(
            Criterion(
                schema=schema, theme=theme, order=c, code=item["code"].strip(), question=item["question"].strip(),
                guidance=str(item.get("guidance", "")).strip(), scale=item.get("scale", RatingScale.STRENGTH),
            )
            for c, item in enumerate(entry["criteria"], start=1)
        )  # fmt: skip
    return schema
