"""The cross-check of the KPIs: plain SQL (SQLite) that reproduces every figure
``propdesk.domain.kpi`` computes, written independently of it from the rules the README
states (统计口径); ``test_stats_query`` asserts both agree on the same data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import Database

from propdesk.db.stats_query import stamp

# --- the SQL that reproduces every figure (SQLite) --------------------------------------
#
# Parameters: :start and :end bound the month (received_at >= :start AND < :end), :as_of is
# when the figures are taken, :days the 返修 window (30), :cutoff the 未完成 cut-off.
# Each statement returns one row of integers; rates are the quotient of two of them.

_LATEST = (
    "JOIN dispatch d ON d.order_id = o.id\n"
    "     AND d.seq = (SELECT MAX(x.seq) FROM dispatch x WHERE x.order_id = o.id)"
)
_IN_MONTH = "o.received_at >= :start AND o.received_at < :end"
_DEADLINE = "datetime(o.received_at, '+' || u.resolve_minutes || ' minutes')"

CHECK_SQL: dict[str, str] = {
    "totals": f"""SELECT COUNT(*) AS received,
       COALESCE(SUM(o.kind = 'repair'), 0) AS repair,
       COALESCE(SUM(o.kind = 'repair' AND o.area_type = 'home'), 0) AS repair_home,
       COALESCE(SUM(o.kind = 'repair' AND o.area_type = 'common'), 0) AS repair_common,
       COALESCE(SUM(o.kind = 'matter'), 0) AS matter,
       COALESCE(SUM(o.status = 'cancelled'), 0) AS cancelled
FROM work_order o
WHERE {_IN_MONTH}""",
    "timely": f"""SELECT
  COALESCE(SUM(d.arrived_at IS NOT NULL AND d.arrived_at <= d.arrive_due_at), 0) AS on_time,
  COALESCE(SUM(d.arrived_at > d.arrive_due_at
      OR (d.arrived_at IS NULL AND d.finished_at IS NULL AND d.arrive_due_at < :as_of)), 0)
      AS late
FROM work_order o
{_LATEST}
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND d.arrive_due_at IS NOT NULL""",
    "zero_repair": f"""SELECT
  COALESCE(SUM(o.completed_at IS NOT NULL AND o.completed_at <= {_DEADLINE}), 0) AS on_time,
  COALESCE(SUM(CASE WHEN o.completed_at IS NOT NULL THEN o.completed_at > {_DEADLINE}
                    ELSE {_DEADLINE} < :as_of END), 0) AS late
FROM work_order o JOIN urgency_level u ON u.id = o.urgency_id
WHERE {_IN_MONTH} AND o.status <> 'cancelled'
  AND o.kind = 'repair' AND o.area_type = 'home' AND NOT o.developer_warranty""",
    "completion": f"""SELECT COUNT(*) AS valid,
  COALESCE(SUM(o.status = 'declined'), 0) AS declined,
  COALESCE(SUM(EXISTS (SELECT 1 FROM outsourcing s WHERE s.order_id = o.id)), 0) AS outsourced,
  COALESCE(SUM(o.completed_at IS NOT NULL), 0) AS completed,
  COALESCE(SUM(o.completed_at IS NOT NULL AND o.visited_at >= o.completed_at), 0) AS visited,
  COALESCE(SUM(o.completed_at IS NOT NULL AND o.visited_at >= o.completed_at
               AND o.satisfaction IN ('satisfied', 'fair')), 0) AS satisfied
FROM work_order o
WHERE {_IN_MONTH} AND o.status <> 'cancelled'""",
    "visit_timely": f"""SELECT
  COALESCE(SUM(o.visited_at >= o.completed_at
               AND o.visited_at <= datetime(o.completed_at, '+' || :hours || ' hours')), 0)
      AS on_time,
  COALESCE(SUM(CASE WHEN o.visited_at >= o.completed_at
                    THEN o.visited_at > datetime(o.completed_at, '+' || :hours || ' hours')
                    WHEN o.status = 'closed' THEN 0
                    ELSE datetime(o.completed_at, '+' || :hours || ' hours') < :as_of END), 0)
      AS late
