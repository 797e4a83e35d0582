"""Hot statements compiled once per database instead of on every call.

peewee builds a statement's SQL anew each time it runs, which costs more than SQLite spends
executing a one-row lookup or insert. A ``Prepared`` select is built by peewee once per
database (with marker values where the arguments go) and later calls run the stored text with
the arguments in place of the markers; rows come back as peewee's ``.dicts()`` gives them
(field names as keys, each field's ``python_value`` applied). ``insert_row`` and
``update_row`` do the same for single-row writes. The text is peewee's own, so it is right
for SQLite and PostgreSQL alike, and every statement still goes through
``Database.execute_sql`` (logged, so ``count_queries`` sees it).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from peewee import Alias, Database, Field, Model, PostgresqlDatabase

#: Marker values: distinctive enough never to occur as a real argument.
_INT_MARK = -7_315_000_000_000
_STR_MARK = "\x00propdesk-arg-{}\x00"


def int_arg(i: int) -> int:
    """The marker for integer argument ``i`` of a prepared statement's builder."""
    return _INT_MARK - i


def str_arg(i: int) -> str:
    """The marker for text argument ``i``."""
    return _STR_MARK.format(i)


class _Compiled:
    __slots__ = ("sql", "params", "slots", "keys", "converters")

    def __init__(
        self,
        sql: str,
        params: list[Any],
        slots: list[tuple[int, int]],
        keys: list[str],
        converters: list[Callable[[Any], Any] | None],
    ) -> None:
        self.sql = sql
        self.params = params
        self.slots = slots  # (position in params, argument index)
        self.keys = keys
        self.converters = converters


def _markers(n: int, kinds: str) -> list[Any]:
    return [int_arg(i) if kinds[i] == "i" else str_arg(i) for i in range(n)]


class Prepared:
    """A select built by ``build(*args)``; ``kinds`` says which arguments are integers
    (``"i"``) and which text (``"s"``). Datetime or other arguments are not supported: pass
    them in a form the driver takes as it is."""

    def __init__(self, build: Callable[..., Any], kinds: str = "") -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: weakref.WeakKeyDictionary[Database, _Compiled] = weakref.WeakKeyDictionary()

    def _compile(self, db: Database) -> _Compiled:
        markers = _markers(len(self._kinds), self._kinds)
        query = self._build(*markers)
        sql, params = query.sql()
        slots: list[tuple[int, int]] = []
        for pos, value in enumerate(params):
            for i, marker in enumerate(markers):
                if type(value) is type(marker) and value == marker:
                    slots.append((pos, i))
        if sorted(i for _pos, i in slots) != list(range(len(markers))):
            raise AssertionError(f"prepared statement lost an argument: {sql}")
        keys: list[str] = []
        converters: list[Callable[[Any], Any] | None] = []
        for node in getattr(query, "_returning", None) or ():
            if isinstance(node, Alias):
                keys.append(node._alias)
                inner = node.node
                converters.append(inner.python_value if isinstance(inner, Field) else None)
            elif isinstance(node, Field):
                keys.append(node.name)
                converters.append(node.python_value)
            else:
                raise AssertionError(f"prepared select of an unnamed column: {node!r}")
        compiled = _Compiled(sql, list(params), slots, keys, converters)
        self._compiled[db] = compiled
        return compiled

    def _run(self, db: Database, args: Sequence[Any]) -> tuple[_Compiled, Any]:
        compiled = self._compiled.get(db) or self._compile(db)
        params = list(compiled.params)
        for pos, i in compiled.slots:
            params[pos] = args[i]
        return compiled, db.execute_sql(compiled.sql, params)

    def execute(self, db: Database, *args: Any) -> Any:
        """Run it; the driver's cursor."""
        return self._run(db, args)[1]

    def dicts(self, db: Database, *args: Any) -> list[dict[str, Any]]:
        """The rows as peewee's ``.dicts()`` gives them."""
        compiled, cursor = self._run(db, args)
        keys, converters = compiled.keys, compiled.converters
        out = []
        for row in cursor.fetchall():
            out.append(
                {
                    k: (c(v) if c is not None and v is not None else v)
                    for k, c, v in zip(keys, converters, row, strict=True)
                }
            )
        return out

    def tuples(self, db: Database, *args: Any) -> list[tuple[Any, ...]]:
        """The raw rows (no conversion)."""
        _compiled, cursor = self._run(db, args)
        return list(cursor.fetchall())


