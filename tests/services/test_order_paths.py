"""The lifecycle's side paths through the services (issue 11): 当场答复, a department's 报事
without a slip, 委外, 已备案, 转开发商 later in the job, 未完成 waiting for the owner, 重要, 待审价,
owner-supplied material checks and 备注 — each with its timeline event and audit rows, each
illegal step refused in Chinese with nothing written."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import (
    Channel,
    FeeStatus,
    Kind,
    MaterialCheck,
    PriceReview,
    Role,
    Status,
)
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.followup import NoteInput, NoteKind
from propdesk.domain.records import CompletionInput, MaterialInput
from tests.factories import (
    assert_refused,
    audit_changes,
    last_audit_id,
    make_user,
    order_in_status,
    order_input,
    register,
    staff_id,
)


def _settings(services, **values):
    services.reference.update_settings(services.auth.system_user(), **values)


# --- 当场答复 ---------------------------------------------------------------------------


def test_a_consultation_answered_at_the_desk_waits_for_its_visit(services, clock):
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    inp = order_input(
        services,
        kind=Kind.MATTER,
        category="咨询",
        description="物业费怎么交",
        answer="服务中心前台或APP缴纳",
    )
    o = services.intake.register(inp, clerk).order
    assert o.status is Status.TO_VISIT and o.answered_at_desk
    assert o.completed_at == clock.now and o.work_done == "服务中心前台或APP缴纳"
    assert o.dispatches == () and o.due_kind is DeadlineKind.VISIT
    assert [(e.action, e.user_name, e.at) for e in o.events] == [
        ("register", "前台小王", clock.now),
        ("answer", "前台小王", clock.now),
    ]
    assert o.events[-1].action_label == "当场答复"


def test_the_office_may_close_answered_consultations_without_a_visit(services, clock):
    _settings(services, answered_needs_visit=False)
    inp = order_input(
        services, kind=Kind.MATTER, category="咨询", description="停车卡", answer="已答复"
    )
    o = services.intake.register(inp, services.auth.system_user()).order
    assert o.status is Status.CLOSED and o.closed_at == clock.now
    assert o.events[-1].action == "answer_close" and o.due_at is None


def test_a_complaint_is_answered_at_the_desk_only_with_its_plan(services, clock):
    """Issue 12's rule: a complaint is completed only once its 整改方案 is in the follow-up
    log — 当场答复 completes it, so a new complaint cannot be answered at intake, and a
    waiting one only after its plan; even then it waits for the complainant's visit."""
    _settings(services, answered_needs_visit=False)
    user = services.auth.system_user()
    complaint = order_input(
        services, kind=Kind.MATTER, category="投诉/噪音扰民", description="噪音", answer="已劝导"
    )
    err = assert_refused(services, lambda: services.intake.register(complaint, user), "整改方案")
    assert "当场答复" in str(err)
    c = register(services, kind=Kind.MATTER, category="投诉/噪音扰民", description="噪音")
    clock.advance(minutes=5)
    err = assert_refused(
        services, lambda: services.paths.answer(c.id, user, answer="已劝导"), "整改方案"
    )
    assert "投诉须先提交整改方案" in str(err)
    services.followups.add_note(c.id, NoteInput(NoteKind.PLAN, "约谈装修户，限定施工时间"), user)
    clock.advance(minutes=5)
    n = services.paths.answer(c.id, user, answer="已劝导").order
    assert n.status is Status.TO_VISIT  # closed only when the complainant confirms


def test_a_waiting_matter_may_be_answered_later_but_a_repair_never(services, clock):
    user = services.auth.system_user()
    matter = register(services, kind=Kind.MATTER, category="建议", description="增加垃圾桶")
    clock.advance(minutes=3)
    assert (
        services.paths.answer(matter.id, user, answer="已转环境部").order.status is Status.TO_VISIT
    )
    repair = register(services)
    err = assert_refused(services, lambda: services.paths.answer(repair.id, user, answer="x"), None)
    assert "当场答复" in str(err) and "待派工" in str(err)
    err = assert_refused(
        services,
        lambda: services.intake.register(order_input(services, answer="自己拧紧"), user),
        "当场答复",
    )