FROM work_order o
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND o.completed_at IS NOT NULL""",
    "rework": f"""SELECT COUNT(*) AS completed_home,
  COALESCE(SUM(EXISTS (
    SELECT 1 FROM work_order n
    WHERE n.unit_id = o.unit_id AND n.category_id = o.category_id AND n.id <> o.id
      AND n.status <> 'cancelled' AND n.received_at >= o.completed_at
      AND n.received_at <= datetime(o.completed_at, '+' || :days || ' days'))), 0) AS reworked
FROM work_order o
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND o.completed_at IS NOT NULL
  AND o.kind = 'repair' AND o.area_type = 'home' AND NOT o.developer_warranty""",
    "response": f"""SELECT COUNT(*) AS orders,
  COALESCE(SUM(CAST(ROUND((julianday(d.arrived_at) - julianday(d.dispatched_at)) * 86400)
                    AS INTEGER)), 0) AS seconds
FROM work_order o
{_LATEST}
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND o.appointment_at IS NULL
  AND d.arrive_due_at IS NOT NULL AND d.arrived_at IS NOT NULL""",
    "repair_time": f"""SELECT COUNT(*) AS orders,
  COALESCE(SUM(CAST(ROUND((julianday(d.finished_at) - julianday(d.arrived_at)) * 86400)
                    AS INTEGER)), 0) AS seconds
FROM work_order o
{_LATEST}
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND o.completed_at IS NOT NULL
  AND d.result = 'done' AND d.arrived_at IS NOT NULL AND d.finished_at IS NOT NULL""",
    "revenue": f"""SELECT COUNT(*) AS paid_orders,
  COALESCE(SUM(o.total_fen), 0) AS total_fen,
  COALESCE(SUM(CASE WHEN o.fee_status = 'paid' THEN o.total_fen END), 0) AS collected_fen,
  COALESCE(SUM(CASE WHEN o.fee_status = 'with_mgmt_fee' THEN o.total_fen END), 0)
      AS with_fee_fen,
  COALESCE(SUM(CASE WHEN o.fee_status = 'unpaid' THEN o.total_fen END), 0) AS outstanding_fen,
  COALESCE(SUM(CASE WHEN o.fee_status = 'waived' THEN o.total_fen END), 0) AS waived_fen
FROM work_order o
WHERE {_IN_MONTH} AND o.status <> 'cancelled' AND o.paid""",
    "by_technician": f"""SELECT ds.staff_id, COUNT(*) AS orders,
  COALESCE(SUM(o.completed_at IS NOT NULL), 0) AS completed,
  COALESCE(SUM(d.arrived_at IS NOT NULL AND d.arrived_at <= d.arrive_due_at), 0) AS on_time
FROM work_order o
{_LATEST}
JOIN dispatch_staff ds ON ds.dispatch_id = d.id
WHERE {_IN_MONTH} AND o.status <> 'cancelled'
GROUP BY ds.staff_id""",
    "by_category": f"""SELECT o.category_id, COUNT(*) AS received,
  COALESCE(SUM(o.status <> 'cancelled' AND o.completed_at IS NOT NULL), 0) AS completed
FROM work_order o
WHERE {_IN_MONTH}
GROUP BY o.category_id""",
    "open_at_cutoff": """SELECT COUNT(*) AS open_orders
FROM work_order o
WHERE o.received_at < :cutoff
  AND (o.completed_at IS NULL OR o.completed_at >= :cutoff)
  AND (o.cancelled_at IS NULL OR o.cancelled_at >= :cutoff)""",
}


def run_check(db: Database, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run one ``CHECK_SQL`` statement (SQLite) with named parameters; rows as dicts."""
    values = {k: stamp(v) if isinstance(v, datetime) else v for k, v in params.items()}
    cursor = db.execute_sql(CHECK_SQL[name], values)
    cols = [c[0] for c in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]
