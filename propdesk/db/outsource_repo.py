"""委外 records (``outsourcing``): the firm an order went to and the firm's result.

Every function runs inside the caller's transaction (services open it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from propdesk.domain.records import OutsourceRecord

from .models import Outsourcing, User


def _dt(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def insert(
    order_id: int,
    at: datetime,
    firm: str,
    contact: str,
    price_fen: int | None,
    user_id: int,
    consent: bool,
) -> int:
    return int(
        Outsourcing.insert(
            order=order_id,
            at=at,
            firm=firm,
            contact=contact,
            price_fen=price_fen,
            arranged_by=user_id,
            consent=consent,
        ).execute()
    )


def of_order(order_id: int) -> list[OutsourceRecord]:
    """The order's 委外 records, oldest first."""
    q = (
        Outsourcing.select(Outsourcing, User.display_name.alias("user_name"))
        .join(User, on=(Outsourcing.arranged_by == User.id))
        .where(Outsourcing.order == order_id)
        .order_by(Outsourcing.at, Outsourcing.id)
        .dicts()
    )
    return [
        OutsourceRecord(
            id=r["id"],
            at=_dt(r["at"]),  # type: ignore[arg-type]
            firm=r["firm"],
            contact=r["contact"],
            price_fen=r["price_fen"],
            arranged_by_name=r["user_name"],
            consent=bool(r["consent"]),
            result=r["result"],
            result_at=_dt(r["result_at"]),
        )
        for r in q
    ]


def record_result(outsource_id: int, result: str, at: datetime) -> None:
    Outsourcing.update(result=result, result_at=at).where(Outsourcing.id == outsource_id).execute()


def outsourced_order_ids(order_ids: list[int]) -> set[int]:
    """Those of ``order_ids`` that were ever handed to an outside firm."""
    if not order_ids:
        return set()
    q = Outsourcing.select(Outsourcing.order).where(Outsourcing.order.in_(order_ids)).distinct()
    return {r.order_id for r in q}
