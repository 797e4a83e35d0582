"""Bulk loading for generated or imported data: raw ``executemany`` in the caller's
transaction (peewee's ``insert_many`` measured 17× slower for 200k rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from peewee import Database, Model, SqliteDatabase

from . import search_index


def insert(db: Database, model: type[Model], rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table, each a mapping of field name (a foreign key by
    its field's name: ``unit``, ``category``) to the value as stored (enum codes, ids,
    datetimes). The columns are the model's own: a field a row leaves out takes its default
    (``None`` for a nullable one), so a new nullable column needs no change here."""
    spec = [(f.name, f.column_name, f.default) for f in model._meta.sorted_fields]
    if any(callable(d) for _n, _c, d in spec):
        raise TypeError(f"{model.__name__}: a callable default has no place in a bulk load")
    values = ((tuple(r.get(n, d) for n, _c, d in spec)) for r in rows)
    insert_rows(db, model._meta.table_name, [c for _n, c, _d in spec], values)


def insert_rows(
    db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``: the raw statement under
    ``insert`` (and the search index's text table, which has no model)."""
    marker = "?" if isinstance(db, SqliteDatabase) else "%s"
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join([marker] * len(columns))})'
    cursor = db.cursor()
    if isinstance(db, SqliteDatabase):
        cursor.executemany(sql, rows)
        return
    from psycopg2.extras import execute_batch

    execute_batch(cursor, sql, rows, page_size=1000)  # executemany: a round trip per row
    if "id" in columns:
        # explicit ids leave the table's sequence behind: the next ordinary insert would
        # be handed an id already taken
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
        )


def max_id(db: Database, table: str) -> int:
    row = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0])


def set_counter(db: Database, year: int, last_seq: int) -> None:
    db.execute_sql(f"DELETE FROM number_counter WHERE year = {int(year)}")
    db.execute_sql(
        f"INSERT INTO number_counter (year, last_seq) VALUES ({int(year)}, {int(last_seq)})"
    )


def analyze(db: Database) -> None:
    """Refresh the planner's statistics after a bulk load. In full: a sampled ANALYZE
    (``analysis_limit``) caps the rows per value it reports, so a column with few values
    (urgency, status) looks selective and the planner sorts every order where it should walk
    an index."""
    db.execute_sql("ANALYZE")


class deferred_indexes:
    """Drop the secondary indexes of ``tables`` for a bulk load and rebuild them afterwards
    (building an index once over sorted data is far cheaper than maintaining it row by row).
    With ``work_order`` among them the search index is not kept row by row either: the new
    orders are indexed in one pass at the end. Use inside the load's transaction, or call
    ``drop`` and ``rebuild``."""

    def __init__(self, db: Database, tables: Sequence[str]) -> None:
        self.db = db
        self.tables = tables
        self.saved: list[tuple[str, str]] = []
        self.search = "work_order" in tables and search_index.available(db)

    def drop(self) -> None:
        if not isinstance(self.db, SqliteDatabase):
            return
        if self.search:
            search_index.drop_triggers(self.db)
        marks = ", ".join("?" for _ in self.tables)
        rows = self.db.execute_sql(
            "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' "
            f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
            tuple(self.tables),
        ).fetchall()
        self.saved = [(name, sql) for name, sql, _table in rows]
        for name, _sql in self.saved:
            self.db.execute_sql(f'DROP INDEX "{name}"')

    def rebuild(self) -> None:
        """Recreate the dropped indexes and the search triggers; index the new orders."""
        if not isinstance(self.db, SqliteDatabase):
            return
        for _name, sql in self.saved:
            self.db.execute_sql(sql)
        self.saved = []
        if self.search:
            search_index.create_triggers(self.db)
            search_index.catch_up(self.db)

    def __enter__(self) -> deferred_indexes:
        self.drop()
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.rebuild()


def counters(db: Database) -> dict[int, int]:
    """Last order sequence per year."""
    rows = db.execute_sql("SELECT year, last_seq FROM number_counter").fetchall()
    return {int(y): int(s) for y, s in rows}


class unjournaled_load:
    """For filling a brand-new SQLite file only (``propdesk demo``): no journal, no syncs and
    no foreign key checks per row while loading (the generator writes consistent rows; the
    demo tests run ``foreign_key_check`` on what it wrote), then back to WAL with
    ``synchronous=FULL`` and foreign keys enforced. A crash mid-load leaves a half-built
    file, which the command removes and rebuilds; never use this on real data. Enter and
    leave it outside a transaction (SQLite ignores ``foreign_keys`` inside one)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __enter__(self) -> unjournaled_load:
        if isinstance(self.db, SqliteDatabase):
            self.fk = bool(self.db.execute_sql("PRAGMA foreign_keys").fetchone()[0])
            self.db.execute_sql("PRAGMA foreign_keys=OFF")
            self.db.execute_sql("PRAGMA journal_mode=OFF")
            self.db.execute_sql("PRAGMA synchronous=OFF")
            self.db.execute_sql("PRAGMA cache_size=-262144")
        return self

    def __exit__(self, *exc: object) -> None:
        if isinstance(self.db, SqliteDatabase):
            self.db.execute_sql("PRAGMA cache_size=-16000")
            self.db.execute_sql("PRAGMA synchronous=FULL")
            self.db.execute_sql("PRAGMA journal_mode=WAL")
            if self.fk:
                self.db.execute_sql("PRAGMA foreign_keys=ON")