# --- 委外 --------------------------------------------------------------------------------


def test_outsourced_to_a_firm_then_its_result_completes_the_order(services, clock):
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    clock.advance(minutes=20)
    mark = last_audit_id(services)
    n = services.paths.outsource(
        o.id, clerk, firm="蓝天玻璃公司", contact="刘经理 13911112222", price="380"
    ).order
    assert n.status is Status.OUTSOURCED and n.due_at is None
    rec = services.paths.outsourcings(o.id)[0]
    assert (rec.firm, rec.contact, rec.price_fen, rec.arranged_by_name, rec.consent) == (
        "蓝天玻璃公司",
        "刘经理 13911112222",
        38000,
        "前台小王",
        True,
    )
    assert n.events[-1].action == "outsource" and "蓝天玻璃公司" in n.events[-1].note
    assert audit_changes(services, "order", o.id, mark)["status"] == ("in_progress", "outsourced")
    clock.advance(days=1)
    n = services.paths.outsource_result(o.id, clerk, result="已更换钢化玻璃").order
    assert n.status is Status.COMPLETED and n.completed_at == clock.now  # 回单 next
    assert services.paths.outsourcings(o.id)[0].result_at == clock.now
    assert n.work_done == "蓝天玻璃公司：已更换钢化玻璃"


def test_outsourcing_needs_a_firm_and_the_customers_consent(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.DISPATCHED)
    assert_refused(services, lambda: services.paths.outsource(o.id, user, firm=" "), "委外单位")
    assert_refused(
        services,
        lambda: services.paths.outsource(o.id, user, firm="迅达", consent=False),
        "客户同意",
    )
    assert_refused(
        services, lambda: services.paths.outsource(o.id, user, firm="迅达", price="abc"), "委外价格"
    )
    pending = register(services, unit_code="1-1-102")
    err = assert_refused(
        services, lambda: services.paths.outsource(pending.id, user, firm="迅达"), None
    )
    assert "委外" in str(err) and "待派工" in str(err)


# --- 已备案 ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.PENDING, Status.DISPATCHED, Status.IN_PROGRESS])
def test_the_owner_declines_and_the_order_is_closed_on_record(services, clock, status):
    o = order_in_status(services, clock, status)
    clock.advance(minutes=5)
    n = services.paths.decline(o.id, services.auth.system_user(), reason="不同意收费").order
    assert n.status is Status.DECLINED and not n.status.is_open
    assert (n.declined_at, n.decline_reason, n.completed_at) == (clock.now, "不同意收费", None)
    assert n.events[-1].action_label == "业主拒绝备案"
    assert services.registers.order(o.id).due_at is None


def test_declining_a_completed_order_is_refused(services, clock):
    o = order_in_status(services, clock, Status.COMPLETED)
    err = assert_refused(
        services,
        lambda: services.paths.decline(o.id, services.auth.system_user(), reason="x"),
        None,
    )
    assert "业主拒绝备案" in str(err)


# --- 转开发商 later in the job ------------------------------------------------------------


