"""Register filters, sorting and keyset paging, as plain data for the query layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .enums import AreaType, FeeStatus, Kind, Status

#: Sortable register columns (keys understood by the query layer).
SORT_KEYS = (
    "received_at",
    "number",
    "status",
    "due_at",
    "caller_name",
    "place",
    "category",
    "urgency",
    "department",
    "total_fen",
)


@dataclass(frozen=True)
class OrderFilter:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    statuses: tuple[Status, ...] = ()
    kind: Kind | None = None
    area_type: AreaType | None = None
    category_id: int | None = None  # includes sub-categories
    department_id: int | None = None
    staff_id: int | None = None
    urgency_id: int | None = None
    overdue: bool = False
    open_only: bool = False
    paid_only: bool = False
    fee_status: FeeStatus | None = None  # 有偿收费's 只看未收
    unit_id: int | None = None
    search: str = ""


@dataclass(frozen=True)
class Sort:
    key: str = "received_at"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {self.key!r}")


@dataclass(frozen=True)
class PageRequest:
    """Keyset page: rows after ``after`` (the last row's sort value and id) in sort order."""

    limit: int = 100
    after: tuple[object, int] | None = None
    extra: dict[str, object] = field(default_factory=dict)
