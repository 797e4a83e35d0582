"""Each setting issue 11 adds or gives an effect, changed through the service and seen in what
the program does (SPEC §3a: a setting with no effect is a defect)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import MaterialCheck, PaperMode, Satisfaction, Status, VisitMethod
from propdesk.domain.records import CompletionInput, MaterialInput
from tests.factories import assert_refused, order_in_status, register, staff_id
from tests.print.pdfcheck import page_texts, squeeze


def _rules(services, **values):
    s = services.reference.settings()
    services.reference.save_settings(
        services.auth.system_user(), replace(s, rules=replace(s.rules, **values))
    )


def test_the_arrival_clock_counts_from_dispatch_or_from_receipt(services, clock):
    user = services.auth.system_user()
    o = register(services)
    clock.advance(minutes=8)
    n = services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)]).order
    assert n.last_dispatch.arrive_due_at == clock.now + timedelta(minutes=15)  # 派工 + 15
    _rules(services, arrival_from_received=True)
    o = register(services, unit_code="1-1-102")
    clock.advance(minutes=8)
    n = services.workflow.dispatch(o.id, user, staff_ids=[staff_id(services)]).order
    assert n.last_dispatch.arrive_due_at == o.received_at + timedelta(minutes=15)  # 受理 + 15


def test_the_visit_deadline_is_hours_or_the_end_of_the_desks_day(services, clock):
    o = order_in_status(services, clock, Status.TO_VISIT)
    assert o.due_kind is DeadlineKind.VISIT
    assert o.due_at == o.completed_at + timedelta(hours=24)
    _rules(services, visit_same_day=True)
    o = order_in_status(services, clock, Status.TO_VISIT, unit_code="1-1-102")
    assert o.due_at == datetime.combine(o.completed_at.date(), time(17, 30))
    _rules(services, visit_same_day=True, work_end=time(18, 30))
    o = order_in_status(services, clock, Status.TO_VISIT, unit_code="3-2-1502")
    assert o.due_at == datetime.combine(o.completed_at.date(), time(18, 30))


def test_the_second_visit_days(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.CLOSED, important=True)
    (row,) = services.paths.second_visits(user)
    assert row.due_at == o.closed_at + timedelta(days=30)
    _rules(services, second_visit_days=7)
    (row,) = services.paths.second_visits(user)
    assert row.due_at == o.closed_at + timedelta(days=7)
    services.workflow.visit(
        o.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED
    )
    assert services.paths.second_visits(user) == []


def test_the_copy_order_and_names_are_printed(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.DISPATCHED)
    s = services.reference.settings()
    seed_002 = (("第一联 交客户", "白"), ("第二联 工程部存档", "红"), ("第三联 前台转财务部", "黄"))
    services.reference.save_settings(
        user, replace(s, copy_labels=seed_002, copy_count=3, paper_mode=PaperMode.A4)
    )
    texts = [squeeze(t) for t in page_texts(services.printing.preview_slip(o.id, user).pdf)]
    assert len(texts) == 3
    assert "交客户" in texts[0] and "工程部存档" in texts[1] and "前台转财务部" in texts[2]
    assert_refused(
        services,
        lambda: services.reference.save_settings(user, replace(s, copy_labels=(("", "白"),) * 4)),
        "联名称",
    )


def test_channels_the_office_offers_are_checked(services):
    user = services.auth.system_user()
    s = services.reference.settings()
    assert_refused(
        services,
        lambda: services.reference.save_settings(user, replace(s, channels=())),
        "来源渠道",
    )
    assert_refused(
        services,
        lambda: services.reference.save_settings(user, replace(s, channels=("x" * 17,))),
        "来源渠道",
    )
    assert_refused(
        services,
        lambda: services.reference.save_settings(user, replace(s, vip_units=("9-9-999",))),
        "VIP业主房号",
    )


def test_the_slip_prints_the_remark_and_the_owners_material_check(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.IN_PROGRESS, remark="钥匙在门卫室", important=True)
    clock.advance(minutes=30)
    line = MaterialInput(
        "角阀",
        "1",
        "个",
        "0",
        owner_supplied=True,
        check=MaterialCheck.REJECTED,
        check_note="有裂纹",
    )
    services.workflow.complete(o.id, CompletionInput("更换角阀", "20", [line]), user)
    s = services.reference.settings()
    services.reference.save_settings(user, replace(s, paper_mode=PaperMode.A4))
    text = squeeze(page_texts(services.printing.preview_slip(o.id, user).pdf)[0])
    assert "【重要】钥匙在门卫室" in text
    assert "角阀（业主自备，不合格：有裂纹）" in text
