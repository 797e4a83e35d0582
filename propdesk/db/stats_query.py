"""The statistics' queries: order facts of a month in bulk and the long row lists of the
workbook (streamed from the cursor). The figures themselves are judged in
``propdesk.domain.kpi``; the tests cross-check them with plain SQL (``tests/db/kpi_sql.py``).

Queries are plain SQL with ``?`` markers (turned into ``%s`` on PostgreSQL); times are passed
as ``YYYY-MM-DD HH:MM:SS`` text, the form they are stored in on SQLite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from peewee import Database

from propdesk.domain.enums import AreaType
from propdesk.domain.kpi import LaterOrder, OrderFact
from propdesk.domain.records import DetailRow
from propdesk.domain.report_rows import OpenRow, PaidRow

from .models import Order
from .rows import field_names, record

#: Rows fetched from the cursor at a time while streaming.
FETCH = 2000
#: Ids per ``IN (...)`` list.
ID_CHUNK = 500


def stamp(dt: datetime) -> str:
    """A time as the SQL parameter text."""
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _sql(db: Database, sql: str) -> str:
    return sql if db.param == "?" else sql.replace("?", "%s")


def _rows(db: Database, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows of ``sql``, fetched from the cursor a batch at a time."""
    cursor = db.execute_sql(_sql(db, sql), tuple(params))
    while True:
        batch = cursor.fetchmany(FETCH)
        if not batch:
            return
        yield from batch


_LATEST_DISPATCH = (
    "LEFT JOIN dispatch d ON d.order_id = o.id "
    "AND d.seq = (SELECT MAX(x.seq) FROM dispatch x WHERE x.order_id = o.id)"
)
_MONTH = "o.received_at >= ? AND o.received_at < ?"
#: Where an order is: the unit's code for a home, else the typed location.
_PLACE = f"CASE WHEN o.area_type = '{AreaType.HOME.value}' THEN un.code ELSE o.location END"

# --- facts -----------------------------------------------------------------------------

_FACTS_SQL = f"""
SELECT o.id, o.kind, o.area_type, o.status, o.received_at, o.category_id, u.resolve_minutes,
       o.matter_type, o.unit_id, o.department_id, o.developer_warranty AS developer,
       o.appointment_at, d.dispatched_at, d.arrive_due_at, d.arrived_at, d.finished_at,
       d.result, o.completed_at, o.visited_at, o.satisfaction, o.paid, o.fee_status,
       o.total_fen, EXISTS (SELECT 1 FROM outsourcing s WHERE s.order_id = o.id) AS outsourced
FROM work_order o
JOIN urgency_level u ON u.id = o.urgency_id
{_LATEST_DISPATCH}
WHERE {_MONTH}
ORDER BY o.received_at, o.id
"""

_STAFF_SQL = f"""
SELECT d.order_id, ds.staff_id
FROM work_order o
JOIN dispatch d ON d.order_id = o.id
     AND d.seq = (SELECT MAX(x.seq) FROM dispatch x WHERE x.order_id = o.id)
JOIN dispatch_staff ds ON ds.dispatch_id = d.id
WHERE {_MONTH}
ORDER BY d.order_id, ds.staff_id
"""


def month_facts(db: Database, start: datetime, end: datetime) -> list[OrderFact]:
    """One ``OrderFact`` per order received in ``[start, end)``, in receipt order (two
    queries, whatever the number of orders)."""
    params = (stamp(start), stamp(end))
    staff: dict[int, list[int]] = defaultdict(list)
    for order_id, staff_id in _rows(db, _STAFF_SQL, params):
        staff[order_id].append(staff_id)
    no_staff: tuple[int, ...] = ()
    return [
        record(OrderFact, r, staff_ids=tuple(staff.get(r["id"], no_staff)))
        for r in _named(db, _FACTS_SQL, params)
    ]


