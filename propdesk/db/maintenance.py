"""Database checks used at start-up and by ``propdesk check``."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database

from .connection import is_sqlite
from .migrations import SCHEMA_VERSION, current_version


@dataclass(frozen=True)
class CheckReport:
    schema_version: int
    program_version: int
    integrity: tuple[str, ...]  # ("ok",) when sound
    foreign_key_errors: int
    orders: int

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and self.foreign_key_errors == 0


def check(db: Database, quick: bool = False) -> CheckReport:
    """Schema version, integrity (SQLite: integrity_check or quick_check) and FK check."""
    integrity: tuple[str, ...] = ("ok",)
    fk = 0
    if is_sqlite(db):
        pragma = "quick_check" if quick else "integrity_check"
        integrity = tuple(r[0] for r in db.execute_sql(f"PRAGMA {pragma}").fetchall())
        fk = len(db.execute_sql("PRAGMA foreign_key_check").fetchall())
    orders = int(db.execute_sql("SELECT COUNT(*) FROM work_order").fetchone()[0])
    return CheckReport(current_version(db), SCHEMA_VERSION, integrity, fk, orders)
