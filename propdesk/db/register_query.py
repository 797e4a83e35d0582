"""The registers' queries: filter, sort and keyset-page orders as ``OrderRow`` records.

Filtering and sorting happen in SQL, never over every order in Python, and a page costs the
same on page 1 and page 1,000 (keyset paging: rows after the last one seen, never OFFSET).

How a page is found (SQLite; PostgreSQL plans for itself and always takes the plain query):

- The default order (newest first) is one plain query: the ``received_at`` index, or a
  ``(filter column, received_at)`` index, gives the rows in order and the scan stops at the
  page's end.
- Any other order first asks whether the filter keeps few rows (``PROBE_LIMIT``, counted with
  a bounded query). Few: the same plain query, its sort forced to run after filtering
  (unary ``+`` keeps the planner off the sort key's index, which would walk every order to
  find a handful). Many: the ids of the page are found by walking the sort key's index
  (``INDEXED BY``), or for a key that lives in another table (category, urgency, department,
  unit code) by walking that small table in sort order and each of its orders by id
  (``CROSS JOIN`` fixes the join order); then the page's rows are read by id.
- Searching uses the search index (``search_index``) on SQLite, ``LIKE``/``ILIKE`` elsewhere.
"""

from __future__ import annotations

import heapq
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import reduce
from typing import Any

from peewee import JOIN, SQL, Case, Expression, NodeList, fn

from propdesk.domain.enums import CLOSED_STATUSES, AreaType
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.records import OrderRow

from . import search_index
from .connection import is_sqlite
from .models import (
    CLOSED_STATES_SQL,
    Category,
    Department,
    Dispatch,
    DispatchStaff,
    Order,
    Unit,
    UrgencyLevel,
    current_database,
)
from .rows import field_names, record

CLOSED_STATES = [s.value for s in CLOSED_STATUSES]
#: The sort value of orders without a deadline (they come after every deadline).
FAR_FUTURE = "9999-12-31 00:00:00"
#: Filters keeping at most this many orders are sorted after filtering (looking up 10,000
#: orders and sorting their keys takes a few milliseconds); larger ones are read in order
#: along the sort key's index.
PROBE_LIMIT = 10_000
#: The alias of a page's sort value (the keyset of the next page).
SORT_KEY = "sort_key"

After = tuple[object, int]


def _sort_expr(key: str) -> Any:
    """The sort value of ``key`` in the plain query (over the joined tables)."""
    return {
        "received_at": Order.received_at,
        "number": Order.number,
        "status": Order.status,
        "due_at": fn.COALESCE(Order.due_at, SQL(f"'{FAR_FUTURE}'")),
        "caller_name": Order.caller_name,
        "place": fn.COALESCE(Unit.code, Order.location),
        "category": Category.name,
        "urgency": UrgencyLevel.sort,
        "department": fn.COALESCE(Department.name, SQL("''")),
        "total_fen": Order.total_fen,
    }[key]


# --- conditions -------------------------------------------------------------------------


def _indexed_search(db: Any) -> bool:
    return is_sqlite(db) and search_index.available(db)


def search_condition(text: str, counting: bool = False, by_date: bool = True) -> Expression | None:
    """Substring match over number, unit code, location, caller, phone, description and
    备注. ``by_date``: for a page in date order, whose orders a broad query checks one by one
    along the date index (``search_index.is_broad``). In another order only a 1–2 character
    query does so; a longer one's matches are looked up (walking would read every order:
    2,434 matches sorted by caller took 70–100 ms instead of 27 ms)."""
    text = text.strip()
    if not text:
        return None
    db = current_database()
    if _indexed_search(db):
        short = len(search_index.normalize(text)) < 3
        walk = not counting and (by_date or short) and search_index.is_broad(db, text)
        return search_index.condition(Order.id, text, walk=walk)
    return (
        Order.number.contains(text)
        | Order.caller_name.contains(text)
        | Order.phone.contains(text)
        | Order.location.contains(text)
        | Order.description.contains(text)
        | Order.remark.contains(text)
        | Order.unit.in_(Unit.select(Unit.id).where(Unit.code.contains(text)))
    )


