"""What a viewer may see of the orders: 维修工 only the orders dispatched to them, and roles
without ``Perm.VIEW_PHONES`` only masked phone numbers (138****8000).

``Scope`` is applied by the register service to every read; ``None`` as the viewer means a
trusted caller (the command line acting as ``system``) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from propdesk.db import access_query
from propdesk.domain.filters import OrderFilter
from propdesk.domain.permissions import Perm, sees_all_orders, user_can
from propdesk.domain.phone import mask_phone
from propdesk.domain.records import OrderRecord, OrderRow, UserRecord

R = TypeVar("R", OrderRow, OrderRecord)


@dataclass(frozen=True)
class Scope:
    #: ``None``: every order; otherwise only orders dispatched to this staff id (``-1`` for
    #: a restricted account linked to no staff record: nothing).
    staff_id: int | None = None
    mask_phones: bool = False

    @staticmethod
    def of(user: UserRecord | None) -> Scope:
        if user is None:
            return Scope()
        restricted = not sees_all_orders(user.username, user.role)
        return Scope(
            staff_id=(user.staff_id if user.staff_id is not None else -1) if restricted else None,
            mask_phones=not user_can(user.username, user.role, Perm.VIEW_PHONES),
        )

    @property
    def sees_nothing(self) -> bool:
        return self.staff_id == -1

    def order_filter(self, f: OrderFilter) -> OrderFilter:
        """``f`` narrowed to the viewer's orders (callers check ``sees_nothing`` first)."""
        if self.staff_id is None:
            return f
        return replace(f, staff_id=self.staff_id)

    def visible_ids(self, order_ids: Sequence[int]) -> set[int]:
        if self.staff_id is None:
            return set(order_ids)
        if self.sees_nothing:
            return set()
        return access_query.assigned_order_ids(self.staff_id, order_ids)

    def keep(self, items: Sequence[R]) -> list[R]:
        """The visible ones of ``items`` (rows or records), phones masked as needed."""
        visible = self.visible_ids([i.id for i in items])
        return [self.mask(i) for i in items if i.id in visible]

    def mask(self, item: R) -> R:
        if not self.mask_phones:
            return item
        return replace(item, phone=mask_phone(item.phone))


def phone_for(user: UserRecord | None, phone: str) -> str:
    """``phone`` as ``user`` may see it (masked without ``Perm.VIEW_PHONES``)."""
    return mask_phone(phone) if Scope.of(user).mask_phones else phone
