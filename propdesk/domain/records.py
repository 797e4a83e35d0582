"""Records that cross layers: the database returns them, services take and give them, the
UI, the slip printer and the exporter read them. Plain dataclasses, no behaviour that needs
a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .deadlines import DeadlineKind, UrgencyRule
from .enums import (
    AreaType,
    FeeStatus,
    Kind,
    MaterialCheck,
    MaterialSource,
    MatterType,
    PriceReview,
    Role,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)
from .money import labour_unlisted, unlisted_price_lines


def is_desk_answer(
    kind: Kind, dispatched_at: datetime | None, completed_at: datetime | None
) -> bool:
    """A 报事 completed with no dispatch was answered at the desk (当场答复): the one rule the
    order window, the import and the figures share."""
    return kind is Kind.MATTER and dispatched_at is None and completed_at is not None


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: Role
    staff_id: int | None = None
    active: bool = True
    must_change_password: bool = False


@dataclass(frozen=True)
class DepartmentRecord:
    id: int
    name: str
    active: bool = True


@dataclass(frozen=True)
class StaffRecord:
    id: int
    name: str
    department_id: int | None
    department_name: str
    phone: str = ""
    is_technician: bool = True
    active: bool = True


@dataclass(frozen=True)
class UnitRecord:
    id: int
    code: str
    building: str
    entrance: str
    room: str
    owner_name: str
    phone: str
    phone2: str = ""
    note: str = ""
    active: bool = True


@dataclass(frozen=True)
class CategoryRecord:
    id: int
    name: str
    parent_id: int | None
    kind: Kind
    path: str
    matter_type: MatterType | None = None
    default_department_id: int | None = None
    default_urgency_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class UrgencyRecord:
    id: int
    name: str
    arrive_minutes: int | None
    resolve_minutes: int
    is_emergency: bool = False
    sort: int = 0

    @property
    def rule(self) -> UrgencyRule:
        return UrgencyRule(self.name, self.arrive_minutes, self.resolve_minutes, self.is_emergency)


@dataclass(frozen=True)
class FeeItemRecord:
    id: int
    name: str
    unit: str
    labour_fen: int
    material_fen: int = 0
    note: str = ""
    active: bool = True


@dataclass(frozen=True)
class MaterialLine:
    name: str
    quantity: Decimal
    unit: str
    unit_price_fen: int
    amount_fen: int
    fee_item_id: int | None = None
    owner_supplied: bool = False
    check: MaterialCheck | None = None  # the owner-supplied material's check
    check_note: str = ""

    @property
    def check_text(self) -> str:
        """``"合格"``, ``"不合格：接口开裂"``…; empty for the centre's materials."""
        if not self.owner_supplied:
            return ""
        text = self.check.label if self.check else "未检查"
        return f"{text}：{self.check_note}" if self.check_note else text


@dataclass(frozen=True)
class OutsourceRecord:
    """委外: the firm, the agreed price, who arranged it with the customer's consent, and the
    firm's result once recorded."""

    id: int
    at: datetime
    firm: str
    contact: str
    price_fen: int | None
    arranged_by_name: str
    consent: bool
    result: str = ""
    result_at: datetime | None = None


@dataclass(frozen=True)
class DispatchRecord:
    id: int
    seq: int
    dispatched_at: datetime
    dispatcher_name: str
    department_id: int | None
    department_name: str
    staff_ids: tuple[int, ...]
    staff_names: tuple[str, ...]
    arrive_due_at: datetime | None = None
    arrived_at: datetime | None = None
    finished_at: datetime | None = None
    result: WorkResult | None = None
    incomplete_reason: str = ""
    new_appointment_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class VisitRecord:
    id: int
    visited_at: datetime
    method: VisitMethod
    visitor_name: str
    satisfaction: Satisfaction
    opinion: str = ""
    reopened: bool = False
    follow_up: bool = False


@dataclass(frozen=True)
class SecondVisitRow:
    """An important (重要) order closed after its first visit and due a second one (seed 004:
    within 30 days): one line of the 回访 tab's second-visit queue."""

    id: int
    number: str
    place: str
    caller_name: str
    phone: str
    category_name: str
    description: str
    closed_at: datetime
    satisfaction: Satisfaction | None
    due_at: datetime | None = None


