"""The settings on 系统设置 whose effect no other test saw through the services (issue 11 item
15): each is changed through ``reference.update_settings`` as the page saves it, and the test
sees what the program then does differently. The table of every setting and the test that
proves its effect is ``tests/ui/test_settings_audit.py``."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from openpyxl import load_workbook

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import AreaType, Channel, PaperMode, Status
from propdesk.services.statistics import StatisticsService
from tests.factories import order_in_status, register, staff_id
from tests.print.pdfcheck import page_sizes_mm, page_texts, squeeze


def _settings(services, **values):
    services.reference.update_settings(services.auth.system_user(), **values)


def _rules(services, **values):
    _settings(services, rules=replace(services.reference.settings().rules, **values))


def _slip_text(services, order_id) -> str:
    pdf = services.printing.preview_slip(order_id, services.auth.system_user()).pdf
    return squeeze(page_texts(pdf)[0])


def test_the_slip_prints_the_offices_name_phone_and_disclaimers(services, clock):
    home = order_in_status(services, clock, Status.DISPATCHED)
    common = order_in_status(
        services,
        clock,
        Status.DISPATCHED,
        area_type=AreaType.COMMON,
        unit_code="",
        location="3号楼大堂",
        category="公共设施/路灯",
        description="大堂路灯不亮",
    )
    before_home, before_common = _slip_text(services, home.id), _slip_text(services, common.id)
    assert "阳光花园" not in before_home and "公区施工请设围挡" not in before_common
    _settings(
        services,
        office_name="阳光花园物业服务中心",
        project_name="阳光花园二期",
        office_phone="0571-88886666",
        disclaimer_home="入户维修请业主在场。",
        disclaimer_common="公区施工请设围挡。",
    )
    text = _slip_text(services, home.id)
    assert "阳光花园物业服务中心" in text and "阳光花园二期" in text
    assert "0571-88886666" in text
    assert "入户维修请业主在场。" in text and "公区施工请设围挡" not in text
    text = _slip_text(services, common.id)
    assert "公区施工请设围挡。" in text and "入户维修请业主在场" not in text


def test_the_paper_mode_sets_the_sheets_of_the_slip(services, clock):
    o = order_in_status(services, clock, Status.DISPATCHED)
    user = services.auth.system_user()
    two_up = services.printing.preview_slip(o.id, user).pdf  # A4, two copies a sheet
    assert [round(w) for w, _h in page_sizes_mm(two_up)] == [210, 210]
    _settings(services, paper_mode=PaperMode.A5)
    a5 = services.printing.preview_slip(o.id, user).pdf
    assert len(page_sizes_mm(a5)) == 4  # one copy a sheet
    assert all(round(min(w, h)) == 148 for w, h in page_sizes_mm(a5))


def test_the_dispatch_limit(services, clock):
    o = register(services)
    assert (o.due_kind, o.due_at) == (DeadlineKind.DISPATCH, o.received_at + timedelta(minutes=5))
    _rules(services, dispatch_minutes=12)
    o = register(services, unit_code="1-1-102")
    assert o.due_at == o.received_at + timedelta(minutes=12)


def test_the_lateness_allowed_at_an_appointment(services, clock):
    user = services.auth.system_user()
    visit_at = clock.now + timedelta(hours=3)
    o = register(services, appointment_at=visit_at)
    d = services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)]).order
    assert d.last_dispatch.arrive_due_at == visit_at + timedelta(minutes=10)
    _rules(services, appointment_late_minutes=25)
    o = register(services, unit_code="1-1-102", appointment_at=visit_at)
    d = services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)]).order
    assert d.last_dispatch.arrive_due_at == visit_at + timedelta(minutes=25)


def test_the_visit_hours(services, clock):
    _rules(services, visit_hours=6)
    o = order_in_status(services, clock, Status.TO_VISIT)
    assert o.due_kind is DeadlineKind.VISIT
    assert o.due_at == o.completed_at + timedelta(hours=6)


def test_the_slip_return_cutoff_and_time(services, clock):
    o = order_in_status(services, clock, Status.COMPLETED)  # dispatched 10:02, before 14:00
    assert o.due_kind is DeadlineKind.SLIP
    assert o.due_at == datetime.combine(o.dispatched_at.date(), time(17, 0))
    _rules(services, slip_cutoff=time(9, 0), slip_return_by=time(16, 0))
    o = order_in_status(services, clock, Status.COMPLETED, unit_code="1-1-102")
    next_day = o.dispatched_at.date() + timedelta(days=1)  # dispatched after the 09:00 cutoff
    assert o.due_at == datetime.combine(next_day, time(16, 0))


def test_the_desks_opening_time_sets_the_default_channel(services, clock):
    clock.set(datetime(2026, 11, 20, 8, 30))
    assert register(services).channel == Channel.MONITOR  # before 上班 09:00
    _rules(services, work_start=time(8, 0))
    assert register(services, unit_code="1-1-102").channel == Channel.PHONE


def _timely_row(services, month: date) -> tuple[object, str]:
    book = load_workbook(
        io.BytesIO(
            StatisticsService(services.ctx).month_workbook(month, services.auth.system_user())
        )
    )
    for row in book["汇总"].iter_rows(min_row=5, values_only=True):
        if row[0] == "及时率":
            return row[3], str(row[4])
    raise AssertionError("no 及时率 row")


def test_the_arrival_clock_judges_timeliness_and_is_named_in_the_workbook(services, clock):
    """Arrived 14 minutes after 派工 but 22 after 受理: on time by the 派工 clock, late by the
    受理 one; the workbook's 口径 names the clock in force."""
    user = services.auth.system_user()
    o = register(services)
    clock.advance(minutes=8)
    services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)])
    clock.advance(minutes=14)
    services.workflow.arrive(o.id, user)
    counts, note = _timely_row(services, clock.now.date())
    assert counts == "1 / 1" and "自派工时间起算" in note
    _rules(services, arrival_from_received=True)
    o = register(services, unit_code="1-1-102")
    clock.advance(minutes=8)
    services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)])
    clock.advance(minutes=14)
    services.workflow.arrive(o.id, user)
    counts, note = _timely_row(services, clock.now.date())
    assert counts == "1 / 2" and "自受理时间起算" in note
