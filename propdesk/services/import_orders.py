"""Reading past orders from an Excel ledger: each row validated into an ``OrderDraft`` (every
bad field named), unknown staff/categories/units collected, and the drafts turned into the
rows ``propdesk.db.import_repo`` loads. The status of each order is the one its times imply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from propdesk.domain.deadlines import OrderTimes, TimeRules, arrival_deadline, next_deadline
from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialSource,
    MatterType,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.errors import UserError
from propdesk.domain.money import yuan_to_fen
from propdesk.domain.numbering import parse_number
from propdesk.domain.phone import normalize_phone
from propdesk.domain.records import CategoryRecord, UrgencyRecord, is_desk_answer
from propdesk.export.xlsx_read import Table, cell_money, cell_text, cell_time

IMPORT_NOTE = "Excel导入"


def code_text(text: str) -> str:
    """A code as typed in a ledger (房号, 编号): full-width characters folded, dashes unified,
    no spaces."""
    folded = unicodedata.normalize("NFKC", text).replace("—", "-").replace(" ", "")
    return folded


STAFF_SPLIT = re.compile(r"[、,，/;；\s]+")


@dataclass(frozen=True)
class ImportProblem:
    """A bad cell: the Excel row number, the column, the reason (Chinese)."""

    row: int
    column: str
    message: str

    def text(self) -> str:
        return f"第{self.row}行【{self.column}】{self.message}" if self.row else self.message


@dataclass
class Refs:
    """Reference data the rows are resolved against."""

    categories: list[CategoryRecord]
    urgencies: list[UrgencyRecord]
    departments: dict[str, int]
    staff: dict[str, int]  # name -> id (the first active one of that name)
    staff_department: dict[int, int | None]
    units: dict[str, int]  # code -> id, of the codes in the file
    rules: TimeRules
    default_department: dict[Kind, int | None]
    #: the office's own channels (names outside ``Channel``), accepted in 来源
    channels: tuple[str, ...] = ()


@dataclass
class OrderDraft:
    row: int
    received_at: datetime
    kind: Kind
    matter_type: MatterType | None
    category_text: str
    category: CategoryRecord | None
    caller: str
    phone: str
    area: AreaType
    unit_code: str
    location: str
    description: str
    channel: str = Channel.OTHER
    number: str = ""
    urgency: UrgencyRecord | None = None
    appointment_at: datetime | None = None
    paid: bool = False
    material_source: MaterialSource = MaterialSource.CENTRE
    developer: bool = False
    department_id: int | None = None
    dispatched_at: datetime | None = None
    arrive_due_at: datetime | None = None  # as the ledger states it; else from the rules
    staff: list[str] = field(default_factory=list)
    arrived_at: datetime | None = None
    completed_at: datetime | None = None
    result: WorkResult | None = None
    incomplete_reason: str = ""
    work_done: str = ""
    labour_fen: int = 0
    material_fen: int = 0
    fee_status: FeeStatus | None = None
    fee_paid_at: datetime | None = None
    receipt_no: str = ""
    slip_at: datetime | None = None
    visited_at: datetime | None = None
    visit_method: VisitMethod = VisitMethod.PHONE
    satisfaction: Satisfaction | None = None
    opinion: str = ""
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    remark: str = ""
    is_rework: bool | None = None  # as the ledger states it; else judged from the data

    @property
    def status(self) -> Status:
        """The status the times imply."""
        if self.cancelled_at:
            return Status.CANCELLED
        if self.visited_at:
            return Status.CLOSED
        if self.developer:
            return Status.TO_VISIT if self.completed_at else Status.DEVELOPER
        if is_desk_answer(self.kind, self.dispatched_at, self.completed_at):
            return Status.TO_VISIT  # 当场答复: no slip to wait for
        if self.slip_at:
            return Status.TO_VISIT
        if self.completed_at:
            return Status.COMPLETED
        if self.result is WorkResult.NOT_DONE:
            return Status.DISPATCHED
        if self.arrived_at:
            return Status.IN_PROGRESS
        if self.dispatched_at:
            return Status.DISPATCHED
        return Status.PENDING

    @property
    def status_since(self) -> datetime:
        for t in (
            self.cancelled_at,
            self.visited_at,
            self.slip_at,
            self.completed_at,
            self.arrived_at,
            self.dispatched_at,
        ):
            if t is not None:
                return t
        return self.received_at


class RowReader:
    """Validates one row at a time; problems and missing references accumulate."""

    def __init__(self, table: Table, refs: Refs, now: datetime, create_missing: bool) -> None:
        self.table = table
        self.refs = refs
        self.now = now
        self.create = create_missing
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.missing_staff: dict[str, int] = {}  # name -> first row
        self.missing_categories: dict[str, tuple[int, Kind]] = {}
        self.missing_units: dict[str, tuple[int, str, str]] = {}  # code -> row, owner, phone
        self.numbers: dict[str, int] = {}
        self._row = 0
        self._values: dict[str, Any] = {}  # the row's cells by column name
        self._ok = True

    # --- cell helpers ---------------------------------------------------------------
    def bad(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self._row, column, message))
        self._ok = False

    def raw(self, column: str) -> Any:
        return self._values.get(column)

    def text(self, column: str, max_len: int | None = None, required: bool = False) -> str:
        value = cell_text(self.raw(column))
        if required and not value:
            self.bad(column, "不能为空")
        elif max_len is not None and len(value) > max_len:
            self.bad(column, f"不能超过{max_len}个字")
        return value

    def time(self, column: str, required: bool = False) -> datetime | None:
        raw = self.raw(column)
        try:
            t = cell_time(raw)
        except ValueError:
            self.bad(column, f"“{cell_text(raw)}”不是有效的时间（如 2026-11-20 09:30）")
            return None
        if t is None:
            if required:
                self.bad(column, "不能为空")
            return None
        if t > self.now:
            self.bad(column, f"不能晚于当前时间（{self.now:%Y-%m-%d %H:%M}）")
        return t

    def choice(self, column: str, enum: Any, default: Any = None) -> Any:
        value = self.text(column)
        if not value:
            return default
        try:
            return enum.from_text(value)
        except ValueError as exc:
            self.bad(column, str(exc))
            return default

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column)
        if not value:
            return None
        if value in ("是", "有", "Y", "y", "yes", "1", "有偿", "true", "TRUE", "√"):
            return True
        if value in ("否", "无", "N", "n", "no", "0", "无偿", "false", "FALSE", "×"):
            return False
        self.bad(column, f"“{value}”应为“是”或“否”")
        return None

    def _deadline(self, column: str) -> datetime | None:
        """A deadline or an appointment: may lie in the future (unlike the times of things
        that happened: 受理, 派工, 到场, 完成, 回单, 回访, 收款, 取消)."""
        raw = self.raw(column)
        try:
            return cell_time(raw)
        except ValueError:
            self.bad(column, f"“{cell_text(raw)}”不是有效的时间（如 2026-11-20 09:30）")
            return None

    def money(self, column: str) -> int:
        raw = cell_money(self.raw(column))
        if not raw:
            return 0
        try:
            return yuan_to_fen(raw, column)
        except UserError as exc:
            self.bad(column, exc.message.removeprefix(column))
            return 0

    def after(self, later: str, t: datetime | None, earlier: str, e: datetime | None) -> None:
        if t is not None and e is not None and t < e:
            self.bad(later, f"（{t:%Y-%m-%d %H:%M}）不能早于{earlier}（{e:%Y-%m-%d %H:%M}）")

    # --- references -----------------------------------------------------------------
    def category(self, text: str, kind: Kind | None) -> CategoryRecord | None:
        if not text:
            return None
        norm = text.replace("／", "/").replace("\\", "/").strip("/ ")
        found = [c for c in self.refs.categories if norm in (c.path, c.name)]
        if kind is not None:
            found = [c for c in found if c.kind is kind] or found
        exact = [c for c in found if c.path == norm]
        if exact:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if found:
            self.bad("类别", f"“{text}”不唯一，请写完整路径，如 {found[0].path}")
            return None
        if not self.create:
            self.bad("类别", f"“{text}”不存在（可在基础资料中添加，或选择自动新建）")
        elif kind is None:
            self.bad("类别", f"新类别“{text}”需在“类型”列写明报修或报事")
        else:
            self.missing_categories.setdefault(norm, (self._row, kind))
        return None

    # --- one row --------------------------------------------------------------------
    def read(self, row: int, cells: tuple[Any, ...]) -> OrderDraft | None:
        self._row, self._values, self._ok = row, self.table.values(cells), True
        received = self.time("受理时间", required=True)
        kind, matter = self._kind()
        category_text = self.text("类别", required=True)
        category = self.category(category_text, kind) if category_text else None
        if category is not None:
            if kind is not None and category.kind is not kind:
                self.bad("类别", f"“{category.path}”属于{category.kind.label}，与类型不符")
            kind = kind or category.kind
            matter = matter or category.matter_type
        caller = self.text("报修人", 64, required=True)
        phone = self._phone()
        unit_code = code_text(self.text("房号", 32))
        location = self.text("公区位置", 128)
        if not unit_code and not location:
            self.bad("房号", "请填写房号（入户）或公区位置（公共部位）")
        elif unit_code and unit_code not in self.refs.units:
            if self.create:
                self.missing_units.setdefault(unit_code, (row, caller, phone))
            else:
                self.bad("房号", f"“{unit_code}”不在房屋台账中（可先导入房屋台账，或选择自动新建）")
        description = self.text("问题描述", 2000, required=True)
        if not self._ok or received is None or kind is None:
            return None
        d = OrderDraft(
            row=row,
            received_at=received,
            kind=kind,
            matter_type=matter if kind is Kind.MATTER else None,
            category_text=category_text,
            category=category,
            caller=caller,
            phone=phone,
            area=AreaType.HOME if unit_code else AreaType.COMMON,
            unit_code=unit_code,
            location="" if unit_code else location,
            description=description,
        )
        self._intake(d)
        self._work(d)
        self._money(d)
        self._visit(d)
        self._cancel(d)
        d.remark = self.text("备注", 1000)
        return d if self._ok else None

    def _kind(self) -> tuple[Kind | None, MatterType | None]:
        value = self.text("类型")
        if not value:
            return None, None
        for kind in Kind:
            if value in (kind.value, kind.label):
                return kind, None
        try:
            return Kind.MATTER, MatterType.from_text(value)
        except ValueError:
            options = "、".join(
                [Kind.REPAIR.label, Kind.MATTER.label, *(m.label for m in MatterType)]
            )
            self.bad("类型", f"“{value}”不是有效值，可选：{options}")
            return None, None

    def _phone(self) -> str:
        value = self.text("联系电话", required=True)
        if not value:
            return ""
        phone = normalize_phone(value)
        if len(phone.text) > 32:
            self.bad("联系电话", "不能超过32个字符")
        elif phone.warning:
            self.warnings.append(ImportProblem(self._row, "联系电话", phone.warning))
        return phone.text

    def _intake(self, d: OrderDraft) -> None:
        d.number = code_text(self.text("编号"))
        if d.number:
            try:
                parse_number(d.number)
            except ValueError:
                self.bad("编号", f"“{d.number}”格式不对，应为年份加6位序号，如 2026000123")
            else:
                first = self.numbers.setdefault(d.number, self._row)
                if first != self._row:
                    self.bad("编号", f"“{d.number}”与第{first}行重复")
        own = self.text("来源")
        if own and own in self.refs.channels:  # one of the office's own channels
            d.channel = own
        else:
            d.channel = self.choice("来源", Channel, Channel.OTHER)
        urgency = self.text("紧急程度")
        if urgency:
            d.urgency = next((u for u in self.refs.urgencies if u.name == urgency), None)
            if d.urgency is None:
                names = "、".join(u.name for u in self.refs.urgencies)
                self.bad("紧急程度", f"“{urgency}”不存在，可选：{names}")
        d.appointment_at = self._deadline("预约时间")  # an appointment may lie ahead
        self.after("预约时间", d.appointment_at, "受理时间", d.received_at)
        d.material_source = self.choice("材料提供", MaterialSource, MaterialSource.CENTRE)
        d.developer = bool(self.yes_no("开发商保修"))
        d.is_rework = self.yes_no("返修")
        dept = self.text("处理部门")
        if dept:
            d.department_id = self.refs.departments.get(dept)
            if d.department_id is None:
                self.bad("处理部门", f"“{dept}”不存在")

    def _work(self, d: OrderDraft) -> None:
        d.dispatched_at = self.time("派工时间")
        d.arrive_due_at = self._deadline("到场时限")
        d.staff = [s for s in STAFF_SPLIT.split(self.text("维修人员")) if s]
        d.arrived_at = self.time("到达时间")
        d.completed_at = self.time("完成时间")
        d.result = self.choice("维修结果", WorkResult)
        d.incomplete_reason = self.text("未完成原因", 500)
        d.work_done = self.text("维修内容", 2000)
        for name in d.staff:
            if len(name) > 64:
                self.bad("维修人员", f"“{name}”过长")
            elif name not in self.refs.staff:
                if self.create:
                    self.missing_staff.setdefault(name, self._row)
                else:
                    self.bad("维修人员", f"“{name}”不存在（可在基础资料中添加，或选择自动新建）")
        if d.developer:
            for column, value in (
                ("派工时间", d.dispatched_at),
                ("维修人员", d.staff),
                ("到达时间", d.arrived_at),
            ):
                if value:
                    self.bad(column, "开发商保修的工单不派工，此列应为空")
            self.after("完成时间", d.completed_at, "受理时间", d.received_at)
            return
        self.after("派工时间", d.dispatched_at, "受理时间", d.received_at)
        self.after("到场时限", d.arrive_due_at, "派工时间", d.dispatched_at)
        if d.dispatched_at is None:
            answered = is_desk_answer(d.kind, d.dispatched_at, d.completed_at)
            for column, value in (
                ("维修人员", d.staff),
                ("到达时间", d.arrived_at),
                ("完成时间", None if answered else d.completed_at),
            ):
                if value:
                    self.bad(column, "须先填写派工时间")
            if answered:  # a 报事 answered at the desk: completed, never dispatched
                self.after("完成时间", d.completed_at, "受理时间", d.received_at)
            return
        self.after("到达时间", d.arrived_at, "派工时间", d.dispatched_at)
        if d.result is WorkResult.NOT_DONE:
            if d.completed_at is not None:
                self.bad("维修结果", "为“未完成”时不能有完成时间")
            if d.arrived_at is None:
                self.bad("到达时间", "维修结果为“未完成”时须填写到达时间")
            if not d.incomplete_reason:
                self.bad("未完成原因", "维修结果为“未完成”时须填写原因")
        elif d.result is WorkResult.DONE and d.completed_at is None:
            self.bad("完成时间", "维修结果为“完成”时须填写完成时间")
        if d.completed_at is not None:
            if d.arrived_at is None and d.kind is Kind.REPAIR:
                self.bad("到达时间", "报修工单完成前须有到达时间")
            self.after(
                "完成时间",
                d.completed_at,
                "到达时间" if d.arrived_at else "派工时间",
                d.arrived_at or d.dispatched_at,
            )
            d.result = WorkResult.DONE

    def _money(self, d: OrderDraft) -> None:
        d.labour_fen = self.money("人工费")
        d.material_fen = self.money("材料费")
        if (d.labour_fen or d.material_fen) and d.completed_at is None:
            self.bad("人工费" if d.labour_fen else "材料费", "未完工的工单不能有费用")
        d.fee_status = self.choice("收费状态", FeeStatus)
        paid = self.yes_no("有偿")
        if paid is False and d.fee_status is not None:
            self.bad("收费状态", "无偿服务不能有收费状态")
        d.paid = bool(paid) or d.fee_status is not None
        if d.paid and d.fee_status is None:
            d.fee_status = FeeStatus.UNPAID
        if d.fee_status not in (None, FeeStatus.UNPAID) and d.completed_at is None:
            self.bad("收费状态", f"“{d.fee_status.label}”须在完工之后")  # type: ignore[union-attr]
        d.fee_paid_at = self.time("收款时间")
        self.after("收款时间", d.fee_paid_at, "完成时间", d.completed_at)
        if d.fee_status in (FeeStatus.PAID, FeeStatus.WITH_MGMT_FEE):
            d.fee_paid_at = d.fee_paid_at or d.completed_at
        else:
            d.fee_paid_at = None
        d.receipt_no = self.text("收据号", 64)

    def _visit(self, d: OrderDraft) -> None:
        d.slip_at = self.time("回单时间")
        d.visited_at = self.time("回访时间")
        d.visit_method = self.choice("回访方式", VisitMethod, VisitMethod.PHONE)
        d.satisfaction = self.choice("评价", Satisfaction)
        d.opinion = self.text("业主意见", 2000)
        if d.slip_at is not None:
            if d.developer:
                self.bad("回单时间", "开发商保修的工单没有派工单回单，此列应为空")
            elif d.completed_at is None:
                self.bad("回单时间", "须先有完成时间")
            self.after("回单时间", d.slip_at, "完成时间", d.completed_at)
        if d.visited_at is not None:
            if d.completed_at is None:
                self.bad("回访时间", "须先有完成时间")
            previous = d.slip_at or d.completed_at
            self.after("回访时间", d.visited_at, "回单时间" if d.slip_at else "完成时间", previous)
            if d.satisfaction is None:
                self.bad("评价", "有回访时间时须填写评价（满意/基本满意/不满意）")
        elif d.satisfaction is not None:
            self.bad("回访时间", "填写了评价但没有回访时间")

    def _cancel(self, d: OrderDraft) -> None:
        d.cancelled_at = self.time("取消时间")
        d.cancel_reason = self.text("取消原因", 500)
        if d.cancelled_at is None:
            return
        self.after(
            "取消时间",
            d.cancelled_at,
            "派工时间" if d.dispatched_at else "受理时间",
            d.dispatched_at or d.received_at,
        )
        if d.arrived_at or d.completed_at or d.developer:
            self.bad("取消时间", "已到场、已完成或转开发商的工单不能取消")
        d.cancel_reason = d.cancel_reason or f"（{IMPORT_NOTE}）"


# --- drafts to rows ------------------------------------------------------------------------


@dataclass
class Loaded:
    """Rows by field name (``propdesk.db.bulk.insert``)."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    dispatch_staff: list[dict[str, int]] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    numbers: list[tuple[int, str, int]] = field(default_factory=list)  # order id, number, row
    judge_rework: list[int] = field(default_factory=list)  # ids whose 返修 mark is not given
    last_seq: dict[int, int] = field(default_factory=dict)


