"""Small builders of order records for the print tests (no database needed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialSource,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.records import DispatchRecord, MaterialLine, OrderRecord, VisitRecord

RECEIVED = datetime(2026, 3, 5, 9, 12)
DISPATCHED = datetime(2026, 3, 5, 9, 15)
ARRIVED = datetime(2026, 3, 5, 9, 27)
FINISHED = datetime(2026, 3, 5, 10, 40)
VISITED = datetime(2026, 3, 5, 15, 30)

_SENTENCE = (
    "卫生间吊顶持续滴水，楼上住户不在家，水渍已经蔓延到客厅和卧室门口，地板起拱，"
    "业主担心电线短路，要求尽快派人检查上层管道并关闭总阀；"
)
LONG_DESCRIPTION = (_SENTENCE * 5)[:299] + "。"  # exactly 300 characters


def order(**overrides: Any) -> OrderRecord:
    """A dispatched in-home repair, not yet done; override any field."""
    base = OrderRecord(
        id=1,
        number="2026000123",
        kind=Kind.REPAIR,
        matter_type=None,
        area_type=AreaType.HOME,
        channel=Channel.PHONE,
        status=Status.DISPATCHED,
        received_at=RECEIVED,
        receiver_name="李前台",
        caller_name="王建国",
        phone="13812345678",
        unit_id=7,
        unit_code="3-2-1502",
        location="",
        category_id=3,
        category_name="水电/水管漏水",
        description="厨房水槽下水管漏水，地面有积水",
        urgency_id=1,
        urgency_name="紧急",
        is_emergency=True,
        appointment_at=datetime(2026, 3, 5, 14, 0),
        paid=True,
        material_source=MaterialSource.OWNER,
        developer_warranty=False,
        department_id=2,
        department_name="工程部",
        due_at=None,
        due_kind=None,
        dispatched_at=DISPATCHED,
        arrived_at=None,
        completed_at=None,
        slip_returned_at=None,
        visited_at=None,
        closed_at=None,
        cancel_reason="",
        developer_note="",
        work_done="",
        labour_fen=0,
        material_fen=0,
        total_fen=0,
        fee_status=None,
        fee_paid_at=None,
        receipt_no="",
        fee_note="",
        satisfaction=None,
        is_rework=False,
        version=1,
        dispatches=(dispatch(),),
    )
    return replace(base, **overrides)


def dispatch(**overrides: Any) -> DispatchRecord:
    base = DispatchRecord(
        id=1,
        seq=1,
        dispatched_at=DISPATCHED,
        dispatcher_name="张主管",
        department_id=2,
        department_name="工程部",
        staff_ids=(11, 12),
        staff_names=("赵师傅", "钱师傅"),
    )
    return replace(base, **overrides)


def completed_order(**overrides: Any) -> OrderRecord:
    """An in-home paid repair, completed and visited: every value known."""
    materials = (
        MaterialLine("PVC下水管 50mm", Decimal("2"), "米", 1500, 3000),
        MaterialLine("密封胶", Decimal("1"), "支", 1250, 1250),
    )
    visit = VisitRecord(
        id=1,
        visited_at=VISITED,
        method=VisitMethod.PHONE,
        visitor_name="周回访",
        satisfaction=Satisfaction.SATISFIED,
        opinion="师傅很细心，满意",
    )
    done = dispatch(arrived_at=ARRIVED, finished_at=FINISHED, result=WorkResult.DONE)
    fields: dict[str, Any] = dict(
        status=Status.CLOSED,
        arrived_at=ARRIVED,
        completed_at=FINISHED,
        slip_returned_at=FINISHED,
        visited_at=VISITED,
        closed_at=VISITED,
        work_done="更换下水管两米并重新打胶密封，试水无渗漏",
        labour_fen=8000,
        material_fen=4250,
        total_fen=12250,
        fee_status=FeeStatus.PAID,
        satisfaction=Satisfaction.SATISFIED,
        dispatches=(done,),
        materials=materials,
        visits=(visit,),
    )
    fields.update(overrides)
    return order(**fields)


def common_order(**overrides: Any) -> OrderRecord:
    """A common-area repair (lift lobby light), free of charge."""
    fields: dict[str, Any] = dict(
        id=2,
        number="2026000124",
        area_type=AreaType.COMMON,
        channel=Channel.PATROL,
        unit_id=None,
        unit_code="",
        location="5号楼一单元大堂",
        category_name="公共照明",
        description="大堂吸顶灯不亮",
        is_emergency=False,
        urgency_name="一般",
        paid=False,
        material_source=MaterialSource.CENTRE,
        appointment_at=None,
    )
    fields.update(overrides)
    return order(**fields)
