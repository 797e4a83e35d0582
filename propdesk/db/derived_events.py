"""Timeline events derived in SQL from bulk-loaded orders, dispatches and visits.

Generated (demo) and imported orders arrive as finished rows; their timeline is rebuilt here
in one pass of ``INSERT … SELECT`` per kind of step instead of a Python tuple per event.
Statements run in the order of the steps, so ids mostly follow time within an order (not
across a 未完成 re-dispatch: every arrival is written before any 未完成); timelines are read
ordered by time, then id.
"""

from __future__ import annotations

from peewee import Database

# (action, user column, time column, from, to, note, source, condition) for steps stored on
# the order row; dispatch/visit steps come from their own tables below.
_STATEMENTS = (
    # register
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, received_at, receiver_id, 'register', NULL, 'pending', ''
       FROM work_order WHERE id > :first ORDER BY id""",
    # cancel
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, cancelled_at, receiver_id, 'cancel', 'pending', 'cancelled', cancel_reason
       FROM work_order WHERE id > :first AND cancelled_at IS NOT NULL ORDER BY id""",
    # to developer (at registration)
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, received_at, receiver_id, 'to_developer', 'pending', 'developer', developer_note
       FROM work_order WHERE id > :first AND developer_warranty ORDER BY id""",
    # 当场答复: a 报事 completed without a dispatch
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, completed_at, receiver_id, 'answer', 'pending', 'to_visit', work_done
       FROM work_order WHERE id > :first AND kind = 'matter' AND NOT developer_warranty
            AND dispatched_at IS NULL AND completed_at IS NOT NULL ORDER BY id""",
    # first dispatch
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT d.order_id, d.dispatched_at, d.dispatcher_id, 'dispatch', 'pending', 'dispatched',
              COALESCE((SELECT group_concat(s.name, '、') FROM dispatch_staff ds
                        JOIN staff s ON s.id = ds.staff_id WHERE ds.dispatch_id = d.id), '')
       FROM dispatch d WHERE d.order_id > :first AND d.seq = 1 ORDER BY d.id""",
    # arrivals (every dispatch that was reached)
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT d.order_id, d.arrived_at, o.receiver_id, 'arrive', 'dispatched', 'in_progress', ''
       FROM dispatch d JOIN work_order o ON o.id = d.order_id
       WHERE d.order_id > :first AND d.arrived_at IS NOT NULL ORDER BY d.id""",
    # 未完成 → re-dispatch
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT d.order_id, d.finished_at, o.receiver_id, 'incomplete_redispatch', 'in_progress',
              'dispatched',
              d.incomplete_reason
       FROM dispatch d JOIN work_order o ON o.id = d.order_id
       WHERE d.order_id > :first AND d.result = 'not_done' ORDER BY d.id""",
    # completion by a technician
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT d.order_id, d.finished_at, o.receiver_id, 'complete', 'in_progress', 'completed', ''
       FROM dispatch d JOIN work_order o ON o.id = d.order_id
       WHERE d.order_id > :first AND d.result = 'done' ORDER BY d.id""",
    # developer's result
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, completed_at, receiver_id, 'developer_result', 'developer', 'to_visit', work_done
       FROM work_order
       WHERE id > :first AND developer_warranty AND completed_at IS NOT NULL ORDER BY id""",
    # slip returned
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT id, slip_returned_at, receiver_id, 'return_slip', 'completed', 'to_visit', ''
       FROM work_order WHERE id > :first AND slip_returned_at IS NOT NULL ORDER BY id""",
    # return visits that closed the order
    """INSERT INTO order_event (order_id, at, user_id, action, from_status, to_status, note)
       SELECT v.order_id, v.visited_at, v.visitor_id, 'visit', 'to_visit', 'closed',
              (CASE v.method WHEN 'phone' THEN '电话' WHEN 'home' THEN '上门'
                             WHEN 'letter' THEN '信函' ELSE '短信' END) || '回访，' ||
              (CASE v.satisfaction WHEN 'satisfied' THEN '满意' WHEN 'fair' THEN '基本满意'
                                   ELSE '不满意' END)
       FROM visit v WHERE v.order_id > :first AND NOT v.follow_up ORDER BY v.id""",
)


def derive_events(db: Database, first_order_id: int) -> None:
    """Write the timeline of every order with id above ``first_order_id`` (which must have no
    events yet), in the caller's transaction."""
    marker = "?" if db.param == "?" else "%s"
    for sql in _STATEMENTS:
        if marker == "%s":  # PostgreSQL: string_agg is its group_concat
            sql = sql.replace("group_concat(", "string_agg(")
        db.execute_sql(sql.replace(":first", marker), (first_order_id,))
