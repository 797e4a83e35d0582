"""The audit log: a row per changed field for every kind of change, written in the change's
own transaction, append-only in the database itself; and the manager's viewer (filters,
paging, Chinese labels and names)."""

from __future__ import annotations

from datetime import date, timedelta

import peewee
import pytest

from propdesk.domain.audit import AuditFilter, field_label, value_text
from propdesk.domain.enums import FeeStatus, Kind, Role, Satisfaction, Status
from propdesk.domain.errors import ConflictError, PermissionDenied, UserError
from propdesk.services.audit_log import record_full_export
from tests.factories import (
    assert_refused,
    audit_rows,
    closed_order,
    last_audit_id,
    make_user,
    order_in_status,
    register,
    staff_id,
)


@pytest.fixture
def manager(services):
    return make_user(services, Role.MANAGER, "jingli")


def rows_after(services, mark: int) -> list[dict]:
    return [r for r in audit_rows(services) if r["id"] > mark]


# --- what gets written ----------------------------------------------------------------


def test_each_kind_of_change_writes_who_when_where_what(services, clock, manager):
    """Register, a lifecycle step, a fee, a correction, base data, settings, users: each
    writes rows naming the user, the time, the workstation, the record and the field."""
    admin = make_user(services, Role.ADMIN, "guanli")
    finance = make_user(services, Role.FINANCE, "caiwu")
    system = services.auth.system_user()
    ws = services.ctx.workstation
    kinds = [
        ("register", lambda: register(services, system), "order", {"number"}),
        (
            "dispatch",
            lambda: services.workflow.dispatch(1, system, staff_ids=[staff_id(services)]),
            "order",
            {"status", "dispatched_at", "arrive_due_at"},
        ),
        (
            "edit",
            lambda: services.intake.update_fields(1, {"caller_name": "张先生"}, system),
            "order",
            {"caller_name"},
        ),
        (
            "unit",
            lambda: services.reference.save_unit(manager, code="8-1-801", owner_name="孙八"),
            "unit",
            {"code", "owner_name"},
        ),
        (
            "settings",
            lambda: services.reference.update_settings(admin, office_name="阳光花园服务中心"),
            "settings",
            {"office_name"},
        ),
        (
            "user",
            lambda: services.auth.save_user(
                admin,
                username="qiantai2",
                display_name="前台二",
                role=Role.RECEPTIONIST,
                password="secret123",
            ),
            "user",
            {"username", "role", "password_hash"},
        ),
    ]
    for name, call, entity, fields in kinds:
        clock.advance(minutes=7)
        mark = last_audit_id(services)
        call()
        new = rows_after(services, mark)
        assert new, name
        assert {r["entity"] for r in new} == {entity}, name
        assert fields <= {r["field"] for r in new}, (name, {r["field"] for r in new})
        assert all(r["workstation"] == ws and r["at"] == clock.now for r in new), name
        assert len({r["field"] for r in new}) == len(new), f"{name}: one row per field"
    order = closed_order(services, clock, paid=True)
    clock.advance(days=1)
    mark = last_audit_id(services)
    services.fees.set_status(order.id, FeeStatus.PAID, finance, receipt_no="R-7")
    fee = {r["field"]: r for r in rows_after(services, mark)}
    assert (fee["fee_status"]["old_value"], fee["fee_status"]["new_value"]) == ("unpaid", "paid")
    assert fee["receipt_no"]["new_value"] == "R-7" and fee["fee_status"]["username"] == "caiwu"
    user_rows = [r for r in audit_rows(services, "user") if r["field"] == "password_hash"]
    assert all("secret" not in (r["new_value"] or "") for r in user_rows)


def test_reasons_are_recorded_where_required(services, clock, manager):
    order = order_in_status(services, clock, Status.CLOSED)
    clock.advance(hours=1)
    mark = last_audit_id(services)
    services.workflow.reopen(order.id, manager, reason="业主反映仍漏水")
    assert {r["reason"] for r in rows_after(services, mark)} == {"业主反映仍漏水"}
    mark = last_audit_id(services)
    services.workflow.cancel(order.id, services.auth.system_user(), reason="业主已自行解决")
    assert {r["reason"] for r in rows_after(services, mark)} == {"业主已自行解决"}


def test_a_refused_change_writes_no_audit_row(services, clock):
    order = register(services)
    stale = order.version
    services.intake.update_fields(order.id, {"caller_name": "张先生"}, services.auth.system_user())
    err = assert_refused(
        services,
        lambda: services.intake.update_fields(
            order.id,
            {"caller_name": "张女士"},
            services.auth.system_user(),
            expected_version=stale,
        ),
        None,
    )
    assert isinstance(err, ConflictError)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET new_value = 'x'", "DELETE FROM audit_log"]
)
def test_the_database_refuses_changing_the_log(services, statement):
    register(services)
    before = audit_rows(services)
    db = services.ctx.db
    with pytest.raises(peewee.DatabaseError, match="append-only"), db.atomic():
        db.execute_sql(statement)
    assert audit_rows(services) == before


def test_full_export_is_the_managers_and_audited(services, clock, manager):
    record_full_export(services.ctx, manager, "2026-11 月报（含完整电话）")
    last = audit_rows(services)[-1]
    assert (last["entity"], last["field"], last["username"]) == ("export", "full_export", "jingli")
    assert last["new_value"] == "2026-11 月报（含完整电话）"
    for role in Role:
        if role is Role.MANAGER:
            continue
        user = make_user(services, role)
        assert_refused(services, lambda u=user: record_full_export(services.ctx, u, "全部"), None)


