"""The follow-up log in the reports: the handover sheet's 交接班回访跟进记录 (PDF read back and
rendered), the month workbook's 跟进记录 sheet, and the KPIs 跟进及时率 / 投诉处理及时率 equal
to their plain SQL."""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from propdesk.domain.enums import Kind, Role, Status
from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.domain.followup_kpi import (
    CallFact,
    ComplaintFact,
    call_ratio,
    complaint_ratio,
)
from propdesk.domain.kpi import KPI_BY_KEY, Ratio, month_bounds
from propdesk.services.statistics import StatisticsService
from tests.db import followup_kpi_sql
from tests.factories import MATTER_CATEGORY, make_user, order_in_status, register, staff_id
from tests.print.pdfcheck import page_texts, squeeze

SHOTS = os.environ.get("PROPDESK_SHOTS")
NOV = date(2026, 11, 1)


def note(svc, order_id, kind, text, result=None, next_at=None, at=None):  # type: ignore[no-untyped-def]
    return svc.followups.add_note(
        order_id, NoteInput(kind, text, result, next_at=next_at, at=at), svc.auth.system_user()
    )


def test_handover_prints_the_follow_up_log_and_what_the_next_shift_chases(
    services, clock, tmp_path
):  # type: ignore[no-untyped-def]
    late = order_in_status(services, clock, Status.DISPATCHED)
    chased = order_in_status(services, clock, Status.DISPATCHED, unit_code="3-2-1502")
    clock.advance(minutes=20)
    note(
        services,
        chased.id,
        NoteKind.CALL_OWNER,
        "师傅未到，业主在家等候",
        NoteResult.NOT_ARRIVED,
        next_at=clock.now + timedelta(minutes=15),
    )
    note(services, chased.id, NoteKind.CHASE, "工程部答复10分钟内到")
    clerk = make_user(services, Role.RECEPTIONIST)
    pdf = services.printing.handover(clerk, shift="白班")
    t = squeeze("".join(page_texts(pdf)))
    assert squeeze("交接班回访跟进记录—待跟进（交下一班）") in t
    assert squeeze("交接班回访跟进记录—本日跟进（2）") in t
    assert squeeze("师傅未到，业主在家等候") in t and squeeze("工程部答复10分钟内到") in t
    assert squeeze("到场确认电话") in t and late.number in t
    assert squeeze("约定回电") in t
    pending_at = t.index(squeeze("待跟进（交下一班）"))
    notes_at = t.index(squeeze("本日跟进"))
    assert pending_at < notes_at < t.index(squeeze("交接事项"))
    # rendered: Chinese drawn, nothing overlapping the page edge (looked at by hand)
    out = Path(SHOTS) if SHOTS else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    (out / "handover.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(out / "handover.pdf"), str(out / "handover")],
        check=True,
    )
    assert list(out.glob("handover*.png"))


def test_handover_of_a_technician_keeps_to_their_own_orders(services, clock):  # type: ignore[no-untyped-def]
    from tests.factories import make_staff_user

    mine = order_in_status(services, clock, Status.DISPATCHED)
    other = register(services, unit_code="3-2-1502")
    services.workflow.dispatch(
        other.id, services.auth.system_user(), staff_ids=[staff_id(services, "王师傅")]
    )
    clock.advance(minutes=5)
    note(services, mine.id, NoteKind.CALL_STAFF, "李师傅说马上到")
    note(services, other.id, NoteKind.CALL_STAFF, "王师傅在路上")
    tech = make_staff_user(services, Role.TECHNICIAN, staff_id(services))
    t = squeeze("".join(page_texts(services.printing.handover(tech))))
    assert squeeze("李师傅说马上到") in t
    assert squeeze("王师傅在路上") not in t
    assert squeeze("待跟进（交下一班）：无") in t  # a technician chases nothing


# --- the KPIs ---------------------------------------------------------------------------


def test_follow_up_ratios_judge_each_boundary() -> None:
    d = datetime(2026, 11, 20, 9, 0)
    as_of = datetime(2026, 11, 30, 9, 0)
    facts = [
        CallFact(1, d, d + timedelta(minutes=15)),  # on the limit: on time
        CallFact(1, d, d + timedelta(minutes=15, seconds=1)),  # late
        CallFact(2, d, None),  # never called, limit passed: late
        CallFact(3, as_of - timedelta(minutes=5), None),  # not yet due: left out
    ]
    assert call_ratio(facts, 15, as_of) == Ratio(1, 3)
    assert call_ratio(facts, 20, as_of) == Ratio(2, 3)  # the setting moves the figure
    complaints = [
        ComplaintFact(1, d, d + timedelta(hours=12)),
        ComplaintFact(2, d, d + timedelta(hours=13)),
        ComplaintFact(3, as_of - timedelta(hours=1), None),
    ]
    assert complaint_ratio(complaints, 12, as_of) == Ratio(1, 2)
    assert complaint_ratio(complaints, 14, as_of) == Ratio(2, 2)