def _category_subtree(category_id: int) -> Any:
    """Ids of the category and every category below it, as a subquery (one round trip)."""
    base = (
        Category.select(Category.id)
        .where(Category.id == category_id)
        .cte("category_subtree", recursive=True, columns=("id",))
    )
    child = Category.alias()
    tree = base.union_all(child.select(child.id).join(base, on=(child.parent == base.c.id)))
    return tree.select_from(tree.c.id)


def _staff_condition(staff_id: int) -> Any:
    """Orders any dispatch of which named ``staff_id``: checked per order (the register walks
    orders newest first and stops at the page's end)."""
    d = Dispatch.alias()
    ds = DispatchStaff.alias()
    sub = (
        d.select(SQL("1"))
        .join(ds, on=(ds.dispatch == d.id))
        .where((d.order == Order.id) & (ds.staff == staff_id))
    )
    return fn.EXISTS(sub)


def _staff_orders(staff_id: int) -> Expression:
    sub = (
        Dispatch.select(Dispatch.order)
        .join(DispatchStaff, on=(DispatchStaff.dispatch == Dispatch.id))
        .where(DispatchStaff.staff == staff_id)
    )
    return Order.id.in_(sub)


def conditions(
    f: OrderFilter, now: datetime, counting: bool = False, walking: str = "", by_date: bool = True
) -> list[Expression]:
    """The filter as conditions on the order table. ``counting``: for a count, which visits
    every match anyway (a technician's orders as one list instead of a check per order).
    ``walking``: the foreign key a walk joins on (its filter must not pick the index: the
    walk reads that index in its own order). ``by_date``: for a page in date order (see
    ``search_condition``)."""
    conds: list[Expression] = []

    def col(name: str) -> Any:
        field = getattr(Order, name)
        return _plus(field) if name == walking else field

    if f.date_from:
        conds.append(Order.received_at >= datetime.combine(f.date_from, time.min))
    if f.date_to:
        conds.append(Order.received_at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    if f.statuses:
        conds.append(Order.status.in_([s.value for s in f.statuses]))
    if f.open_only:
        # word for word the condition of the partial index of open orders (work_order_open)
        conds.append(Order.status.not_in(SQL(CLOSED_STATES_SQL)))
    if f.kind:
        conds.append(Order.kind == f.kind.value)
    if f.area_type:
        conds.append(Order.area_type == f.area_type.value)
    if f.category_id:
        conds.append(col("category").in_(_category_subtree(f.category_id)))
    if f.department_id:
        conds.append(col("department") == f.department_id)
    if f.urgency_id:
        conds.append(col("urgency") == f.urgency_id)
    if f.unit_id:
        conds.append(col("unit") == f.unit_id)
    if f.paid_only:
        conds.append(Order.paid == True)  # noqa: E712
    if f.fee_status:
        conds.append(Order.fee_status == f.fee_status.value)
    if f.overdue:
        conds.append(Order.due_at < now)
    if f.staff_id:
        conds.append(_staff_orders(f.staff_id) if counting else _staff_condition(f.staff_id))
    search = search_condition(f.search, counting, by_date)
    if search is not None:
        conds.append(search)
    return conds


# --- rows -------------------------------------------------------------------------------

#: The values of an ``OrderRow`` that are not columns of the order of the same name.
_DERIVED: dict[str, Any] = {
    "place": Case(
        None,
        [(Order.area_type == SQL(f"'{AreaType.HOME.value}'"), fn.COALESCE(Unit.code, SQL("''")))],
        Order.location,
    ),
    "category_name": Category.name,
    "urgency_name": UrgencyLevel.name,
    "department_name": Department.name,
}


def _row_fields() -> list[Any]:
    """What a register row selects: every ``OrderRow`` field, by name — the order's column of
    that name, or its ``_DERIVED`` value."""
    return [
        (_DERIVED[name] if name in _DERIVED else getattr(Order, name)).alias(name)
        for name in field_names(OrderRow)
    ]


def _joined(fields: Sequence[Any]) -> Any:
    return (
        Order.select(*fields)
        .join(Category, on=(Order.category == Category.id))
        .switch(Order)
        .join(UrgencyLevel, on=(Order.urgency == UrgencyLevel.id))
        .switch(Order)
        .join(Department, JOIN.LEFT_OUTER, on=(Order.department == Department.id))
        .switch(Order)
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
    )


def _fetch(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows of ``sql`` as dicts by column name."""
    cursor = current_database().execute_sql(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, t, strict=True)) for t in cursor.fetchall()]


def _rows(q: Any) -> list[OrderRow]:
    return [record(OrderRow, r) for r in _fetch(*q.sql())]


# --- pages ------------------------------------------------------------------------------


def page(
    f: OrderFilter, sort: Sort, req: PageRequest, now: datetime
) -> tuple[list[OrderRow], After | None]:
    """One page of rows in sort order after ``req.after``; returns the rows and the key to
    pass as ``after`` for the next page (``None`` at the end)."""
    by_date = sort.key == "received_at" or not is_sqlite(current_database())
    where = _where(f, now, by_date=by_date)
    if by_date:
        return _plain_page(where, sort, req, few=False)
    if _at_most(where, PROBE_LIMIT):
        return _plain_page(where, sort, req, few=True)
    walking = _KEY_FK.get(sort.key, "")
    return _walked_page(f, _where(f, now, walking=walking, by_date=False), sort, req)


def _plus(expr: Any) -> Any:
    """``+expr``: the same value, but SQLite will not use an index to produce its order."""
    return NodeList((SQL("+"), expr), glue="")


#: Per sort key: the join its value needs (alias ``"k"``) and the value's SQL, over the
#: order table ``"t1"`` — for picking a page's ids.
_KEY_SQL: dict[str, tuple[str, str]] = {
    "received_at": ("", '"t1"."received_at"'),
    "number": ("", '"t1"."number"'),
    "status": ("", '"t1"."status"'),
    "due_at": ("", f'COALESCE("t1"."due_at", \'{FAR_FUTURE}\')'),
    "caller_name": ("", '"t1"."caller_name"'),
    "total_fen": ("", '"t1"."total_fen"'),
    "place": (
        ' LEFT JOIN "unit" AS "k" ON "k"."id" = "t1"."unit_id"',
        'COALESCE("k"."code", "t1"."location")',
    ),
    "category": (' JOIN "category" AS "k" ON "k"."id" = "t1"."category_id"', '"k"."name"'),
    "urgency": (' JOIN "urgency_level" AS "k" ON "k"."id" = "t1"."urgency_id"', '"k"."sort"'),
    "department": (
        ' LEFT JOIN "department" AS "k" ON "k"."id" = "t1"."department_id"',
        'COALESCE("k"."name", \'\')',
    ),
}
_KEY_FK = {"category": "category", "urgency": "urgency", "department": "department",
           "place": "unit"}  # fmt: skip


def _plain_page(
    where: tuple[str, list[Any]], sort: Sort, req: PageRequest, few: bool
) -> tuple[list[OrderRow], After | None]:
    """One query: the page's ids picked in a narrow subquery over the order table (filter,
    keyset, order, limit — a sort holds only keys and ids), then only those rows read with
    their joined names. ``few``: the filter keeps few orders (``_at_most``); they are found
    first, with the filter's best index and no thought of the order (the planner, knowing
    only average counts per value, would otherwise walk the sort key's index past every
    order to find them), then looked up by id and sorted."""
    db = current_database()
    p = db.param
    cond, params = where
    join, key = _KEY_SQL[sort.key]
    direction = "DESC" if sort.descending else "ASC"
    if few:
        cond = f'"t1"."id" IN (SELECT "t1"."id" FROM "work_order" AS "t1" WHERE {cond})'
        key, order_id = f"+{key}", '+"t1"."id"'
    else:
        order_id = '"t1"."id"'
    args = list(params)
    if req.after is not None:
        cond += f" AND ({key}, {order_id}) {'<' if sort.descending else '>'} ({p}, {p})"
        args += [req.after[0], req.after[1]]
    ids = (
        f'SELECT "t1"."id" FROM "work_order" AS "t1"{join} WHERE {cond} '
        f"ORDER BY {key} {direction}, {order_id} {direction} LIMIT {p}"
    )
    args.append(req.limit + 1)
    prefix, prefix_params = _joined([*_row_fields(), _sort_expr(sort.key).alias(SORT_KEY)]).sql()
    sql = (
        f'{prefix} WHERE "t1"."id" IN ({ids}) '
        f'ORDER BY "{SORT_KEY}" {direction}, "t1"."id" {direction}'
    )
    found = _fetch(sql, [*prefix_params, *args])
    more = len(found) > req.limit
    found = found[: req.limit]
    rows = [record(OrderRow, r) for r in found]
    next_key = (found[-1][SORT_KEY], found[-1]["id"]) if more and found else None
    return rows, next_key


_NO_CONDITIONS = "1 = 1"


def _where_sql(conds: list[Expression]) -> tuple[str, list[Any]]:
    """The conditions as SQL over ``"t1"`` (the order table) and their parameters."""
    if not conds:
        return _NO_CONDITIONS, []
    sql, params = Order.select(Order.id).where(reduce(operator.and_, conds)).sql()
    return sql.split(" WHERE ", 1)[1], list(params)


def _where(
    f: OrderFilter, now: datetime, counting: bool = False, walking: str = "", by_date: bool = True
) -> tuple[str, list[Any]]:
    """``conditions(f, now, counting, walking, by_date)`` as SQL over ``"t1"`` and its
    parameters."""
    return _where_sql(conditions(f, now, counting, walking, by_date))


def _at_most(where: tuple[str, list[Any]], limit: int) -> bool:
    """Whether the filter keeps at most ``limit`` orders (counting no further)."""
    cond, params = where
    db = current_database()
    n = db.execute_sql(
        f'SELECT COUNT(*) FROM (SELECT 1 FROM "work_order" AS "t1" WHERE {cond} LIMIT ?)',
        (*params, limit + 1),
    ).fetchone()[0]
    return int(n) <= limit


@dataclass(frozen=True)
class _Arm:
    """One ordered stream of (sort value, order id) for a sort key: ``source`` is the FROM
    clause (the order table is ``"t1"``), ``value`` the sort value's SQL, ``where`` a
    condition of the stream. ``constant`` is set when every row of the stream shares one
    sort value (then the stream is ordered by id alone). ``unique`` is a query telling
    whether the walked small table's values are all different: then its id joins the order
    and no block of equal values needs sorting. ``empty_for`` tells from the filter that
    the stream is empty (it is then not read: reading would pass over all of it)."""

    source: str
    value: str
    where: str = "1"
    constant: object = None
    unique: str = ""
    empty_for: Callable[[OrderFilter], bool] = lambda f: False


def _order_index(name: str) -> str:
    return f'"work_order" AS "t1" INDEXED BY "{name}"'


def _cross(table: str, column: str, fk: str, index: str) -> str:
    """The small table ``table`` (alias ``"sk"``) walked first along its index of the sort
    ``column``, the orders of each of its rows after it."""
    return (
        f'"{table}" AS "sk" INDEXED BY "{table}_{column}" '
        f'CROSS JOIN {_order_index(index)} ON "t1"."{fk}" = "sk"."id"'
    )


def _distinct(table: str, column: str) -> str:
    return f'SELECT COUNT(*) = COUNT(DISTINCT "{column}") FROM "{table}"'


#: The streams each sort key is read from when the filter keeps many orders.
_ARMS: dict[str, tuple[_Arm, ...]] = {
    "number": (_Arm(_order_index("work_order_number"), '"t1"."number"'),),
    "status": (_Arm(_order_index("work_order_status"), '"t1"."status"'),),
    "caller_name": (_Arm(_order_index("work_order_caller_name"), '"t1"."caller_name"'),),
    "total_fen": (_Arm(_order_index("work_order_total_fen"), '"t1"."total_fen"'),),
    "due_at": (
        _Arm(_order_index("work_order_due_at"), '"t1"."due_at"', '"t1"."due_at" IS NOT NULL'),
        _Arm(
            _order_index("work_order_due_at"),
            "",
            '"t1"."due_at" IS NULL',
            FAR_FUTURE,
            empty_for=lambda f: f.overdue,
        ),
    ),
    "place": (
        _Arm(_cross("unit", "code", "unit_id", "work_order_unit_id_location"), '"sk"."code"'),
        _Arm(
            _order_index("work_order_unit_id_location"),
            '"t1"."location"',
            '"t1"."unit_id" IS NULL',
            # common areas have no unit: one unit, or homes only, leave them out
            empty_for=lambda f: bool(f.unit_id) or f.area_type is AreaType.HOME,
        ),
    ),
    "category": (
        _Arm(
            _cross("category", "name", "category_id", "work_order_category_id"),
            '"sk"."name"',
            unique=_distinct("category", "name"),
        ),
    ),
    "urgency": (
        _Arm(
            _cross("urgency_level", "sort", "urgency_id", "work_order_urgency_id"),
            '"sk"."sort"',
            unique=_distinct("urgency_level", "sort"),
        ),
    ),
    "department": (
        # department names are unique (a unique index the planner knows)
        _Arm(
            _cross("department", "name", "department_id", "work_order_department_id"), '"sk"."name"'
        ),
        _Arm(
            _order_index("work_order_department_id"),
            "",
            '"t1"."department_id" IS NULL',
            "",
            empty_for=lambda f: bool(f.department_id),
        ),
    ),
}


def _arm_rows(
    arm: _Arm, where: str, params: list[Any], descending: bool, after: After | None, n: int
) -> list[tuple[Any, int]]:
    """Up to ``n`` (value, id) of ``arm`` after ``after`` in sort order."""
    db = current_database()
    direction = "DESC" if descending else "ASC"
    beyond = "<" if descending else ">"

    def run(extra: str, extra_params: Sequence[Any], order: str) -> list[tuple[Any, int]]:
        sql = (
            f'SELECT {arm.value or "NULL"}, "t1"."id" FROM {arm.source} '
            f"WHERE ({where}) AND ({arm.where}) AND ({extra}) ORDER BY {order} LIMIT ?"
        )
        found = db.execute_sql(sql, (*params, *extra_params, n)).fetchall()
        if arm.value:
            return [(v, i) for v, i in found]
        return [(arm.constant, i) for _v, i in found]

    by_id = f'"t1"."id" {direction}'
    if arm.unique and db.execute_sql(arm.unique).fetchone()[0]:
        # one small-table row per value: ordering by its id too lets the index give the order
        by_id = f'"sk"."id" {direction}, {by_id}'
    by_value = f"{arm.value} {direction}, {by_id}" if arm.value else by_id
    if after is None:
        return run("1", (), by_value)
    value, last_id = after
    if not arm.value:  # one value for the whole stream
        if value == arm.constant:
            return run(f'"t1"."id" {beyond} ?', (last_id,), by_id)
        later = (arm.constant < value) if descending else (arm.constant > value)  # type: ignore[operator]
        return run("1", (), by_id) if later else []
    # the rest of the last row's value (an index seek by id), then the values after it
    rows = run(f'{arm.value} = ? AND "t1"."id" {beyond} ?', (value, last_id), by_id)
    if len(rows) < n:
        rows += run(f"{arm.value} {beyond} ?", (value,), by_value)[: n - len(rows)]
    return rows


def _stored(value: object) -> object:
    """A sort value as SQLite stores it (a page found by the plain query may hand over a
    ``datetime`` where the walk reads text)."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value