# --- single-row writes ------------------------------------------------------------------

_write_sql: weakref.WeakKeyDictionary[Database, dict[tuple[Any, ...], str]] = (
    weakref.WeakKeyDictionary()
)


def _statements(db: Database) -> dict[tuple[Any, ...], str]:
    found = _write_sql.get(db)
    if found is None:
        found = _write_sql[db] = {}
    return found


def _quote(db: Database, name: str) -> str:
    """An identifier quoted as peewee quotes it for ``db``."""
    left, right = db.quote[0], db.quote[1]
    return f"{left}{name}{right}"


def _with_defaults(model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` plus the model's Python-side defaults for the fields left out (as peewee's
    own insert adds them)."""
    missing = {
        f.name: (d() if callable(d) else d)
        for f, d in model._meta.defaults.items()
        if f.name not in values
    }
    return {**values, **missing} if missing else values


def insert_rows(model: type[Model], rows: Sequence[dict[str, Any]]) -> None:
    """``model.insert_many(rows).execute()`` (every row with the same fields), the SQL text
    built once per database, set of fields and number of rows."""
    if not rows:
        return
    db: Database = model._meta.database
    fields = model._meta.fields
    full = [_with_defaults(model, r) for r in rows]
    names = tuple(full[0])
    key = ("insert", model, names, len(full))
    statements = _statements(db)
    sql = statements.get(key)
    if sql is None:
        columns = ", ".join(_quote(db, fields[n].column_name) for n in names)
        group = "(" + ", ".join([db.param] * len(names)) + ")"
        sql = (
            f"INSERT INTO {_quote(db, model._meta.table_name)} ({columns}) "
            f"VALUES {', '.join([group] * len(full))}"
        )
        statements[key] = sql
    converters = [fields[n].db_value for n in names]
    params = [c(r[n]) for r in full for n, c in zip(names, converters, strict=True)]
    db.execute_sql(sql, params)


def insert_row(model: type[Model], values: dict[str, Any]) -> int:
    """``model.insert(**values).execute()`` for one row, the SQL text built once per
    database and set of fields; returns the new row's id."""
    db: Database = model._meta.database
    fields = model._meta.fields
    values = _with_defaults(model, values)
    names = tuple(values)
    key = ("insert", model, names)
    statements = _statements(db)
    sql = statements.get(key)
    if sql is None:
        columns = ", ".join(_quote(db, fields[n].column_name) for n in names)
        marks = ", ".join([db.param] * len(names))
        sql = f"INSERT INTO {_quote(db, model._meta.table_name)} ({columns}) VALUES ({marks})"
        if isinstance(db, PostgresqlDatabase):
            sql += f" RETURNING {_quote(db, model._meta.primary_key.column_name)}"
        statements[key] = sql
    params = [fields[n].db_value(v) for n, v in values.items()]
    cursor = db.execute_sql(sql, params)
    if isinstance(db, PostgresqlDatabase):
        return int(cursor.fetchone()[0])
    return int(cursor.lastrowid)


def update_row(model: type[Model], values: dict[str, Any], where: dict[str, Any]) -> int:
    """``UPDATE model SET values WHERE`` each ``where`` field equals its value (all joined
    with AND); the SQL text built once per database and set of fields. Returns the number of
    rows changed."""
    db: Database = model._meta.database
    fields = model._meta.fields
    set_names = tuple(values)
    where_names = tuple(where)
    key = ("update", model, set_names, where_names)
    statements = _statements(db)
    sql = statements.get(key)
    if sql is None:
        sets = ", ".join(f"{_quote(db, fields[n].column_name)} = {db.param}" for n in set_names)
        conds = " AND ".join(
            f"{_quote(db, fields[n].column_name)} = {db.param}" for n in where_names
        )
        sql = f"UPDATE {_quote(db, model._meta.table_name)} SET {sets} WHERE {conds}"
        statements[key] = sql
    params = [fields[n].db_value(v) for n, v in values.items()]
    params.extend(fields[n].db_value(v) for n, v in where.items())
    return int(db.execute_sql(sql, params).rowcount)