def test_a_warranty_defect_found_on_site_goes_to_the_developer(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    clock.advance(minutes=15)
    told = clock.now - timedelta(minutes=5)
    n = services.workflow.to_developer(
        o.id, user, note="防水层渗漏，保修期内", contact="开发商客服 4008001234", notified_at=told
    ).order
    assert n.status is Status.DEVELOPER
    assert (n.developer_contact, n.developer_notified_at) == ("开发商客服 4008001234", told)
    clock.advance(days=3)
    n = services.workflow.developer_result(o.id, user, result="开发商已修复").order
    assert n.status is Status.TO_VISIT


# --- 未完成 -------------------------------------------------------------------------------


def test_incomplete_returns_to_pending_with_the_owners_time(services, clock):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    clock.advance(minutes=20)
    agreed = datetime(2026, 11, 22, 14, 0)
    n = services.workflow.incomplete(
        o.id, services.auth.system_user(), reason="需订购配件", new_appointment=agreed
    ).order
    assert n.status is Status.PENDING and len(n.dispatches) == 1
    assert n.appointment_at == agreed
    assert (n.due_at, n.due_kind) == (agreed, DeadlineKind.DISPATCH)  # dispatch by then
    assert n.events[-1].action_label == "未完成" and n.events[-1].note == "需订购配件"
    clock.set(datetime(2026, 11, 22, 13, 30))
    n = services.workflow.dispatch(
        o.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    ).order
    assert n.status is Status.DISPATCHED and [d.seq for d in n.dispatches] == [1, 2]
    assert n.last_dispatch.arrive_due_at == agreed + timedelta(minutes=10)


# --- 待审价 -------------------------------------------------------------------------------


def _paid_completed(services, clock, *, listed: bool):
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    fee_item = services.reference.fee_items()[0] if listed else None
    line = MaterialInput("水龙头", "1", "个", "45", fee_item_id=fee_item.id if fee_item else None)
    clock.advance(minutes=30)
    labour = CompletionInput("更换水龙头", "30", [line])
    if fee_item:  # the labour fee is the item's too
        labour = CompletionInput("更换水龙头", Decimal(fee_item.labour_fen) / 100, [line])
        labour.labour_items = [fee_item.id]
    return services.workflow.complete(o.id, labour, services.auth.system_user()).order


def test_an_unlisted_price_waits_for_the_supervisor_before_finance_collects(services, clock):
    finance = make_user(services, Role.FINANCE, "caiwu")
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    supervisor = make_user(services, Role.SUPERVISOR, "zhuguan")
    o = _paid_completed(services, clock, listed=False)
    assert o.price_review is PriceReview.PENDING and o.awaiting_price_review
    assert_refused(
        services,
        lambda: services.fees.set_status(o.id, FeeStatus.PAID, finance, receipt_no="R1"),
        "收费状态",
    )
    with pytest.raises(PermissionDenied):
        services.paths.approve_price(o.id, clerk)
    assert [r.number for r in services.paths.awaiting_price_review(supervisor)] == [o.number]
    with pytest.raises(PermissionDenied):
        services.paths.awaiting_price_review(clerk)
    clock.advance(minutes=10)
    n = services.paths.approve_price(o.id, supervisor).order
    assert (n.price_review, n.price_reviewed_at) == (PriceReview.APPROVED, clock.now)
    assert n.events[-1].action_label == "审价" and n.events[-1].user_name == "工程主管小王"
    services.fees.set_status(o.id, FeeStatus.PAID, finance, receipt_no="R1")
    assert services.paths.awaiting_price_review(supervisor) == []
    with pytest.raises(UserError, match="审价"):
        services.paths.approve_price(o.id, supervisor)


def test_a_price_from_the_fee_schedule_needs_no_review(services, clock):
    o = _paid_completed(services, clock, listed=True)
    assert o.price_review is None


def _labour_only(services, clock, labour: str, items: list[int]):
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    clock.advance(minutes=30)
    inp = CompletionInput("疏通下水道", labour, [], labour_items=items)
    return services.workflow.complete(o.id, inp, services.auth.system_user()).order


def test_a_typed_labour_fee_waits_for_the_supervisor_unless_zero(services, clock):
    drain = next(f for f in services.reference.fee_items() if f.name == "疏通下水道")
    assert drain.labour_fen == 5000
    assert _labour_only(services, clock, "50", [drain.id]).price_review is None
    assert _labour_only(services, clock, "100", [drain.id, drain.id]).price_review is None
    typed = _labour_only(services, clock, "50", [])  # same figure, but not taken from it
    assert typed.price_review is PriceReview.PENDING
    over = _labour_only(services, clock, "60", [drain.id])  # typed over the item's
    assert over.price_review is PriceReview.PENDING and over.awaiting_price_review
    assert _labour_only(services, clock, "0", []).price_review is None


# --- owner-supplied materials, 重要, 备注 ---------------------------------------------------


def test_owner_supplied_materials_carry_their_check(services, clock):
    user = services.auth.system_user()
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    clock.advance(minutes=30)
    bad = MaterialInput("角阀", "1", "个", "0", owner_supplied=True)
    assert_refused(
        services,
        lambda: services.workflow.complete(o.id, CompletionInput("更换", "0", [bad]), user),
        "第1行检查结果",
    )
    good = replace(bad, check=MaterialCheck.POOR, check_note="接口有锈")
    n = services.workflow.complete(o.id, CompletionInput("更换角阀", "0", [good]), user).order
    line = n.materials[0]
    assert (line.owner_supplied, line.check, line.check_text) == (
        True,
        MaterialCheck.POOR,
        "质量不佳：接口有锈",
    )
    assert n.price_review is None  # the owner's material is not charged


def test_complaints_and_vip_owners_are_important_by_default(services, clock):
    user = services.auth.system_user()
    complaint = register(services, kind=Kind.MATTER, category="投诉/噪音扰民", description="噪音")
    assert complaint.important
    assert not register(services, unit_code="1-1-102").important
    _settings(services, vip_units=("1-1-102",), complaints_important=False)
    assert register(services, unit_code="1-1-102").important
    assert not register(
        services, kind=Kind.MATTER, category="投诉/噪音扰民", description="噪音"
    ).important
    told = services.intake.register(
        order_input(services, important=False, unit_code="1-1-102"), user
    )
    assert not told.order.important


def test_remark_and_important_are_kept_and_audited(services, clock):
    user = services.auth.system_user()
    o = services.intake.register(order_input(services, remark="业主下午在家"), user).order
    assert o.remark == "业主下午在家"
    mark = last_audit_id(services)
    n = services.paths.set_notes(o.id, user, important=True, remark="钥匙在门卫").order
    assert (n.important, n.remark) == (True, "钥匙在门卫")
    assert audit_changes(services, "order", o.id, mark)["remark"] == ("业主下午在家", "钥匙在门卫")
    assert_refused(
        services, lambda: services.paths.set_notes(o.id, user, remark="长" * 1001), "备注"
    )


# --- the channel out of hours -------------------------------------------------------------


def test_the_default_channel_follows_the_desks_hours(services, clock):
    user = services.auth.system_user()
    assert register(services).channel == Channel.PHONE  # 10:00
    clock.set(datetime(2026, 11, 20, 18, 0))
    assert register(services, unit_code="1-1-102").channel == Channel.MONITOR
    _settings(
        services,
        rules=replace(
            services.reference.settings().rules, work_end=datetime(2000, 1, 1, 19, 0).time()
        ),
    )
    assert register(services, unit_code="3-2-1502").channel == Channel.PHONE
    o = services.intake.register(order_input(services, channel=Channel.WECHAT), user).order
    assert o.channel == Channel.WECHAT


# --- the month's figures --------------------------------------------------------------------


def test_the_months_figures_count_each_path_as_its_sql_does(services, clock, db_path):
    from datetime import date

    from propdesk.domain.kpi import Ratio, month_bounds
    from propdesk.services.statistics import StatisticsService
    from tests.db import kpi_sql

    user = services.auth.system_user()
    order_in_status(services, clock, Status.DECLINED)
    order_in_status(services, clock, Status.OUTSOURCED, unit_code="1-1-102")
    order_in_status(services, clock, Status.CLOSED, unit_code="3-2-1502")
    services.intake.register(
        order_input(
            services, kind=Kind.MATTER, category="咨询", description="缴费", answer="前台答复"
        ),
        user,
    )
    clock.advance(days=3)  # the answered consultation's visit is now overdue
    f = StatisticsService(services.ctx).month(date(2026, 11, 1), user).report.figures
    assert (f.received, f.declined, f.outsourced, f.completed) == (4, 1, 1, 2)
    assert f.completion == Ratio(2, 3)
    assert f.visit_timely == Ratio(1, 2)
    start, end = month_bounds(date(2026, 11, 1))
    args = dict(start=start, end=end, as_of=clock.now, days=30, hours=24)
    c = kpi_sql.run_check(services.ctx.db, "completion", **args)[0]
    assert (c["declined"], c["outsourced"], c["completed"]) == (1, 1, 2)
    vt = kpi_sql.run_check(services.ctx.db, "visit_timely", **args)[0]
    assert Ratio(vt["on_time"], vt["on_time"] + vt["late"]) == f.visit_timely
