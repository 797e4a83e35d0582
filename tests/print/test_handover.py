"""The shift handover sheet: sections, summary, the PDF read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import AreaType, FeeStatus, Kind, Status
from propdesk.domain.records import OrderRecord, OrderRow
from propdesk.domain.settings import OfficeSettings
from propdesk.print.handover import handover_sections, render_handover, summary

from . import builders as b
from .golden import expected_lines
from .pdfcheck import fonts, page_sizes_mm, page_texts, squeeze

NOW = datetime(2026, 3, 5, 17, 25)
SETTINGS = OfficeSettings(office_name="阳光物业服务中心")


def orders() -> list[OrderRecord]:
    return [
        b.order(
            id=10,
            number="2026000130",
            status=Status.PENDING,
            dispatches=(),
            due_at=datetime(2026, 3, 5, 17, 30),
            due_kind=DeadlineKind.DISPATCH,
        ),
        b.order(
            id=11,
            number="2026000131",
            due_at=datetime(2026, 3, 5, 16, 0),
            due_kind=DeadlineKind.ARRIVE,
        ),
        b.common_order(
            id=12,
            number="2026000132",
            status=Status.IN_PROGRESS,
            due_at=datetime(2026, 3, 6, 9, 0),
            due_kind=DeadlineKind.RESOLVE,
        ),
        b.completed_order(
            id=13,
            number="2026000133",
            status=Status.TO_VISIT,
            due_at=datetime(2026, 3, 6, 10, 40),
            due_kind=DeadlineKind.VISIT,
            visits=(),
        ),
        b.completed_order(id=14, number="2026000134", status=Status.CLOSED),
        b.order(id=15, number="2026000135", status=Status.CANCELLED, dispatches=()),
    ]


def as_row(order: OrderRecord) -> OrderRow:
    return OrderRow(
        id=order.id,
        number=order.number,
        kind=order.kind,
        status=order.status,
        received_at=order.received_at,
        caller_name=order.caller_name,
        phone=order.phone,
        place=order.place,
        area_type=order.area_type,
        category_name=order.category_name,
        urgency_name=order.urgency_name,
        department_name=order.department_name,
        staff_names="、".join(order.last_dispatch.staff_names) if order.last_dispatch else "",
        description=order.description,
        due_at=order.due_at,
        due_kind=order.due_kind,
        paid=order.paid,
        total_fen=order.total_fen,
        fee_status=order.fee_status,
        version=order.version,
    )


def test_sections_partition_the_open_orders_overdue_first() -> None:
    sections = handover_sections(orders(), NOW)
    assert [s.title for s in sections] == [
        "超时工单",
        "待派工",
        "派工单在外（未回单）",
        "待回访",
        "其他未完成",
    ]
    assert [[line.number for line in s.lines] for s in sections] == [
        ["2026000131"],
        ["2026000130"],
        ["2026000132"],
        ["2026000133"],
        [],
    ]
    overdue = sections[0].lines[0]
    assert overdue.overdue and overdue.due == "到场 03-05 16:00 超时"
    assert overdue.staff == "赵师傅、钱师傅"
    assert sections[1].lines[0].staff == "工程部"  # not dispatched yet: the default department


def test_developer_orders_fall_under_other() -> None:
    developer = b.order(id=20, number="2026000140", status=Status.DEVELOPER, due_at=None)
    sections = handover_sections([developer], NOW)
    assert [line.number for line in sections[-1].lines] == ["2026000140"]


def test_rows_and_records_give_the_same_sections() -> None:
    records = orders()
    rows = [as_row(o) for o in records]
    assert handover_sections(rows, NOW) == handover_sections(records, NOW)


def test_summary_counts_by_status() -> None:
    assert summary(orders(), NOW) == (
        "未完成 4 单　其中超时 1 单　待派工 1 单　派工单在外 2 张　待回访 1 单"
    )


def test_pdf_shows_every_section_and_the_signature_line() -> None:
    pdf = render_handover(
        orders(), SETTINGS, day=date(2026, 3, 5), now=NOW, printed_by="李前台", shift="白班"
    )
    assert page_sizes_mm(pdf) == [(297.0, 210.0)]
    (text,) = page_texts(pdf)
    flat = squeeze(text)
    for line in expected_lines("handover_texts.txt"):
        assert squeeze(line) in flat, line
    for number in ("2026000130", "2026000131", "2026000132", "2026000133"):
        assert number in text
    assert "2026000134" not in text and "2026000135" not in text
    assert all(r["emb"] == "yes" for r in fonts(pdf))


def test_notes_are_printed_and_output_is_deterministic() -> None:
    kwargs = dict(day=date(2026, 3, 5), now=NOW, printed_by="李前台", notes="3-2-1502 业主明早再约")
    first = render_handover(orders(), SETTINGS, **kwargs)  # type: ignore[arg-type]
    assert first == render_handover(orders(), SETTINGS, **kwargs)  # type: ignore[arg-type]
    assert "3-2-1502 业主明早再约" in page_texts(first)[0]


def test_many_orders_break_across_pages_with_repeated_headers() -> None:
    many = [
        replace(
            b.order(),
            id=100 + i,
            number=f"2026{500 + i:06d}",
            kind=Kind.REPAIR,
            area_type=AreaType.HOME,
            fee_status=FeeStatus.UNPAID,
        )
        for i in range(60)
    ]
    pdf = render_handover(many, SETTINGS, day=date(2026, 3, 5), now=NOW, printed_by="李前台")
    texts = page_texts(pdf)
    assert len(texts) >= 3
    assert all("问题描述" in t for t in texts[:-1])  # the table header repeats
    assert all(f"第 {n} 页" in t for n, t in enumerate(texts, start=1))
    assert sum(t.count("2026000") for t in texts) >= 60