def build_rows(
    drafts: list[OrderDraft],
    refs: Refs,
    user_id: int,
    now: datetime,
    first_order_id: int,
    first_dispatch_id: int,
    last_seq: dict[int, int],
    category_of: Callable[[OrderDraft], CategoryRecord],
) -> Loaded:
    """The rows to insert, in receipt order; unnumbered orders take the next numbers of
    their year after ``last_seq`` (and after any number the file itself gives)."""
    out = Loaded(last_seq=dict(last_seq))
    for d in drafts:
        if d.number:
            year, seq = parse_number(d.number)
            out.last_seq[year] = max(out.last_seq.get(year, 0), seq)
    oid, did = first_order_id, first_dispatch_id
    urgencies = {u.id: u for u in refs.urgencies}
    fallback_urgency = next((u for u in refs.urgencies if u.name == "一般"), refs.urgencies[0])
    for d in sorted(drafts, key=lambda x: (x.received_at, x.row)):
        oid += 1
        number = d.number
        if not number:
            year = d.received_at.year
            out.last_seq[year] = out.last_seq.get(year, 0) + 1
            number = f"{year:04d}{out.last_seq[year]:06d}"
        out.numbers.append((oid, number, d.row))
        category = category_of(d)
        urgency = d.urgency or urgencies.get(category.default_urgency_id or 0) or fallback_urgency
        staff_ids = [refs.staff[s] for s in dict.fromkeys(d.staff)]
        department = (
            d.department_id
            or (refs.staff_department.get(staff_ids[0]) if staff_ids else None)
            or category.default_department_id
            or refs.default_department.get(d.kind)
        )
        due = d.arrive_due_at
        if d.dispatched_at is not None and due is None:
            due = arrival_deadline(d.dispatched_at, urgency.rule, refs.rules, d.appointment_at)
        status = d.status
        deadline = next_deadline(
            OrderTimes(status, d.received_at, d.status_since, d.dispatched_at, due, d.completed_at),
            urgency.rule,
            refs.rules,
        )
        total = d.labour_fen + d.material_fen
        visited = d.visited_at if status is Status.CLOSED else None
        work_done = d.work_done or (
            ("开发商已处理" if d.developer else "已完成") if d.completed_at else ""
        )
        out.orders.append(
            dict(
                id=oid,
                number=number,
                kind=d.kind.value,
                matter_type=d.matter_type.value if d.matter_type else None,
                area_type=d.area.value,
                channel=d.channel,
                status=status.value,
                status_since=d.status_since,
                received_at=d.received_at,
                receiver=user_id,
                caller_name=d.caller,
                phone=d.phone,
                unit=refs.units.get(d.unit_code) if d.unit_code else None,
                location=d.location,
                category=category.id,
                description=d.description,
                urgency=urgency.id,
                appointment_at=d.appointment_at,
                paid=d.paid,
                material_source=d.material_source.value,
                developer_warranty=d.developer,
                department=department,
                staff_names="、".join(dict.fromkeys(d.staff)),
                due_at=deadline.at if deadline else None,
                due_kind=deadline.kind.value if deadline else None,
                dispatched_at=d.dispatched_at,
                arrive_due_at=due,
                arrived_at=d.arrived_at,
                completed_at=d.completed_at,
                slip_returned_at=d.slip_at,
                visited_at=visited,
                closed_at=visited,
                cancelled_at=d.cancelled_at,
                cancel_reason=d.cancel_reason,
                remark=d.remark,
                developer_note="开发商保修" if d.developer else "",
                work_done=work_done,
                labour_fen=d.labour_fen,
                material_fen=d.material_fen,
                total_fen=total,
                fee_status=d.fee_status.value if d.fee_status else None,
                fee_paid_at=d.fee_paid_at,
                receipt_no=d.receipt_no,
                satisfaction=d.satisfaction.value if visited and d.satisfaction else None,
                is_rework=bool(d.is_rework),
                created_at=now,
                updated_at=now,
            )
        )
        if d.is_rework is None and d.unit_code:
            out.judge_rework.append(oid)
        if d.dispatched_at is not None:
            did += 1
            finished = (
                d.completed_at
                if d.result is WorkResult.DONE
                else (d.arrived_at if d.result is WorkResult.NOT_DONE else None)
            )
            out.dispatches.append(
                dict(
                    id=did,
                    order=oid,
                    seq=1,
                    dispatched_at=d.dispatched_at,
                    dispatcher=user_id,
                    department=department,
                    arrive_due_at=due,
                    arrived_at=d.arrived_at,
                    finished_at=finished,
                    result=d.result.value if d.result else None,
                    incomplete_reason=(
                        d.incomplete_reason if d.result is WorkResult.NOT_DONE else ""
                    ),
                    note=IMPORT_NOTE
                    if d.result is WorkResult.NOT_DONE or not d.incomplete_reason
                    else f"{IMPORT_NOTE}；此前未完成：{d.incomplete_reason}",
                )
            )
            out.dispatch_staff.extend(dict(dispatch=did, staff=sid) for sid in staff_ids)
        if d.material_fen:
            out.materials.append(
                dict(
                    order=oid,
                    line_no=1,
                    name="材料（导入）",
                    quantity="1",
                    unit="项",
                    unit_price_fen=d.material_fen,
                    amount_fen=d.material_fen,
                )
            )
        if visited is not None and d.satisfaction is not None:
            out.visits.append(
                dict(
                    order=oid,
                    visited_at=visited,
                    method=d.visit_method.value,
                    visitor=user_id,
                    satisfaction=d.satisfaction.value,
                    opinion=d.opinion,
                )
            )
    return out