def later_orders(db: Database, since: datetime, until: datetime) -> list[LaterOrder]:
    """Orders of a unit, not cancelled, received in ``[since, until]``: the candidates for
    返修 follow-ups."""
    sql = """
    SELECT o.id, o.unit_id, o.category_id, o.received_at FROM work_order o
    WHERE o.unit_id IS NOT NULL AND o.status <> 'cancelled'
      AND o.received_at >= ? AND o.received_at <= ?
    """
    return [record(LaterOrder, r) for r in _named(db, sql, (stamp(since), stamp(until)))]


# --- 明细 ------------------------------------------------------------------------------

#: The 明细 values that are not the order's column of the same name (``o``), by name.
_DETAIL_DERIVED = {
    "receiver_name": "r.display_name",
    "unit_code": "un.code",
    "urgency_name": "u.name",
    "developer": "o.developer_warranty",
    "department_name": "dep.name",
    "dispatched_at": "d.dispatched_at",
    "arrive_due_at": "d.arrive_due_at",
    "arrived_at": "d.arrived_at",
    "result": "d.result",
    "incomplete_reason": """(SELECT z.incomplete_reason FROM dispatch z
         WHERE z.order_id = o.id AND z.result = 'not_done' ORDER BY z.seq DESC LIMIT 1)""",
    "visit_method": "v.method",
    "opinion": "v.opinion",
    "category_path": "o.category_id",  # the path is looked up by id (``_detail``)
}


def _detail_select() -> str:
    """Every ``DetailRow`` field, by name: its ``_DETAIL_DERIVED`` value or the order's column
    of that name."""
    columns = {f.column_name for f in Order._meta.sorted_fields}
    names = field_names(DetailRow)
    missing = [n for n in names if n not in _DETAIL_DERIVED and n not in columns]
    assert not missing, f"DetailRow fields with no source: {missing}"
    values = ",\n       ".join(f'{_DETAIL_DERIVED.get(n, f"o.{n}")} AS "{n}"' for n in names)
    return f"""
SELECT {values}
FROM work_order o
JOIN "user" r ON r.id = o.receiver_id
JOIN urgency_level u ON u.id = o.urgency_id
LEFT JOIN unit un ON un.id = o.unit_id
LEFT JOIN department dep ON dep.id = o.department_id
{_LATEST_DISPATCH}
LEFT JOIN visit v ON v.id = (SELECT y.id FROM visit y WHERE y.order_id = o.id
                             ORDER BY y.visited_at DESC, y.id DESC LIMIT 1)
"""


def _detail(r: dict[str, Any], paths: dict[int, str]) -> DetailRow:
    completed = _dt(r["completed_at"])
    visited = _dt(r["visited_at"])
    # a visit counts for the current completion only (an unhappy visit that reopened the
    # order belongs to the earlier one)
    visit_applies = visited is not None and completed is not None and visited >= completed
    given: dict[str, Any] = {"category_path": paths.get(r["category_path"], "")}
    if not visit_applies:
        given.update(visited_at=None, visit_method=None, satisfaction=None, opinion="")
    return record(DetailRow, r, **given)


def _named(db: Database, sql: str, params: Sequence[Any]) -> Iterator[dict[str, Any]]:
    """``_rows`` as dicts by column name."""
    cursor = db.execute_sql(_sql(db, sql), tuple(params))
    names = [d[0] for d in cursor.description]
    while True:
        batch = cursor.fetchmany(FETCH)
        if not batch:
            return
        for t in batch:
            yield dict(zip(names, t, strict=True))


def month_detail_rows(
    db: Database, start: datetime, end: datetime, paths: dict[int, str]
) -> Iterator[DetailRow]:
    """Every order received in ``[start, end)`` as a 明细 line, streamed in receipt order."""
    sql = f"{_detail_select()} WHERE {_MONTH} ORDER BY o.received_at, o.id"
    for r in _named(db, sql, (stamp(start), stamp(end))):
        yield _detail(r, paths)