@dataclass(frozen=True)
class OrderEvent:
    at: datetime
    user_name: str
    action: str
    action_label: str
    from_status: Status | None
    to_status: Status
    note: str = ""


@dataclass(frozen=True)
class OrderRow:
    """One line of a register: enough to show, sort and colour, nothing lazy."""

    id: int
    number: str
    kind: Kind
    status: Status
    received_at: datetime
    caller_name: str
    phone: str
    place: str  # unit code or common-area location
    area_type: AreaType
    category_name: str
    urgency_name: str
    department_name: str
    staff_names: str
    description: str
    due_at: datetime | None
    due_kind: DeadlineKind | None
    paid: bool
    total_fen: int
    fee_status: FeeStatus | None
    version: int


@dataclass(frozen=True, slots=True)
class DetailRow:
    """One order as a line of 明细 (and of a register export). Dispatch fields are of the
    latest dispatch; visit fields of the latest visit that followed the completion."""

    id: int
    number: str
    status: Status
    kind: Kind
    matter_type: MatterType | None
    area_type: AreaType
    received_at: datetime
    receiver_name: str
    channel: str  # a ``Channel`` code or an office's own channel (``channel_label``)
    caller_name: str
    phone: str
    unit_code: str
    location: str
    category_path: str
    description: str
    urgency_name: str
    appointment_at: datetime | None
    paid: bool
    material_source: MaterialSource
    developer: bool
    department_name: str
    dispatched_at: datetime | None
    staff_names: str
    arrive_due_at: datetime | None
    arrived_at: datetime | None
    completed_at: datetime | None
    result: WorkResult | None
    incomplete_reason: str
    work_done: str
    labour_fen: int
    material_fen: int
    total_fen: int
    fee_status: FeeStatus | None
    fee_paid_at: datetime | None
    receipt_no: str
    slip_returned_at: datetime | None
    visited_at: datetime | None
    visit_method: VisitMethod | None
    satisfaction: Satisfaction | None
    opinion: str
    cancelled_at: datetime | None
    cancel_reason: str
    is_rework: bool
    remark: str  # 备注

    @property
    def type_label(self) -> str:
        """类型 as the import reads it: 报修, or the 报事 sub-kind (投诉, 咨询…)."""
        if self.kind is Kind.REPAIR:
            return Kind.REPAIR.label
        return self.matter_type.label if self.matter_type else Kind.MATTER.label

    @property
    def place(self) -> str:
        return self.unit_code if self.area_type is AreaType.HOME else self.location


@dataclass(frozen=True)
class OrderRecord:
    """A whole order with its dispatches, materials, visits and timeline."""

    id: int
    number: str
    kind: Kind
    matter_type: MatterType | None
    area_type: AreaType
    channel: str  # a ``Channel`` code or an office's own channel (``channel_label``)
    status: Status
    received_at: datetime
    receiver_name: str
    caller_name: str
    phone: str
    unit_id: int | None
    unit_code: str
    location: str
    category_id: int
    category_name: str
    description: str
    urgency_id: int
    urgency_name: str
    is_emergency: bool
    appointment_at: datetime | None
    paid: bool
    material_source: MaterialSource
    developer_warranty: bool
    department_id: int | None
    department_name: str
    due_at: datetime | None
    due_kind: DeadlineKind | None
    dispatched_at: datetime | None
    arrived_at: datetime | None
    completed_at: datetime | None
    slip_returned_at: datetime | None
    visited_at: datetime | None
    closed_at: datetime | None
    cancel_reason: str
    developer_note: str
    work_done: str
    labour_fen: int
    material_fen: int
    total_fen: int
    fee_status: FeeStatus | None
    fee_paid_at: datetime | None
    receipt_no: str
    fee_note: str
    satisfaction: Satisfaction | None
    is_rework: bool
    version: int
    important: bool = False
    remark: str = ""
    price_review: PriceReview | None = None
    price_reviewed_at: datetime | None = None
    declined_at: datetime | None = None
    decline_reason: str = ""
    developer_contact: str = ""
    developer_notified_at: datetime | None = None
    #: the labour of the 收费标准 items the labour fee was made of (``None``: not known)
    labour_listed_fen: int | None = None
    dispatches: tuple[DispatchRecord, ...] = ()
    materials: tuple[MaterialLine, ...] = ()
    visits: tuple[VisitRecord, ...] = ()
    events: tuple[OrderEvent, ...] = ()

    @property
    def place(self) -> str:
        return self.unit_code if self.area_type is AreaType.HOME else self.location

    @property
    def last_dispatch(self) -> DispatchRecord | None:
        return self.dispatches[-1] if self.dispatches else None

    @property
    def answered_at_desk(self) -> bool:
        """当场答复: a 报事 completed without ever being dispatched."""
        return is_desk_answer(self.kind, self.dispatched_at, self.completed_at)

    @property
    def awaiting_price_review(self) -> bool:
        """待审价: a fee line outside the 收费标准 waits for the 工程主管; finance cannot
        collect until it is approved."""
        return self.price_review is PriceReview.PENDING

    @property
    def labour_unlisted(self) -> bool:
        """The labour fee was typed over the 收费标准 items' labour (``money.labour_unlisted``);
        ``False`` where the items' labour is not known (completed before it was kept)."""
        return self.labour_listed_fen is not None and labour_unlisted(
            self.paid, self.labour_fen, self.labour_listed_fen
        )

    @property
    def unlisted_lines(self) -> list[int]:
        """Line numbers (from 1) of the fee lines priced outside the 收费标准
        (``money.unlisted_price_lines``)."""
        return unlisted_price_lines(self.paid, self.materials)


