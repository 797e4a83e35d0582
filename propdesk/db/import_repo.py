"""Writes of the Excel import: units and past orders in bulk (``executemany``), in the
caller's transaction. Imported orders get their timeline from ``derived_events`` and their
返修 mark from the same rule as intake, in SQL."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from peewee import Database, SqliteDatabase

from . import bulk
from .derived_events import derive_events
from .models import AuditLog, Dispatch, DispatchStaff, MaterialLineRow, Order, Unit, Visit

#: What an order load writes.
LOAD_TABLES = ("work_order", "dispatch", "dispatch_staff", "material_line", "visit", "order_event")


def _marks(db: Database, n: int) -> str:
    m = "?" if isinstance(db, SqliteDatabase) else "%s"
    return ", ".join([m] * n)


def _param(db: Database) -> str:
    return "?" if isinstance(db, SqliteDatabase) else "%s"


# --- units -------------------------------------------------------------------------------


def units_by_code(db: Database, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored units among ``codes``: code -> column values."""
    out: dict[str, dict[str, Any]] = {}
    codes = list(dict.fromkeys(codes))
    for i in range(0, len(codes), 500):
        chunk = codes[i : i + 500]
        cur = db.execute_sql(
            "SELECT id, code, building, entrance, room, owner_name, phone, phone2, note, active "
            f"FROM unit WHERE code IN ({_marks(db, len(chunk))})",
            tuple(chunk),
        )
        cols = [c[0] for c in cur.description]
        for row in cur.fetchall():
            rec = dict(zip(cols, row, strict=True))
            out[rec["code"]] = rec
    return out


def insert_units(db: Database, rows: Sequence[Mapping[str, Any]]) -> None:
    """Units by field name (``bulk.insert``)."""
    bulk.insert(db, Unit, rows)


def update_units(db: Database, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each row: the unit's ``id`` and the fields to set (made active again)."""
    for r in rows:
        values = {k: v for k, v in r.items() if k != "id"}
        Unit.update(**values, active=True).where(Unit.id == r["id"]).execute()


def insert_audit(db: Database, rows: Sequence[Mapping[str, Any]]) -> None:
    bulk.insert(db, AuditLog, rows)


# --- orders ------------------------------------------------------------------------------


def existing_numbers(db: Database, numbers: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(numbers), 500):
        chunk = list(numbers[i : i + 500])
        cur = db.execute_sql(
            f"SELECT number FROM work_order WHERE number IN ({_marks(db, len(chunk))})",
            tuple(chunk),
        )
        found.update(r[0] for r in cur.fetchall())
    return found


def last_sequences(db: Database, years: Iterable[int]) -> dict[int, int]:
    """The highest sequence used or counted per year: the counter, or the largest stored
    number of that year, whichever is higher."""
    counters = bulk.counters(db)
    out = {}
    p = _param(db)
    for year in set(years):
        row = db.execute_sql(
            f"SELECT MAX(number) FROM work_order WHERE number LIKE {p}", (f"{year}%",)
        ).fetchone()
        stored = int(row[0][4:]) if row and row[0] and row[0][4:].isdigit() else 0
        out[year] = max(counters.get(year, 0), stored)
    return out


def next_ids(db: Database) -> tuple[int, int]:
    """The last ids of work_order and dispatch (imported rows take the ones after)."""
    return bulk.max_id(db, "work_order"), bulk.max_id(db, "dispatch")


def insert_orders(
    db: Database,
    orders: Iterable[Mapping[str, Any]],
    dispatches: Iterable[Mapping[str, Any]],
    dispatch_staff: Iterable[Mapping[str, Any]],
    materials: Iterable[Mapping[str, Any]],
    visits: Iterable[Mapping[str, Any]],
    first_order_id: int,
    rework_days: int,
    judge_rework: Sequence[int] = (),
    defer_indexes: bool | None = None,
) -> None:
    """Insert the orders (ids above ``first_order_id``) with their dispatches, staff links,
    material lines and visits; derive their timelines, and the 返修 marks of
    ``judge_rework``. Rows by field name (``bulk.insert``).

    A load at least as large as what is stored (a new database filled from a ledger, the
    demo) drops the tables' indexes and search triggers and builds them once afterwards:
    keeping them row by row took most of a 20,000-order import's 10 s budget.
    ``defer_indexes`` decides it instead (a caller that loads in batches defers once)."""
    orders = list(orders)
    defer = defer_indexes
    if defer is None:  # ids up to first_order_id are stored
        defer = len(orders) >= max(first_order_id, 1000)
    with bulk.deferred_indexes(db, LOAD_TABLES) if defer else contextlib.nullcontext():
        bulk.insert(db, Order, orders)
        bulk.insert(db, Dispatch, dispatches)
        bulk.insert(db, DispatchStaff, dispatch_staff)
        bulk.insert(db, MaterialLineRow, materials)
        bulk.insert(db, Visit, visits)
        derive_events(db, first_order_id)
    mark_rework(db, judge_rework, rework_days)
    if not isinstance(db, SqliteDatabase):
        for table in ("work_order", "dispatch"):
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )


def mark_rework(db: Database, order_ids: Sequence[int], days: int) -> None:
    """返修 as intake means it: an earlier order of the same unit and category was completed
    within ``days`` days before this one was received."""
    p = _param(db)
    if isinstance(db, SqliteDatabase):
        window = f"datetime(o.received_at, '-' || {p} || ' days')"
        # the unit's orders, whatever the planner's statistics say (without them it may walk
        # the completion times instead: 18 s instead of 1 s for 20,000 orders)
        earlier = 'work_order e INDEXED BY "work_order_unit_id_location"'
    else:
        window = f"o.received_at - ({p} * INTERVAL '1 day')"
        earlier = "work_order e"
    for i in range(0, len(order_ids), 500):
        chunk = list(order_ids[i : i + 500])
        db.execute_sql(
            f"""UPDATE work_order AS o SET is_rework = EXISTS (
                  SELECT 1 FROM {earlier}
                  WHERE e.unit_id = o.unit_id AND e.category_id = o.category_id
                    AND e.id <> o.id AND e.completed_at IS NOT NULL
                    AND e.completed_at <= o.received_at AND e.completed_at >= {window})
                WHERE o.id IN ({_marks(db, len(chunk))})""",
            (days, *chunk),
        )


def set_counters(db: Database, last: dict[int, int]) -> None:
    for year, seq in last.items():
        bulk.set_counter(db, year, seq)
