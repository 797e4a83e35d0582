"""Records of the monthly report and the Excel exports: what the query layer returns and the
workbook writer reads. Plain data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .enums import (
    FeeStatus,
    Kind,
    Status,
)
from .followup import FollowUpRecord
from .kpi import Figures, ResolveCounts
from .records import DetailRow


@dataclass(frozen=True, slots=True)
class FollowUpLine:
    """A follow-up note with its order, as the month workbook's 跟进记录 sheet lists it."""

    number: str
    place: str
    note: FollowUpRecord


@dataclass(frozen=True, slots=True)
class PaidRow:
    """One line of the 有偿服务登记表."""

    number: str
    received_at: datetime
    place: str
    caller_name: str
    phone: str
    items: str
    staff_names: str
    status: Status
    completed_at: datetime | None
    labour_fen: int
    material_fen: int
    total_fen: int
    fee_status: FeeStatus | None
    fee_paid_at: datetime | None
    receipt_no: str
    fee_note: str


@dataclass(frozen=True, slots=True)
class OpenRow:
    """One order still open at the cut-off (未完成工单)."""

    number: str
    received_at: datetime
    kind: Kind
    place: str
    caller_name: str
    phone: str
    category_path: str
    urgency_name: str
    description: str
    status: Status
    staff_names: str
    department_name: str
    age_days: int


@dataclass(frozen=True)
class GroupLine:
    """A named group's figures (a category, a department, a technician)."""

    name: str
    figures: Figures
    department: str = ""


@dataclass(frozen=True)
class ResolveLine:
    name: str
    counts: ResolveCounts


@dataclass(frozen=True)
class MonthReport:
    """Everything of a month except the long row lists (which are streamed)."""

    month: date
    as_of: datetime
    start: datetime
    end: datetime
    office_name: str
    project_name: str
    figures: Figures
    previous: Figures
    daily: tuple[tuple[date, int, int], ...]
    by_root: tuple[GroupLine, ...]
    by_category: tuple[GroupLine, ...]
    by_department: tuple[GroupLine, ...]
    technicians: tuple[GroupLine, ...]
    zero_repair: tuple[ResolveLine, ...]
    open_cutoff: datetime

    @property
    def title(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


@dataclass(frozen=True)
class MonthRows:
    """The long lists of a month, as iterables the writer consumes once, with their counts."""

    detail: Iterable[DetailRow]
    detail_count: int
    paid: Iterable[PaidRow]
    paid_count: int
    open: Iterable[OpenRow]
    open_count: int
    follow_ups: Sequence[FollowUpLine] = ()
