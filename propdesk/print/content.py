"""What a dispatch slip says, built from an order: a plain model of rows and cells.

No ReportLab here; ``layout`` draws this model. Values that are known are filled in, the rest
are blanks for the technician (with a grey hint such as ``月 日 时 分``). Checkboxes carry
their ticked state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from propdesk.domain.enums import (
    AreaType,
    Kind,
    MaterialSource,
    Satisfaction,
    VisitMethod,
    WorkResult,
    channel_label,
)
from propdesk.domain.money import amount_in_words, format_yuan
from propdesk.domain.records import MaterialLine, OrderRecord, VisitRecord
from propdesk.domain.settings import OfficeSettings

Options = tuple[tuple[str, bool], ...]

# Column fractions of the standard three-pair row; other rows reuse its boundaries.
LABEL_W = 0.10
VALUE_W = (1 - 3 * LABEL_W) / 3
SPAN_W = 1 - LABEL_W
WIDE_W = 1 - 2 * LABEL_W - VALUE_W  # value cell spanning two pairs

DATE_HINT = "年　　月　　日　　时　　分"
WORDS_HINT = "　万　仟　佰　拾　元　角　分"


@dataclass(frozen=True)
class Cell:
    """One cell: a shaded label, a value text, checkboxes, or a blank with a grey hint."""

    width: float  # fraction of the row
    text: str = ""
    label: bool = False
    checks: Options = ()
    hint: str = ""
    align: str = "left"  # "left", "center" or "right"
    shrink: bool = False  # shrink a little to stay on one line before wrapping


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    key: str = ""  # stable name, for the fitter and for tests
    lines: float = 1.0  # minimum height, in text lines
    flex: float = 0.0  # share of spare height on tall paper


@dataclass(frozen=True)
class SlipContent:
    office: str
    project: str
    title: str
    number: str
    rows: tuple[Row, ...]
    disclaimer: str
    reprint: str  # "补打 2026-03-05" or ""
    footer: str  # printed time and person, or ""

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def slip_title(order: OrderRecord) -> str:
    """维修服务单 for in-home repairs, 派工单 otherwise."""
    if order.kind is Kind.REPAIR and order.area_type is AreaType.HOME:
        return "维修服务单"
    return "派工单"


def fmt_time(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else ""


def _label(text: str, width: float = LABEL_W) -> Cell:
    return Cell(width, text, label=True, align="center")


def _value(text: str, width: float = VALUE_W, hint: str = "", align: str = "left") -> Cell:
    """A value; short ones (one column wide) shrink rather than break a date or a phone."""
    return Cell(width, text, hint="" if text else hint, align=align, shrink=width <= VALUE_W)


def _checks(options: Options, width: float = VALUE_W) -> Cell:
    return Cell(width, checks=options)


def _money(fen: int | None) -> str:
    return f"{format_yuan(fen)} 元" if fen is not None else ""


@dataclass(frozen=True)
class _Work:
    arrived: datetime | None
    finished: datetime | None
    result: WorkResult | None
    reason: str


def _work(order: OrderRecord) -> _Work:
    """What the (last) dispatch achieved. Order-level times stand in only for a single dispatch."""
    last = order.last_dispatch
    single = len(order.dispatches) <= 1
    if last is None:
        result = WorkResult.DONE if order.completed_at else None
        return _Work(order.arrived_at, order.completed_at, result, "")
    arrived = last.arrived_at or (order.arrived_at if single else None)
    finished = last.finished_at or (order.completed_at if single else None)
    result = last.result or (WorkResult.DONE if single and order.completed_at else None)
    return _Work(arrived, finished, result, last.incomplete_reason)


def _completed(order: OrderRecord) -> bool:
    return order.completed_at is not None or bool(order.work_done.strip()) or bool(order.materials)


def _last_visit(order: OrderRecord) -> VisitRecord | None:
    return order.visits[-1] if order.visits else None


def _staff(order: OrderRecord) -> str:
    last = order.last_dispatch
    if last is None:
        return order.department_name
    names = "、".join(last.staff_names)
    dept = last.department_name or order.department_name
    if names and dept:
        return f"{dept}：{names}"
    return names or dept


def _visit_options(visit: VisitRecord | None) -> Options:
    method = visit.method if visit else None
    options = [
        ("电话", method is VisitMethod.PHONE),
        ("上门", method is VisitMethod.HOME),
        ("信函", method is VisitMethod.LETTER),
    ]
    if method is VisitMethod.SMS:
        options.append(("短信", True))
    return tuple(options)


def _rating_options(rating: Satisfaction | None) -> Options:
    return tuple((s.label, rating is s) for s in Satisfaction)


def _material_rows(order: OrderRecord, known: bool, blank_rows: int) -> list[Row]:
    # Name spans two pairs; quantity and unit split a value column; price and amount split
    # the last pair, so the vertical rules meet those of the rows above.
    name_w = 2 * LABEL_W + VALUE_W
    price_w = (LABEL_W + VALUE_W) / 2
    widths = (name_w, VALUE_W / 2, VALUE_W / 2, price_w, 1 - name_w - VALUE_W - price_w)
    heads = ("材料名称", "数量", "单位", "单价(元)", "金额(元)")
    aligns = ("left", "center", "center", "right", "right")
    rows = [Row(tuple(_label(h, w) for h, w in zip(heads, widths, strict=True)), key="mat_head")]
    lines: tuple[MaterialLine, ...] = order.materials if known else ()
    for i, line in enumerate(lines):
        # an owner-supplied material carries its check (seeds 002, 004)
        name = f"{line.name}（业主自备，{line.check_text}）" if line.owner_supplied else line.name
        texts = (
            name,
            f"{line.quantity:f}",
            line.unit,
            format_yuan(line.unit_price_fen),
            format_yuan(line.amount_fen),
        )
        cells = tuple(Cell(w, t, align=a) for t, w, a in zip(texts, widths, aligns, strict=True))
        rows.append(Row(cells, key=f"mat_{i}"))
    if known and not lines:
        rows.append(Row((Cell(1.0, "（未使用材料）", align="center"),), key="mat_none"))
    for i in range(0 if known else blank_rows):
        blank = tuple(Cell(w, align=a) for w, a in zip(widths, aligns, strict=True))
        rows.append(Row(blank, key=f"mat_blank_{i}"))
    return rows


def _remark_rows(order: OrderRecord) -> list[Row]:
    """备注 (and 重要), printed only where the order has them."""
    if not (order.remark or order.important):
        return []
    text = ("【重要】" if order.important else "") + order.remark
    return [Row((_label("备注"), _value(text, SPAN_W)), key="remark")]


def build_slip(
    order: OrderRecord,
    settings: OfficeSettings,
    *,
    blank_material_rows: int = 3,
    reprint_date: date | None = None,
    printed_at: datetime | None = None,
    printed_by: str = "",
) -> SlipContent:
    """The slip's content for ``order``: known values filled in, the rest left blank."""
    home = order.area_type is AreaType.HOME
    repair = order.kind is Kind.REPAIR
    last = order.last_dispatch
    work = _work(order)
    known = _completed(order)
    visit = _last_visit(order)
    rating = visit.satisfaction if visit else order.satisfaction

    dispatched = last.dispatched_at if last else order.dispatched_at
    dispatched_text = fmt_time(dispatched)
    if last is not None and last.seq > 1 and dispatched_text:
        dispatched_text += f"（第{last.seq}次）"
    category = order.category_name
    if not repair and order.matter_type is not None and order.matter_type.label not in category:
        category = f"{order.matter_type.label}/{category}"

    rows: list[Row] = [
        Row(
            (
                _label("受理时间"),
                _value(fmt_time(order.received_at)),
                _label("受理人"),
                _value(order.receiver_name),
                _label("来源"),
                _value(channel_label(order.channel)),
            ),
            key="received",
        ),
        Row(
            (
                _label("报修人" if repair else "报事人"),
                _value(order.caller_name),
                _label("房号" if home else "公区位置"),
                _value(order.place),
                _label("联系电话"),
                _value(order.phone),
            ),
            key="caller",
        ),
        Row(
            (
                _label("类别"),
                _value(category),
                _label("预约时间"),
                _value(fmt_time(order.appointment_at), hint=DATE_HINT if repair else ""),
                _label("紧急程度"),
                _checks((("一般", not order.is_emergency), ("紧急", order.is_emergency))),
            ),
            key="category",
        ),
        Row(
            (
                _label("维修类型"),
                _checks((("公共部位", not home), ("专有部位", home))),
                _label("材料提供"),
                _checks(tuple((m.label, order.material_source is m) for m in MaterialSource)),
                _label("收费"),
                _checks((("有偿", order.paid), ("无偿", not order.paid))),
            ),
            key="type",
        ),
        Row(
            (_label("问题描述"), _value(order.description, SPAN_W)),
            key="description",
            lines=2,
            flex=1,
        ),
        *_remark_rows(order),
        Row(
            (
                _label("派工人"),
                _value(last.dispatcher_name if last else ""),
                _label("派工时间"),
                _value(dispatched_text),
                _label("维修人员" if repair else "处理人员"),
                _value(_staff(order)),
            ),
            key="dispatch",
        ),
        Row(
            (
                _label("到达时间"),
                _value(fmt_time(work.arrived), hint=DATE_HINT),
                _label("完成时间"),
                _value(fmt_time(work.finished), hint=DATE_HINT),
                _label("维修结果"),
                _checks(
                    (
                        ("完成", work.result is WorkResult.DONE),
                        ("未完成", work.result is WorkResult.NOT_DONE),
                    )
                ),
            ),
            key="times",
        ),
        Row(
            (_label("维修内容" if repair else "处理情况"), _value(order.work_done, SPAN_W)),
            key="work_done",
            lines=2,
            flex=3,
        ),
        *_material_rows(order, known, blank_material_rows),
        Row(
            (
                _label("人工费"),
                _value(_money(order.labour_fen if known else None), hint="元", align="right"),
                _label("材料费"),
                _value(_money(order.material_fen if known else None), hint="元", align="right"),
                _label("合计"),
                _value(_money(order.total_fen if known else None), hint="元", align="right"),
            ),
            key="fees",
        ),
        Row(
            (
                _label("合计大写"),
                _value(amount_in_words(order.total_fen) if known else "", WIDE_W, hint=WORDS_HINT),
                _label("维修人签字" if repair else "处理人签字"),
                _value(""),
            ),
            key="words",
        ),
        Row(
            (_label("未完成原因"), _value(work.reason, SPAN_W)),
            key="reason",
        ),
        Row(
            (
                _label("业主意见"),
                _value(visit.opinion if visit else "", WIDE_W),
                _label("业主签字"),
                _value("", hint="日期：　　月　　日"),
            ),
            key="opinion",
            lines=2,
            flex=1,
        ),
        Row(
            (
                _label("回访"),
                _checks(_visit_options(visit)),
                _label("评价"),
                _checks(_rating_options(rating), VALUE_W + LABEL_W),
                # Month and day only, as on the paper form: the year is the slip number's and
                # the full date broke onto a second line in the A4 cell.
                _value(
                    "回访人：" + (f"{visit.visitor_name} {visit.visited_at:%m-%d}" if visit else "")
                ),
            ),
            key="visit",
        ),
    ]

    disclaimer = settings.disclaimer_home if home else settings.disclaimer_common
    footer_parts = []
    if printed_at is not None:
        footer_parts.append(f"打印时间：{fmt_time(printed_at)}")
    if printed_by:
        footer_parts.append(f"打印人：{printed_by}")
    if settings.office_phone:
        footer_parts.append(f"服务电话：{settings.office_phone}")
    return SlipContent(
        office=settings.office_name,
        project=settings.project_name,
        title=slip_title(order),
        number=order.number,
        rows=tuple(rows),
        disclaimer=disclaimer.strip(),
        reprint=f"补打 {reprint_date:%Y-%m-%d}" if reprint_date else "",
        footer="　".join(footer_parts),
    )