@pytest.fixture
def november(services, clock):  # type: ignore[no-untyped-def]
    """A few November orders with follow-ups at known times; the clock in December."""
    clock.set(datetime(2026, 11, 20, 9, 0))
    user = services.auth.system_user()
    wf, sid = services.workflow, staff_id(services)
    a = register(services)
    wf.dispatch(a.id, user, staff_ids=[sid], at=datetime(2026, 11, 20, 9, 0))
    b = register(services, unit_code="3-2-1502")
    wf.dispatch(b.id, user, staff_ids=[sid], at=datetime(2026, 11, 20, 9, 0))
    c = register(services, unit_code="5-1-2301")
    wf.dispatch(c.id, user, staff_ids=[sid], at=datetime(2026, 11, 20, 9, 0))
    complaint = register(
        services,
        kind=Kind.MATTER,
        category=MATTER_CATEGORY,
        description="噪音",
        phone="13911112222",
    )
    slow = register(
        services,
        kind=Kind.MATTER,
        category=MATTER_CATEGORY,
        description="噪音",
        phone="13911113333",
    )
    clock.set(datetime(2026, 11, 20, 9, 15))
    note(services, a.id, NoteKind.CALL_OWNER, "已到", NoteResult.ARRIVED)
    clock.set(datetime(2026, 11, 20, 9, 40))
    note(services, b.id, NoteKind.CALL_OWNER, "未接", NoteResult.NO_ANSWER)
    note(services, complaint.id, NoteKind.ANSWER, "已联系投诉人", NoteResult.SOLVED)
    clock.set(datetime(2026, 11, 21, 9, 0))
    note(services, slow.id, NoteKind.CALL_OWNER, "已联系投诉人")
    clock.set(datetime(2026, 12, 2, 10, 0))
    return services


def test_month_kpis_equal_their_sql(november, on_postgres):  # type: ignore[no-untyped-def]
    svc = november
    stats = StatisticsService(svc.ctx)
    figures = stats.month(NOV, svc.auth.system_user()).report.figures
    assert figures.follow_up == Ratio(1, 3)  # a on time, b late (09:40), c never called
    assert figures.complaint_contact == Ratio(1, 2)  # slow called after 24 h
    start, end = month_bounds(NOV)
    rules = svc.reference.settings().rules
    checks = () if on_postgres else (("follow_up", "minutes"), ("complaint_contact", "hours"))
    for key, limit in checks:  # CHECK_SQL is SQLite's dialect
        value = rules.first_call_minutes if limit == "minutes" else rules.complaint_contact_hours
        cursor = svc.ctx.db.execute_sql(
            followup_kpi_sql.CHECK_SQL[key],
            {
                "start": f"{start:%Y-%m-%d %H:%M:%S}",
                "end": f"{end:%Y-%m-%d %H:%M:%S}",
                "as_of": f"{svc.ctx.now():%Y-%m-%d %H:%M:%S}",
                limit: value,
            },
        )
        num, den = cursor.fetchone()
        assert Ratio(num, den) == getattr(figures, key), key
    # the 口径 is written down, and the setting moves the figure
    assert (
        "确认" in KPI_BY_KEY["follow_up"].note and "投诉人" in KPI_BY_KEY["complaint_contact"].note
    )
    svc.reference.update_settings(
        svc.auth.system_user(), rules=replace(rules, first_call_minutes=45)
    )
    assert stats.month(NOV, svc.auth.system_user()).report.figures.follow_up == Ratio(2, 3)


def test_workbook_has_the_follow_up_sheet_and_the_kpis_with_their_basis(november):  # type: ignore[no-untyped-def]
    svc = november
    data = StatisticsService(svc.ctx).month_workbook(NOV, svc.auth.system_user())
    book = load_workbook(io.BytesIO(data))
    ws = book["跟进记录"]
    assert ws["A1"].value.endswith("跟进记录")
    assert [c.value for c in ws[3]] == [
        "工单编号",
        "房号/位置",
        "跟进时间",
        "方式",
        "结果",
        "跟进内容",
        "约定回电",
        "记录人",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value]
    assert len(rows) == 4
    assert [r[3] for r in rows] == ["致电业主", "致电业主", "答复", "致电业主"]
    assert rows[1][4] == "未接通" and rows[0][2] == datetime(2026, 11, 20, 9, 15)
    summary = {r[0].value: r for r in book["汇总"].iter_rows(min_row=5) if r[0].value}
    follow = summary["跟进及时率"]
    assert follow[3].value == "1 / 3" and "致电业主" in follow[4].value
    assert summary["投诉处理及时率"][3].value == "1 / 2"
