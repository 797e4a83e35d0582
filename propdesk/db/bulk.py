"""Bulk loading for generated or imported data: raw ``executemany`` in the caller's
transaction (peewee's ``insert_many`` measured 17× slower for 200k rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from peewee import Database, SqliteDatabase

from . import search_index


def insert_rows(
    db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``."""
    marker = "?" if isinstance(db, SqliteDatabase) else "%s"
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join([marker] * len(columns))})'
    cursor = db.cursor()
    cursor.executemany(sql, rows)


def max_id(db: Database, table: str) -> int:
    row = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0])


def set_counter(db: Database, year: int, last_seq: int) -> None:
    db.execute_sql(f"DELETE FROM number_counter WHERE year = {int(year)}")
    db.execute_sql(
        f"INSERT INTO number_counter (year, last_seq) VALUES ({int(year)}, {int(last_seq)})"
    )


def analyze(db: Database) -> None:
    """Refresh the planner's statistics after a bulk load."""
    db.execute_sql("ANALYZE")


class deferred_indexes:
    """Drop the secondary indexes of ``tables`` for a bulk load and rebuild them afterwards
    (building an index once over sorted data is far cheaper than maintaining it row by row).
    With ``work_order`` among them the search index is not kept row by row either: the new
    orders are indexed in one pass at the end. Use inside the load's transaction."""

    def __init__(self, db: Database, tables: Sequence[str]) -> None:
        self.db = db
        self.tables = tables
        self.saved: list[tuple[str, str]] = []
        self.search = "work_order" in tables and search_index.available(db)

    def __enter__(self) -> deferred_indexes:
        if not isinstance(self.db, SqliteDatabase):
            return self
        if self.search:
            search_index.drop_triggers(self.db)
        marks = ", ".join("?" for _ in self.tables)
        self.saved = [
            (name, sql)
            for name, sql in self.db.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                tuple(self.tables),
            ).fetchall()
        ]
        for name, _sql in self.saved:
            self.db.execute_sql(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None and isinstance(self.db, SqliteDatabase):
            for _name, sql in self.saved:
                self.db.execute_sql(sql)
            if self.search:
                search_index.create_triggers(self.db)
                search_index.catch_up(self.db)


def counters(db: Database) -> dict[int, int]:
    """Last order sequence per year."""
    rows = db.execute_sql("SELECT year, last_seq FROM number_counter").fetchall()
    return {int(y): int(s) for y, s in rows}


class unjournaled_load:
    """For filling a brand-new SQLite file only (``propdesk demo``): no journal and no syncs
    while loading, then back to WAL with ``synchronous=FULL``. A crash mid-load leaves a
    half-built file, which the command removes and rebuilds; never use this on real data."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __enter__(self) -> unjournaled_load:
        if isinstance(self.db, SqliteDatabase):
            self.db.execute_sql("PRAGMA journal_mode=OFF")
            self.db.execute_sql("PRAGMA synchronous=OFF")
            self.db.execute_sql("PRAGMA cache_size=-262144")
        return self

    def __exit__(self, *exc: object) -> None:
        if isinstance(self.db, SqliteDatabase):
            self.db.execute_sql("PRAGMA cache_size=-16000")
            self.db.execute_sql("PRAGMA synchronous=FULL")
            self.db.execute_sql("PRAGMA journal_mode=WAL")