def _walked_page(
    f: OrderFilter, where_sql: tuple[str, list[Any]], sort: Sort, req: PageRequest
) -> tuple[list[OrderRow], After | None]:
    where, params = where_sql
    n = req.limit + 1
    after = (_stored(req.after[0]), req.after[1]) if req.after is not None else None
    streams = [
        _arm_rows(arm, where, params, sort.descending, after, n)
        for arm in _ARMS[sort.key]
        if not arm.empty_for(f)
    ]
    merged = list(heapq.merge(*streams, reverse=sort.descending))[:n]
    more = len(merged) > req.limit
    merged = merged[: req.limit]
    rows = rows_by_ids([i for _v, i in merged])
    next_key = merged[-1] if more and merged else None
    return rows, next_key


# --- counts and other reads --------------------------------------------------------------


_STAFF_COUNT_SQLITE = (
    'SELECT COUNT(DISTINCT "d"."order_id") FROM "dispatch_staff" AS "ds" '
    'CROSS JOIN "dispatch" AS "d" INDEXED BY "dispatch_id_order_id" '
    'ON "d"."id" = "ds"."dispatch_id" WHERE "ds"."staff_id" = ?'
)


def count(f: OrderFilter, now: datetime) -> int:
    """How many orders the filter keeps (the joins of a page change no count: skipped). A
    search alone is counted in the search index, a technician alone in the dispatches."""
    db = current_database()
    if f.search.strip() and f == OrderFilter(search=f.search) and _indexed_search(db):
        return search_index.count(db, f.search)
    if f.staff_id and f == OrderFilter(staff_id=f.staff_id):
        if is_sqlite(db):
            # both tables read from covering indexes, the dispatches' even without
            # statistics (the planner would otherwise read each dispatch's wide row)
            return int(db.execute_sql(_STAFF_COUNT_SQLITE, (f.staff_id,)).fetchone()[0] or 0)
        return int(
            Dispatch.select(fn.COUNT(Dispatch.order.distinct()))
            .join(DispatchStaff, on=(DispatchStaff.dispatch == Dispatch.id))
            .where(DispatchStaff.staff == f.staff_id)
            .scalar()
            or 0
        )
    sql = 'SELECT COUNT(*) FROM "work_order" AS "t1"'
    cond, params = _where(f, now, counting=True)
    if cond != _NO_CONDITIONS:
        sql += f" WHERE {cond}"
    return int(db.execute_sql(sql, params).fetchone()[0] or 0)


def rows_by_ids(ids: list[int]) -> list[OrderRow]:
    if not ids:
        return []
    by_id = {r.id: r for r in _rows(_joined(_row_fields()).where(Order.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def overdue_count(now: datetime) -> int:
    return int(Order.select(fn.COUNT(Order.id)).where(Order.due_at < now).scalar() or 0)


def newly_overdue(since: datetime, now: datetime) -> list[OrderRow]:
    """Orders whose deadline fell in (since, now] — each announced once by the caller."""
    q = _joined(_row_fields()).where((Order.due_at > since) & (Order.due_at <= now))
    return _rows(q.order_by(Order.due_at))


def recent_for_unit(unit_id: int, limit: int = 10) -> list[OrderRow]:
    q = _joined(_row_fields()).where(Order.unit == unit_id)
    return _rows(q.order_by(Order.received_at.desc(), Order.id.desc()).limit(limit))