# --- the viewer -----------------------------------------------------------------------


@pytest.fixture
def history(services, clock, manager):
    """Two days of changes by two users."""
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    first = register(services, clerk)
    clock.advance(minutes=5)
    services.workflow.dispatch(first.id, clerk, staff_ids=[staff_id(services)])
    clock.advance(days=1)
    second = register(services, clerk, kind=Kind.REPAIR, unit_code="1-1-102")
    clock.advance(minutes=5)
    services.workflow.cancel(second.id, manager, reason="重复登记")
    return {"first": first, "second": second, "clerk": clerk}


def test_viewer_is_for_the_manager_and_the_administrator(services, history):
    for role in Role:
        user = make_user(services, role, f"v_{role.value}")
        if role in (Role.MANAGER, Role.ADMIN):
            assert services.audit_log.page(user).entries
            assert any(u.username == "system" for u in services.audit_log.users(user))
        else:
            with pytest.raises(PermissionDenied):
                services.audit_log.page(user)
            with pytest.raises(PermissionDenied):
                services.audit_log.users(user)


def test_filter_by_order(services, history, manager):
    number = history["first"].number
    entries = services.audit_log.page(manager, AuditFilter(order_number=f" {number} ")).entries
    assert entries and {e.subject for e in entries} == {number}
    assert {e.entity for e in entries} == {"order"}
    assert services.audit_log.page(manager, AuditFilter(order_number="1999000001")).entries == ()


def test_filter_by_user_and_dates(services, clock, history, manager):
    by_manager = services.audit_log.page(manager, AuditFilter(username="jingli")).entries
    assert by_manager and {e.username for e in by_manager} == {"jingli"}
    assert {e.user_name for e in by_manager} == {"经理小王"}
    day1 = date(2026, 11, 20)
    first_day = services.audit_log.page(
        manager, AuditFilter(username="qiantai", date_from=day1, date_to=day1)
    ).entries
    assert first_day and all(e.at.date() == day1 for e in first_day)
    second_day = services.audit_log.page(
        manager, AuditFilter(username="qiantai", date_from=day1 + timedelta(days=1))
    ).entries
    assert second_day and all(e.at.date() == day1 + timedelta(days=1) for e in second_day)
    assert {e.id for e in first_day}.isdisjoint({e.id for e in second_day})
    with pytest.raises(UserError, match="开始日期不能晚于结束日期"):
        services.audit_log.page(manager, AuditFilter(date_from=day1, date_to=day1 - timedelta(1)))


def test_entries_are_newest_first_and_paged(services, history, manager):
    everything = services.audit_log.page(manager, limit=10_000).entries
    assert [e.id for e in everything] == sorted((e.id for e in everything), reverse=True)
    seen, before = [], None
    while True:
        page = services.audit_log.page(manager, limit=7, before_id=before)
        seen.extend(e.id for e in page.entries)
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == [e.id for e in everything]


def test_values_read_as_people_say_them(services, clock, history, manager):
    entries = services.audit_log.page(manager, AuditFilter(entity="order"), limit=1000).entries
    status = [e for e in entries if e.field == "status" and e.subject == history["second"].number]
    assert (status[0].old_value, status[0].new_value) == ("待派工", "已取消")
    assert status[0].field_label == "状态" and status[0].entity_label == "工单"
    assert status[0].reason == "重复登记"
    pipe = services.reference.category_by_text("水/水管漏水").id
    services.intake.update_fields(history["first"].id, {"category_id": pipe}, manager)
    changed = services.audit_log.page(manager, AuditFilter(entity="order")).entries[0]
    assert (changed.field_label, changed.old_value, changed.new_value) == (
        "类别",
        "水龙头",
        "水管漏水",
    )
    order = closed_order(services, clock, paid=True)
    fees = services.audit_log.page(
        manager, AuditFilter(order_number=order.number), limit=1000
    ).entries
    total = next(e for e in fees if e.field == "total_fen")
    assert (total.old_value, total.new_value, total.field_label) == ("0.00", "75.50", "合计金额")
    visit = next(e for e in fees if e.field == "satisfaction")
    assert visit.new_value == Satisfaction.SATISFIED.label


def test_labels_for_codes_flags_and_money():
    assert value_text("order", "paid", "1") == "是" and value_text("unit", "active", "0") == "否"
    assert value_text("order", "fee_status", "waived") == FeeStatus.WAIVED.label
    assert value_text("user", "role", "manager") == "经理"
    assert value_text("order", "labour_fen", "3000") == "30.00"
    assert value_text("order", "status", None) == ""
    assert value_text("order", "status", "no_such_code") == "no_such_code"
    assert field_label("order", "phone") == "联系电话" and field_label("unit", "phone") == "电话"
    assert field_label("settings", "rules.arrive_minutes").startswith("时限规则")


def test_exports_with_full_phones_are_audited(services, clock, manager):
    from propdesk.services.statistics import StatisticsService

    closed_order(services, clock)
    stats = StatisticsService(services.ctx)
    finance = make_user(services, Role.FINANCE, "caiwu")
    mark = last_audit_id(services)
    stats.month_workbook(date(2026, 11, 1), finance)  # masked phones: not a full export
    assert rows_after(services, mark) == []
    stats.month_workbook(date(2026, 11, 1), manager)
    (row,) = rows_after(services, mark)
    assert (row["entity"], row["field"], row["username"]) == ("export", "full_export", "jingli")
    assert "2026-11" in row["new_value"] and "完整电话" in row["new_value"]
