"""Inserting many rows of plain values at once.

``bulk_create`` builds a model instance per row and compiles every value through its field; for
the scores of a hundred thousand responses that is most of the time. ``insert`` sends tuples
straight to the database: with ``COPY … FROM STDIN`` on PostgreSQL (one stream instead of a
statement per row), and with the driver's ``executemany`` on SQLite. So it is only for rows whose
values are already what the columns hold: no defaults, no signals, no primary keys back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def _column(model: type[models.Model], name: str) -> str:
    column = _field(model, name).column
    assert column is not None  # _field checked it
    return column


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in the order of ``fields``, a foreign key by its ``…_id``) into ``model``'s table."""
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted by the backend; the values travel apart.
    target = f"{quote(model._meta.db_table)} ({', '.join(quote(_column(model, name)) for name in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        values = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {target} VALUES ({values})", list(rows))  # noqa: S608


def update(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Set ``fields`` of many rows at once; each row is its primary key and then the new values.

    On PostgreSQL the rows are copied into a temporary table and applied with one ``UPDATE … FROM``
    (``bulk_update`` would compile a ``CASE`` per field and row); on SQLite, ``executemany``.
    """
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk = quote(meta.db_table), quote(_column(model, meta.pk.name))
    columns = [quote(_column(model, name)) for name in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [(*r[1:], r[0]) for r in rows])  # noqa: S608
            return
        types = [meta.pk.db_type(connection), *(_field(model, name).db_type(connection) for name in fields)]
        temporary = quote(f"bulk_{meta.db_table}")
        definition = ", ".join(f"{c} {t}" for c, t in zip([pk, *columns], types, strict=True))
        cursor.execute(f"CREATE TEMPORARY TABLE {temporary} ({definition})")
        with cursor.cursor.copy(f"COPY {temporary} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{column} = v.{column}" for column in columns)
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {temporary} AS v WHERE t.{pk} = v.{pk}")  # noqa: S608
        cursor.execute(f"DROP TABLE {temporary}")
