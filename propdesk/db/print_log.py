"""The slip print log (``slip_print``): who printed which order's slip, for which dispatch,
on what paper — and the dispatches a day's batch print covers.

Every function runs inside the caller's transaction (services open it). Rows are only ever
added: the log is append-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import fn

from propdesk.domain.enums import Status
from propdesk.domain.records import SlipPrintRecord

from .models import Dispatch, Order, SlipPrint, User

#: One slip: the order and the dispatch it was printed for (``None`` before any dispatch).
SlipKey = tuple[int, int | None]


@dataclass(frozen=True)
class NewPrint:
    """A print to log."""

    order_id: int
    dispatch_id: int | None
    printed_at: datetime
    user_id: int
    paper: str
    copies: int
    reprint: bool


def _dt(v: Any) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def insert_prints(prints: Sequence[NewPrint]) -> None:
    """Log ``prints`` (one row each)."""
    if not prints:
        return
    SlipPrint.insert_many(
        [
            {
                "order": p.order_id,
                "dispatch": p.dispatch_id,
                "printed_at": p.printed_at,
                "user": p.user_id,
                "paper": p.paper,
                "copies": p.copies,
                "reprint": p.reprint,
            }
            for p in prints
        ]
    ).execute()


def printed_slips(order_ids: Iterable[int]) -> set[SlipKey]:
    """The (order, dispatch) pairs of ``order_ids`` that were printed at least once (one query)."""
    ids = sorted(set(order_ids))
    if not ids:
        return set()
    q = (
        SlipPrint.select(SlipPrint.order, SlipPrint.dispatch)
        .where(SlipPrint.order.in_(ids))
        .distinct()
        .tuples()
    )
    return {(order_id, dispatch_id) for order_id, dispatch_id in q}


def prints_of(order_id: int) -> list[SlipPrintRecord]:
    """Every print of the order's slips, oldest first."""
    q = (
        SlipPrint.select(SlipPrint, User.display_name.alias("user_name"))
        .join(User, on=(SlipPrint.user == User.id))
        .where(SlipPrint.order == order_id)
        .order_by(SlipPrint.printed_at, SlipPrint.id)
        .dicts()
    )
    return [
        SlipPrintRecord(
            id=r["id"],
            order_id=r["order"],
            printed_at=_dt(r["printed_at"]),
            user_name=r["user_name"],
            paper=r["paper"],
            copies=r["copies"],
            reprint=bool(r["reprint"]),
            dispatch_id=r["dispatch"],
        )
        for r in q
    ]


def current_dispatches_between(start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(order id, dispatch id) of the dispatches made in ``[start, end)`` that are still the
    order's current one (not superseded by a later 改派 / re-dispatch), cancelled orders left
    out; in dispatch time order. One query."""
    later = Dispatch.alias()
    superseded = later.select(later.id).where(
        (later.order == Dispatch.order) & (later.seq > Dispatch.seq)
    )
    q = (
        Dispatch.select(Dispatch.order, Dispatch.id)
        .join(Order, on=(Dispatch.order == Order.id))
        .where(
            (Dispatch.dispatched_at >= start)
            & (Dispatch.dispatched_at < end)
            & (Order.status != Status.CANCELLED.value)
            & ~fn.EXISTS(superseded)
        )
        .order_by(Dispatch.dispatched_at, Dispatch.id)
        .tuples()
    )
    return [(order_id, dispatch_id) for order_id, dispatch_id in q]
