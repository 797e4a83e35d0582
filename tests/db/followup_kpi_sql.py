"""The cross-check of the follow-up KPIs: plain SQL (SQLite) reproducing 跟进及时率 and
投诉处理及时率 as the README states them, written apart from ``propdesk.domain.followup_kpi``;
``tests/services/test_followup_reports.py`` asserts both agree."""

from __future__ import annotations

#: Named parameters :start, :end, :as_of and the limit (:minutes or :hours).
CHECK_SQL: dict[str, str] = {
    "follow_up": """SELECT COALESCE(SUM(on_time), 0) AS num, COUNT(on_time) AS den FROM (
  SELECT CASE
    WHEN c.first_call IS NOT NULL
      THEN c.first_call <= datetime(c.dispatched_at, '+' || :minutes || ' minutes')
    WHEN datetime(c.dispatched_at, '+' || :minutes || ' minutes') < :as_of THEN 0
  END AS on_time
  FROM (SELECT d.dispatched_at,
               (SELECT MIN(f.at) FROM follow_up f
                 WHERE f.order_id = d.order_id AND f.kind = 'call_owner'
                   AND f.at >= d.dispatched_at) AS first_call
          FROM dispatch d JOIN work_order o ON o.id = d.order_id
         WHERE o.received_at >= :start AND o.received_at < :end
           AND o.status <> 'cancelled' AND d.arrive_due_at IS NOT NULL) c)""",
    "complaint_contact": """SELECT COALESCE(SUM(on_time), 0) AS num, COUNT(on_time) AS den
FROM (
  SELECT CASE
    WHEN c.first_contact IS NOT NULL
      THEN c.first_contact <= datetime(c.received_at, '+' || :hours || ' hours')
    WHEN datetime(c.received_at, '+' || :hours || ' hours') < :as_of THEN 0
  END AS on_time
  FROM (SELECT o.received_at,
               (SELECT MIN(f.at) FROM follow_up f
                 WHERE f.order_id = o.id AND f.kind IN ('call_owner', 'answer')
                   AND f.at >= o.received_at) AS first_contact
          FROM work_order o
         WHERE o.received_at >= :start AND o.received_at < :end
           AND o.status <> 'cancelled' AND o.kind = 'matter'
           AND o.matter_type = 'complaint') c)""",
}