def detail_rows_by_ids(
    db: Database, ids: Sequence[int], paths: dict[int, str]
) -> Iterator[DetailRow]:
    """明细 lines of ``ids``, in the order given (fetched ``ID_CHUNK`` at a time)."""
    for i in range(0, len(ids), ID_CHUNK):
        chunk = list(ids[i : i + ID_CHUNK])
        marks = ", ".join("?" for _ in chunk)
        sql = f"{_detail_select()} WHERE o.id IN ({marks})"
        found = {r["id"]: r for r in _named(db, sql, chunk)}
        for oid in chunk:
            if oid in found:
                yield _detail(found[oid], paths)


def month_count(db: Database, start: datetime, end: datetime) -> int:
    sql = f"SELECT COUNT(*) FROM work_order o WHERE {_MONTH}"
    return int(db.execute_sql(_sql(db, sql), (stamp(start), stamp(end))).fetchone()[0])


# --- 有偿服务登记表 ----------------------------------------------------------------------

_PAID_WHERE = f"{_MONTH} AND o.paid AND o.status <> 'cancelled'"


def paid_count(db: Database, start: datetime, end: datetime) -> int:
    sql = f"SELECT COUNT(*) FROM work_order o WHERE {_PAID_WHERE}"
    return int(db.execute_sql(_sql(db, sql), (stamp(start), stamp(end))).fetchone()[0])


def paid_rows(db: Database, start: datetime, end: datetime) -> Iterator[PaidRow]:
    """Paid (有偿) orders of the month that are not cancelled, with their material names."""
    params = (stamp(start), stamp(end))
    items: dict[int, list[str]] = defaultdict(list)
    msql = f"""
    SELECT m.order_id, m.name FROM material_line m JOIN work_order o ON o.id = m.order_id
    WHERE {_PAID_WHERE} ORDER BY m.order_id, m.line_no
    """
    for order_id, name in _rows(db, msql, params):
        items[order_id].append(name)
    sql = f"""
    SELECT o.id, o.number, o.received_at, {_PLACE} AS place, o.caller_name, o.phone,
           o.work_done, o.staff_names, o.status, o.completed_at, o.labour_fen,
           o.material_fen, o.total_fen, o.fee_status, o.fee_paid_at, o.receipt_no, o.fee_note
    FROM work_order o LEFT JOIN unit un ON un.id = o.unit_id
    WHERE {_PAID_WHERE} ORDER BY o.received_at, o.id
    """
    for r in _named(db, sql, params):
        names = "、".join(items.get(r["id"], ()))
        work = r["work_done"] or ""
        yield record(
            PaidRow, r, items=f"{work}；材料：{names}" if names and work else names or work
        )


# --- 未完成工单 --------------------------------------------------------------------------

_OPEN_WHERE = (
    "o.received_at < ? AND (o.completed_at IS NULL OR o.completed_at >= ?) "
    "AND (o.cancelled_at IS NULL OR o.cancelled_at >= ?)"
)


def open_count(db: Database, cutoff: datetime) -> int:
    sql = f"SELECT COUNT(*) FROM work_order o WHERE {_OPEN_WHERE}"
    c = stamp(cutoff)
    return int(db.execute_sql(_sql(db, sql), (c, c, c)).fetchone()[0])


def open_rows(db: Database, cutoff: datetime, paths: dict[int, str]) -> Iterator[OpenRow]:
    """Orders received before ``cutoff`` and neither completed nor cancelled by then, oldest
    first, with their age in whole days at ``cutoff``."""
    sql = f"""
    SELECT o.number, o.received_at, o.kind, {_PLACE} AS place, o.caller_name, o.phone,
           o.category_id, u.name AS urgency_name, o.description, o.status, o.staff_names,
           dep.name AS department_name
    FROM work_order o
    JOIN urgency_level u ON u.id = o.urgency_id
    LEFT JOIN unit un ON un.id = o.unit_id
    LEFT JOIN department dep ON dep.id = o.department_id
    WHERE {_OPEN_WHERE}
    ORDER BY o.received_at, o.id
    """
    c = stamp(cutoff)
    for r in _named(db, sql, (c, c, c)):
        received = _dt(r["received_at"])
        assert received is not None
        yield record(
            OpenRow,
            r,
            category_path=paths.get(r["category_id"], ""),
            age_days=(cutoff - received).days,
        )