@dataclass
class OrderInput:
    """What the intake form (or the command line) gives to register an order. Strings are as
    typed; the service validates and normalises them."""

    kind: Kind
    area_type: AreaType
    caller_name: str
    phone: str
    category_id: int | None
    description: str
    urgency_id: int | None = None
    #: ``None``: 电话 in the desk's hours, 监控中心 outside them (the office's 上班/下班)
    channel: str | None = None  # a ``Channel`` or an office's own channel
    unit_code: str = ""
    location: str = ""
    received_at: datetime | None = None
    appointment_at: datetime | None = None
    paid: bool = False
    material_source: MaterialSource = MaterialSource.CENTRE
    developer_warranty: bool = False
    matter_type: MatterType | None = None
    #: 重要; ``None`` takes the office's default (complaints, VIP owners)
    important: bool | None = None
    remark: str = ""
    #: 当场答复: the clerk's answer to a 报事 handled at the desk (no dispatch, no slip)
    answer: str = ""


@dataclass
class MaterialInput:
    name: str
    quantity: str | Decimal
    unit: str
    unit_price: str | Decimal  # yuan, as typed
    fee_item_id: int | None = None
    owner_supplied: bool = False
    check: MaterialCheck | None = None
    check_note: str = ""


@dataclass
class CompletionInput:
    work_done: str
    labour: str | Decimal = "0"  # yuan, as typed
    materials: list[MaterialInput] = field(default_factory=list)
    completed_at: datetime | None = None
    #: the 收费标准 items (ids, repeated when taken twice) whose labour the labour fee is;
    #: a labour fee other than their sum is a typed, unlisted price (待审价)
    labour_items: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class OrderWarning:
    """A non-blocking warning at intake (重复报修, 返修, unusual phone)."""

    code: str  # "duplicate", "rework", "phone"
    message: str
    order_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderResult:
    """What an order operation returns: the fresh order, what changed, any warnings."""

    order: OrderRecord
    changes: Changes
    warnings: tuple[OrderWarning, ...] = ()


@dataclass(frozen=True)
class Changes:
    """What a service call changed, broadcast to every tab (Anki's OpChanges)."""

    order_ids: frozenset[int] = frozenset()
    units: bool = False
    staff: bool = False
    categories: bool = False
    settings: bool = False
    fees: bool = False
    users: bool = False

    @staticmethod
    def orders(*ids: int) -> Changes:
        return Changes(order_ids=frozenset(ids))


@dataclass(frozen=True)
class SlipPrintRecord:
    id: int
    order_id: int
    printed_at: datetime
    user_name: str
    paper: str
    copies: int
    reprint: bool
    dispatch_id: int | None = None  # the dispatch the slip was printed for
