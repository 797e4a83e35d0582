"""The queues of issue 11's paths: the second-visit queue — important (重要) orders closed
after their first visit that have had no follow-up visit since (seed 004: 重要事项30天内二次回访)
— and the orders waiting for the 工程主管's price review (待审价)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import JOIN, fn

from propdesk.domain.enums import PriceReview, Satisfaction, Status
from propdesk.domain.records import SecondVisitRow

from .models import Category, Order, Unit, Visit


def _dt(v: Any) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def due_second_visits() -> list[SecondVisitRow]:
    """Important closed orders without a follow-up visit after their closing visit, the
    earliest closed first (``due_at`` left for the service to set from the office's rule)."""
    followed = Visit.select(Visit.id).where(
        (Visit.order == Order.id) & Visit.follow_up & (Visit.visited_at >= Order.closed_at)
    )
    q = (
        Order.select(
            Order.id,
            Order.number,
            Order.area_type,
            Order.location,
            Unit.code,
            Order.caller_name,
            Order.phone,
            Category.name,
            Order.description,
            Order.closed_at,
            Order.satisfaction,
        )
        .join(Unit, JOIN.LEFT_OUTER, on=(Order.unit == Unit.id))
        .switch(Order)
        .join(Category, on=(Order.category == Category.id))
        .where(
            Order.important
            & (Order.status == Status.CLOSED.value)
            & Order.closed_at.is_null(False)
            & Order.visited_at.is_null(False)
            & ~fn.EXISTS(followed)
        )
        .order_by(Order.closed_at, Order.id)
        .tuples()
    )
    return [
        SecondVisitRow(
            id=oid,
            number=number,
            place=(code or "") if area == "home" else location,
            caller_name=caller,
            phone=phone,
            category_name=category,
            description=description,
            closed_at=_dt(closed),
            satisfaction=Satisfaction(sat) if sat else None,
        )
        for oid, number, area, location, code, caller, phone, category, description, closed, sat in q
    ]


def awaiting_price_review() -> list[int]:
    """Ids of the orders whose prices wait for the 工程主管 (待审价), the longest waiting
    first (by completion)."""
    q = (
        Order.select(Order.id)
        .where(Order.price_review == PriceReview.PENDING.value)
        .order_by(Order.completed_at, Order.id)
        .tuples()
    )
    return [oid for (oid,) in q]
