"""Which orders a user restricted to their own work (维修工) may see: the orders dispatched to
their staff record."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Dispatch, DispatchStaff


def assigned_order_ids(staff_id: int, order_ids: Iterable[int]) -> set[int]:
    """The subset of ``order_ids`` with a dispatch naming ``staff_id`` (any dispatch)."""
    ids = list(order_ids)
    if not ids:
        return set()
    q = (
        Dispatch.select(Dispatch.order)
        .join(DispatchStaff, on=(DispatchStaff.dispatch == Dispatch.id))
        .where(Dispatch.order.in_(ids) & (DispatchStaff.staff == staff_id))
        .distinct()
    )
    return {row.order_id for row in q}


def on_latest_dispatch(order_id: int, staff_id: int) -> bool:
    """True when the order's latest dispatch names ``staff_id`` (who may key in its work)."""
    latest = (
        Dispatch.select(Dispatch.id)
        .where(Dispatch.order == order_id)
        .order_by(Dispatch.seq.desc())
        .limit(1)
    )
    return (
        DispatchStaff.select()
        .where((DispatchStaff.dispatch.in_(latest)) & (DispatchStaff.staff == staff_id))
        .exists()
    )
