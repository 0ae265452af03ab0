"""Inserting many rows of plain values at once.

``bulk_create`` builds a model instance per row and compiles every value through its field; for
the scores of a hundred thousand responses that is most of the time. ``insert`` sends tuples
straight to the driver's ``executemany`` (psycopg pipelines them on PostgreSQL), so it is only for
rows whose values are already what the columns hold: no defaults, no signals, no primary keys back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in the order of ``fields``, a foreign key by its ``…_id``) into ``model``'s table."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    values = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        # Table and column names come from the model, quoted by the backend; the values are parameters.
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})", list(rows))  # noqa: S608
