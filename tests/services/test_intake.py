"""接报: registering orders, each refused field, warnings (重复报修/返修) and corrections."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from propdesk.domain.deadlines import DeadlineKind
from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialSource,
    MatterType,
    Role,
    Status,
)
from propdesk.domain.errors import ConflictError, PermissionDenied
from propdesk.domain.records import OrderInput
from tests.factories import (
    assert_refused,
    audit_changes,
    audit_rows,
    closed_order,
    db_dump,
    last_audit_id,
    make_user,
    order_in_status,
    order_input,
    raw_order,
    register,
)

NOW = datetime(2026, 11, 20, 10, 0, 0)


@pytest.fixture(autouse=True)
def _workstation(services):
    services.ctx.workstation = "前台一号机"


def category_id(svc, text: str) -> int:
    return svc.reference.category_by_text(text).id


def urgency_id(svc, name: str) -> int:
    return svc.reference.urgency_by_name(name).id


# --- a valid registration ------------------------------------------------------------


def test_register_stores_every_field(services):
    user = make_user(services, Role.RECEPTIONIST, "qiantai")
    result = services.intake.register(
        order_input(
            services,
            caller_name=" 张三 ",
            phone="138 0013 8000",
            channel=Channel.VISIT,
            appointment_at=datetime(2026, 11, 20, 15, 0, 0),
            paid=True,
            material_source=MaterialSource.OWNER,
        ),
        user,
    )
    o = result.order
    assert result.warnings == ()
    assert result.changes.order_ids == frozenset({o.id})
    assert o.number == "2026000001"
    assert o.status is Status.PENDING
    assert o.kind is Kind.REPAIR and o.matter_type is None
    assert o.area_type is AreaType.HOME and o.unit_code == "1-1-101" and o.place == "1-1-101"
    assert o.channel == Channel.VISIT
    assert o.received_at == NOW
    assert o.receiver_name == "前台小王"
    assert o.caller_name == "张三"
    assert o.phone == "13800138000"
    assert o.category_name == "水龙头"
    assert o.urgency_name == "一般"  # the category's default
    assert o.department_name == "工程部"  # the category's default
    assert o.appointment_at == datetime(2026, 11, 20, 15, 0, 0)
    assert o.paid and o.fee_status is FeeStatus.UNPAID
    assert o.material_source is MaterialSource.OWNER
    assert o.version == 1
    assert o.due_at == NOW + timedelta(minutes=5)
    assert o.due_kind is DeadlineKind.DISPATCH
    assert [(e.action, e.at, e.user_name, e.from_status, e.to_status) for e in o.events] == [
        ("register", NOW, "前台小王", None, Status.PENDING)
    ]


def test_register_writes_one_audit_row_naming_the_number(services):
    user = make_user(services, Role.RECEPTIONIST, "qiantai")
    mark = last_audit_id(services)
    order = register(services, user)
    rows = [r for r in audit_rows(services) if r["id"] > mark]
    assert len(rows) == 1
    row = rows[0]
    assert (row["entity"], row["entity_id"], row["field"]) == ("order", order.id, "number")
    assert (row["old_value"], row["new_value"]) == (None, "2026000001")
    assert (row["user_id"], row["username"]) == (user.id, "qiantai")
    assert row["workstation"] == "前台一号机"
    assert row["at"] == NOW


def test_register_uses_the_category_urgency_and_an_explicit_one(services):
    burst = register(services, category="水/爆管", description="卫生间爆管")
    assert burst.urgency_name == "紧急" and burst.is_emergency
    chosen = register(services, urgency_id=urgency_id(services, "紧急"))
    assert chosen.urgency_name == "紧急"


def test_register_a_matter_order_routes_by_category(services):
    o = register(services, kind=Kind.MATTER, category="投诉/噪音扰民", description="楼上噪音")
    assert o.kind is Kind.MATTER
    assert o.matter_type is MatterType.COMPLAINT
    assert o.department_name == "客服部"
    given = register(
        services,
        kind=Kind.MATTER,
        category="投诉",
        description="物业费疑问",
        matter_type=MatterType.CONSULTATION,
    )
    assert given.matter_type is MatterType.CONSULTATION


def test_register_a_common_area_order(services):
    o = register(
        services,
        area_type=AreaType.COMMON,
        unit_code="",
        location=" 3号楼电梯厅 ",
        category="公共设施/路灯",
        description="路灯不亮",
    )
    assert o.area_type is AreaType.COMMON
    assert o.unit_id is None and o.unit_code == ""
    assert o.location == "3号楼电梯厅" and o.place == "3号楼电梯厅"


def test_register_normalises_full_width_phone(services):
    assert register(services, phone="１３８ ００１３ ８０００").phone == "13800138000"
    assert register(services, phone="021 6666 8888 转 123").phone == "021-66668888-123"


def test_unusual_phone_warns_but_saves(services):
    result = services.intake.register(
        order_input(services, phone="1380013800"), services.auth.system_user()
    )
    assert [w.code for w in result.warnings] == ["phone"]
    assert "1380013800" in result.warnings[0].message
    assert result.order.phone == "1380013800"


@pytest.mark.parametrize("phone", ["12345", "abc", "张先生"])
def test_a_phone_that_cannot_be_a_number_is_refused(services, phone):
    assert_refused(
        services,
        lambda: services.intake.register(
            order_input(services, phone=phone), services.auth.system_user()
        ),
        "联系电话",
    )


def test_late_entry_keeps_the_received_time_and_its_deadline(services):
    """补单: a call taken by the night desk at 22:10 is entered next morning."""
    at = datetime(2026, 11, 19, 22, 10, 0)
    o = register(services, received_at=at)
    assert o.received_at == at
    assert o.events[0].at == at
    assert raw_order(services, o.id)["status_since"] == at
    assert o.due_at == at + timedelta(minutes=5)  # already overdue
    assert services.registers.overdue_count() == 1


def test_received_time_equal_to_now_is_accepted(services):
    assert register(services, received_at=NOW).received_at == NOW


def test_received_time_is_stored_to_the_second(services):
    o = register(services, received_at=datetime(2026, 11, 20, 9, 30, 15, 999_999))
    assert o.received_at == datetime(2026, 11, 20, 9, 30, 15)


def test_developer_warranty_goes_straight_to_the_developer(services):
    o = register(services, developer_warranty=True)
    assert o.status is Status.DEVELOPER
    assert o.developer_warranty
    assert [e.action for e in o.events] == ["register", "to_developer"]
    assert o.due_at is None and o.due_kind is None
    assert o.dispatches == ()


def test_register_returns_an_order_the_registers_can_find(services):
    o = register(services)
    assert services.registers.by_number(o.number).id == o.id
    assert [r.id for r in services.registers.unit_history(o.unit_id)] == [o.id]


# --- each refused field ----------------------------------------------------------------


def _inactive_category(svc) -> dict:
    cat = svc.reference.category_by_text("门窗/门锁")
    svc.reference.save_category(
        svc.auth.system_user(),
        name=cat.name,
        kind=cat.kind,
        parent_id=cat.parent_id,
        default_department_id=cat.default_department_id,
        default_urgency_id=cat.default_urgency_id,
        active=False,
        category_id=cat.id,
    )
    return {"category_id": cat.id}


REFUSALS = [
    ({"caller_name": ""}, "报修人"),
    ({"caller_name": "   "}, "报修人"),
    ({"caller_name": "张" * 65}, "报修人"),
    ({"phone": ""}, "联系电话"),
    ({"phone": "  "}, "联系电话"),
    ({"phone": "1" * 33}, "联系电话"),
    ({"unit_code": ""}, "房号"),
    ({"unit_code": "9-9-999"}, "房号"),
    ({"area_type": AreaType.COMMON, "location": ""}, "公区位置"),
    ({"area_type": AreaType.COMMON, "location": "位" * 129}, "公区位置"),
    ({"category_id": None}, "类别"),
    ({"category_id": 99_999}, "类别"),
    ({"category": "投诉"}, "类别"),  # a 报事 category on a 报修 order
    ({"description": ""}, "问题描述"),
    ({"description": "漏" * 2001}, "问题描述"),
    ({"urgency_id": 99_999}, "紧急程度"),
    ({"received_at": NOW + timedelta(seconds=1)}, "受理时间"),
    ({"received_at": datetime(2027, 1, 1)}, "受理时间"),
    (
        {"received_at": datetime(2026, 11, 20, 9, 0), "appointment_at": datetime(2026, 11, 20, 8)},
        "预约时间",
    ),
    ({"appointment_at": NOW - timedelta(minutes=1)}, "预约时间"),
]


@pytest.mark.parametrize(("overrides", "field"), REFUSALS, ids=[f for _, f in REFUSALS])
def test_register_refuses_each_bad_field_and_writes_nothing(services, overrides, field):
    inp = order_input(services, **overrides)
    err = assert_refused(
        services, lambda: services.intake.register(inp, services.auth.system_user()), field
    )
    assert not isinstance(err, PermissionDenied)


def test_matter_order_names_the_reporter(services):
    inp = order_input(services, kind=Kind.MATTER, category="投诉", caller_name="")
    assert_refused(
        services, lambda: services.intake.register(inp, services.auth.system_user()), "报事人"
    )


def test_register_refuses_an_inactive_category(services):
    inp = order_input(services, **_inactive_category(services))
    assert_refused(
        services, lambda: services.intake.register(inp, services.auth.system_user()), "类别"
    )


def test_a_category_of_the_other_kind_is_refused_for_matters_too(services):
    inp = order_input(services, kind=Kind.MATTER, category="水/水龙头")
    err = assert_refused(
        services, lambda: services.intake.register(inp, services.auth.system_user()), "类别"
    )
    assert "报修" in str(err) and "报事" in str(err)


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.FINANCE, Role.ADMIN])
def test_roles_without_register_permission_are_refused(services, role):
    user = make_user(services, role)
    before = db_dump(services)
    with pytest.raises(PermissionDenied) as info:
        services.intake.register(order_input(services), user)
    assert role.label in str(info.value)
    assert db_dump(services) == before


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER])
def test_desk_roles_may_register(services, role):
    user = make_user(services, role)
    assert register(services, user).receiver_name == user.display_name


# --- 重复报修 and 返修 warnings ----------------------------------------------------------


def warning_codes(result) -> list[str]:
    return [w.code for w in result.warnings]


def test_open_order_same_unit_and_category_warns_duplicate(services):
    first = register(services)
    result = services.intake.register(order_input(services), services.auth.system_user())
    assert warning_codes(result) == ["duplicate"]
    assert result.warnings[0].order_numbers == (first.number,)
    assert first.number in result.warnings[0].message
    assert "重复报修" in result.warnings[0].message
    assert not result.order.is_rework
    live = services.intake.warnings_for(first.unit_id, first.category_id)
    assert [w.code for w in live] == ["duplicate"]
    assert set(live[0].order_numbers) == {first.number, result.order.number}


def test_no_duplicate_for_other_unit_or_other_category(services):
    first = register(services)
    other_unit = services.reference.unit_by_code("1-1-102")
    assert services.intake.warnings_for(other_unit.id, first.category_id) == []
    assert services.intake.warnings_for(first.unit_id, category_id(services, "水/爆管")) == []
    assert services.intake.warnings_for(None, first.category_id) == []
    assert services.intake.warnings_for(first.unit_id, None) == []


def test_cancelled_order_gives_no_warning(services, clock):
    order_in_status(services, clock, Status.CANCELLED)
    result = services.intake.register(order_input(services), services.auth.system_user())
    assert result.warnings == ()


def test_completed_but_open_order_is_a_duplicate_not_a_rework(services, clock):
    done = order_in_status(services, clock, Status.COMPLETED)
    warnings = services.intake.warnings_for(done.unit_id, done.category_id)
    assert [w.code for w in warnings] == ["duplicate"]


def test_rework_warning_30_day_boundary(services, clock):
    closed = closed_order(services, clock)
    completed = closed.completed_at
    assert completed is not None

    clock.set(completed + timedelta(days=30))  # exactly 30 days later: still 返修
    warnings = services.intake.warnings_for(closed.unit_id, closed.category_id)
    assert [w.code for w in warnings] == ["rework"]
    assert warnings[0].order_numbers == (closed.number,)
    assert "30天内" in warnings[0].message
    result = services.intake.register(order_input(services), services.auth.system_user())
    assert warning_codes(result) == ["rework"]
    assert result.order.is_rework

    clock.set(completed + timedelta(days=30, seconds=1))  # one second later: no longer
    warnings = services.intake.warnings_for(closed.unit_id, closed.category_id)
    # the order just registered is open: only that duplicate remains
    assert [(w.code, w.order_numbers) for w in warnings] == [("duplicate", (result.order.number,))]


def test_rework_window_follows_the_settings(services, clock):
    closed = closed_order(services, clock)
    rules = replace(services.reference.settings().rules, rework_days=7)
    services.reference.update_settings(services.auth.system_user(), rules=rules)
    clock.set(closed.completed_at + timedelta(days=7, seconds=1))
    assert services.intake.warnings_for(closed.unit_id, closed.category_id) == []
    clock.set(closed.completed_at + timedelta(days=6))
    warnings = services.intake.warnings_for(closed.unit_id, closed.category_id)
    assert [w.code for w in warnings] == ["rework"] and "7天内" in warnings[0].message


def test_rework_and_phone_warnings_together(services, clock):
    closed_order(services, clock)
    clock.advance(days=2)
    result = services.intake.register(
        order_input(services, phone="66880000123"), services.auth.system_user()
    )
    assert warning_codes(result) == ["rework", "phone"]


# --- corrections -----------------------------------------------------------------------


def test_update_fields_writes_changes_event_and_audit(services, clock):
    user = make_user(services, Role.RECEPTIONIST, "qiantai")
    o = register(services)
    clock.advance(minutes=1)
    mark = last_audit_id(services)
    result = services.intake.update_fields(
        o.id,
        {
            "caller_name": "张先生",
            "phone": "139 0013 9000",
            "description": "厨房水龙头滴水",
            "channel": Channel.WECHAT,
        },
        user,
        expected_version=1,
    )
    n = result.order
    assert (n.caller_name, n.phone, n.description, n.channel) == (
        "张先生",
        "13900139000",
        "厨房水龙头滴水",
        Channel.WECHAT,
    )
    assert n.version == 2
    assert n.events[-1].action == "edit" and n.events[-1].user_name == "前台小王"
    assert audit_changes(services, "order", o.id, mark) == {
        "caller_name": ("张三", "张先生"),
        "phone": ("13800138000", "13900139000"),
        "description": ("厨房水龙头漏水", "厨房水龙头滴水"),
        "channel": ("phone", "wechat"),
    }
    rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
    assert {(r["username"], r["workstation"], r["at"]) for r in rows} == {
        ("qiantai", "前台一号机", NOW + timedelta(minutes=1))
    }


def test_update_with_unchanged_values_writes_no_audit_row(services):
    o = register(services)
    mark = last_audit_id(services)
    services.intake.update_fields(o.id, {"caller_name": "张三"}, services.auth.system_user())
    assert audit_changes(services, "order", o.id, mark) == {}


def test_update_urgency_recomputes_the_deadline(services, clock):
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    assert o.due_at == o.received_at + timedelta(hours=24)
    n = services.intake.update_fields(
        o.id, {"urgency_id": urgency_id(services, "紧急")}, services.auth.system_user()
    ).order
    assert n.urgency_name == "紧急"
    assert n.due_at == o.received_at + timedelta(hours=2)
    assert n.due_kind is DeadlineKind.RESOLVE


def test_update_paid_sets_and_clears_the_fee_status(services):
    o = register(services)
    assert o.fee_status is None
    paid = services.intake.update_fields(o.id, {"paid": True}, services.auth.system_user())
    assert paid.order.paid and paid.order.fee_status is FeeStatus.UNPAID
    free = services.intake.update_fields(o.id, {"paid": False}, services.auth.system_user())
    assert not free.order.paid and free.order.fee_status is None


UPDATE_REFUSALS = [
    ({"caller_name": ""}, "报修人"),
    ({"caller_name": "张" * 65}, "报修人"),
    ({"phone": " "}, "联系电话"),
    ({"phone": "1" * 33}, "联系电话"),
    ({"description": ""}, "问题描述"),
    ({"category_id": 99_999}, "类别"),
    ({"category_id": "投诉"}, "类别"),  # resolved to the 报事 category's id below
    ({"urgency_id": 99_999}, "紧急程度"),
    ({"appointment_at": datetime(2026, 11, 20, 9, 59)}, "预约时间"),
]


@pytest.mark.parametrize(
    ("values", "field"),
    UPDATE_REFUSALS,
    ids=[f"{f}-{i}" for i, (_, f) in enumerate(UPDATE_REFUSALS)],
)
def test_update_refuses_each_bad_field_and_writes_nothing(services, values, field):
    o = register(services)
    if values.get("category_id") == "投诉":
        values = {"category_id": category_id(services, "投诉")}
    assert_refused(
        services,
        lambda: services.intake.update_fields(o.id, values, services.auth.system_user()),
        field,
    )


def test_update_refuses_an_empty_location_of_a_common_area_order(services):
    o = register(
        services,
        area_type=AreaType.COMMON,
        unit_code="",
        location="东门岗亭",
        category="公共设施/门禁",
        description="门禁坏了",
    )
    assert_refused(
        services,
        lambda: services.intake.update_fields(o.id, {"location": ""}, services.auth.system_user()),
        "公区位置",
    )


def test_update_refuses_fields_that_are_not_editable(services):
    o = register(services)
    err = assert_refused(
        services,
        lambda: services.intake.update_fields(
            o.id, {"number": "2026999999"}, services.auth.system_user()
        ),
        None,
    )
    assert "number" in str(err)


def test_update_with_a_stale_version_is_a_conflict(services):
    o = register(services)
    services.intake.update_fields(
        o.id, {"caller_name": "张先生"}, services.auth.system_user(), expected_version=1
    )
    before = db_dump(services)
    with pytest.raises(ConflictError):
        services.intake.update_fields(
            o.id, {"caller_name": "张女士"}, services.auth.system_user(), expected_version=1
        )
    assert db_dump(services) == before


def test_closed_order_only_by_a_manager_with_a_reason(services, clock):
    o = closed_order(services, clock)
    clerk = make_user(services, Role.RECEPTIONIST)
    manager = make_user(services, Role.MANAGER)
    before = db_dump(services)
    with pytest.raises(PermissionDenied):
        services.intake.update_fields(o.id, {"caller_name": "张先生"}, clerk, reason="写错了")
    assert db_dump(services) == before
    assert_refused(
        services,
        lambda: services.intake.update_fields(o.id, {"caller_name": "张先生"}, manager),
        "修改原因",
    )
    mark = last_audit_id(services)
    n = services.intake.update_fields(
        o.id, {"caller_name": "张先生"}, manager, reason="业主姓名登记错误"
    ).order
    assert n.caller_name == "张先生" and n.status is Status.CLOSED
    rows = [r for r in audit_rows(services, "order", o.id) if r["id"] > mark]
    assert [
        (r["field"], r["old_value"], r["new_value"], r["reason"], r["username"]) for r in rows
    ] == [("caller_name", "张三", "张先生", "业主姓名登记错误", "u_manager")]


def test_cancelled_order_is_also_closed_to_the_desk(services, clock):
    o = order_in_status(services, clock, Status.CANCELLED)
    clerk = make_user(services, Role.RECEPTIONIST)
    with pytest.raises(PermissionDenied):
        services.intake.update_fields(o.id, {"description": "补充说明"}, clerk, reason="x")


def test_register_input_is_not_mutated(services):
    inp = OrderInput(
        kind=Kind.REPAIR,
        area_type=AreaType.HOME,
        caller_name=" 张三 ",
        phone="13800138000",
        category_id=category_id(services, "水"),
        description="漏水",
        unit_code="1-1-101",
    )
    services.intake.register(inp, services.auth.system_user())
    assert inp.caller_name == " 张三 "
