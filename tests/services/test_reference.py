"""基础资料: units, departments, staff, categories, urgency levels, fee items and settings —
saved through the service with the right role, audited, each bad field refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from propdesk.domain.enums import Kind, PaperMode, Role
from propdesk.domain.errors import PermissionDenied, UserError
from tests.factories import (
    assert_refused,
    audit_changes,
    audit_rows,
    db_dump,
    department_id,
    last_audit_id,
    make_user,
    register,
)


@pytest.fixture
def admin(services):
    return services.auth.system_user()


# --- units -------------------------------------------------------------------------------


def test_save_unit_splits_the_code_and_normalises_phones(services, admin):
    changes = services.reference.save_unit(
        admin,
        code=" 7-3-1201 ",
        owner_name=" 孙七 ",
        phone="１３６ ００１３ ６０００",
        phone2="0571 8888 6666",
        note="独居老人",
    )
    assert changes.units
    u = services.reference.unit_by_code("7-3-1201")
    assert (u.building, u.entrance, u.room) == ("7", "3", "1201")
    assert (u.owner_name, u.phone, u.phone2, u.note) == (
        "孙七",
        "13600136000",
        "0571-88886666",
        "独居老人",
    )
    assert services.reference.unit_count() == 5
    assert audit_changes(services, "unit", u.id)["code"] == (None, "7-3-1201")


@pytest.mark.parametrize(
    ("code", "parts"),
    [("1502", ("", "", "1502")), ("3—2—1502", ("3", "2", "1502")), ("A-1-B-2", ("A", "1", "B-2"))],
)
def test_unit_codes_of_other_shapes(services, admin, code, parts):
    services.reference.save_unit(admin, code=code)
    u = services.reference.unit_by_code(code)
    assert (u.building, u.entrance, u.room) == parts


def test_editing_a_unit_audits_old_and_new(services, admin):
    u = services.reference.unit_by_code("1-1-101")
    mark = last_audit_id(services)
    services.reference.save_unit(
        admin, code="1-1-101", owner_name="张三丰", phone="13800138000", unit_id=u.id
    )
    assert audit_changes(services, "unit", u.id, mark) == {"owner_name": ("张三", "张三丰")}
    row = audit_rows(services, "unit", u.id)[-1]
    assert row["username"] == "system" and row["workstation"] == services.ctx.workstation


@pytest.mark.parametrize(
    ("code", "field"), [("", "房号"), ("1-1-101", "房号"), ("房" * 33, "房号")]
)
def test_save_unit_refuses_bad_codes(services, admin, code, field):
    assert_refused(services, lambda: services.reference.save_unit(admin, code=code), field)


def test_search_units(services):
    assert [u.code for u in services.reference.search_units("1-1")] == ["1-1-101", "1-1-102"]
    assert [u.code for u in services.reference.search_units("王五")] == ["3-2-1502"]
    assert [u.code for u in services.reference.search_units("66668888")] == ["5-1-2301"]
    assert services.reference.search_units("没有") == []


# --- departments and staff -------------------------------------------------------------


def test_departments_and_staff(services, admin):
    services.reference.save_department(admin, name="绿化组")
    dept = department_id(services, "绿化组")
    services.reference.save_staff(admin, name="周师傅", department_id=dept, phone="13500135000")
    s = next(s for s in services.reference.staff() if s.name == "周师傅")
    assert (s.department_name, s.phone, s.is_technician) == ("绿化组", "13500135000", True)
    services.reference.save_staff(
        admin, name="周师傅", department_id=dept, active=False, staff_id=s.id
    )
    assert "周师傅" not in {s.name for s in services.reference.staff()}
    assert "周师傅" in {s.name for s in services.reference.staff(active_only=False)}
    assert audit_changes(services, "staff", s.id)["active"] == ("1", "0")


def test_department_names_are_unique(services, admin):
    err = assert_refused(
        services,
        lambda: services.reference.save_department(admin, name="工程部"),
        "部门名称",
        in_message=False,
    )
    assert "工程部" in str(err) and "已存在" in str(err)
    assert_refused(
        services, lambda: services.reference.save_department(admin, name=" "), "部门名称"
    )


def test_staff_needs_a_name(services, admin):
    assert_refused(
        services, lambda: services.reference.save_staff(admin, name="", department_id=1), "姓名"
    )


def test_staff_of_an_unknown_department_is_refused(services, admin):
    assert_refused(
        services,
        lambda: services.reference.save_staff(admin, name="周师傅", department_id=9999),
        "部门",
    )


# --- categories and urgencies ----------------------------------------------------------


def test_save_category_under_a_parent(services, admin):
    water = services.reference.category_by_text("水")
    urgent = services.reference.urgency_by_name("紧急").id
    services.reference.save_category(
        admin,
        name="热水器",
        kind=Kind.REPAIR,
        parent_id=water.id,
        default_department_id=1,
        default_urgency_id=urgent,
    )
    cat = services.reference.category_by_text("水/热水器")
    assert (cat.path, cat.parent_id, cat.default_urgency_id) == ("水/热水器", water.id, urgent)
    assert services.reference.category_by_text("热水器").id == cat.id


def test_category_names_are_unique_under_one_parent(services, admin):
    water = services.reference.category_by_text("水")
    assert_refused(
        services,
        lambda: services.reference.save_category(
            admin, name="爆管", kind=Kind.REPAIR, parent_id=water.id
        ),
        "类别名称",
    )
    assert_refused(
        services,
        lambda: services.reference.save_category(admin, name="水", kind=Kind.REPAIR),
        "类别名称",
    )
    # the same name under another parent is fine
    elec = services.reference.category_by_text("电")
    services.reference.save_category(admin, name="爆管", kind=Kind.REPAIR, parent_id=elec.id)


def test_category_refusals(services, admin):
    water = services.reference.category_by_text("水")
    assert_refused(
        services,
        lambda: services.reference.save_category(admin, name="", kind=Kind.REPAIR),
        "类别名称",
    )
    assert_refused(
        services,
        lambda: services.reference.save_category(
            admin, name="水", kind=Kind.REPAIR, parent_id=water.id, category_id=water.id
        ),
        "上级类别",
    )
    assert_refused(
        services,
        lambda: services.reference.save_category(
            admin, name="暖气", kind=Kind.REPAIR, parent_id=9999
        ),
        "上级类别",
    )


def test_category_by_text(services):
    assert services.reference.category_by_text(" 水/爆管 ").name == "爆管"
    assert services.reference.category_by_text("投诉", Kind.MATTER).name == "投诉"
    with pytest.raises(UserError) as info:
        services.reference.category_by_text("暖气")
    assert info.value.field == "类别" and "暖气" in str(info.value)
    with pytest.raises(UserError):
        services.reference.category_by_text("水", Kind.MATTER)


def test_save_urgency(services, admin):
    services.reference.save_urgency(
        admin, name="特急", arrive_minutes=5, resolve_minutes=60, is_emergency=True
    )
    u = services.reference.urgency_by_name("特急")
    assert (u.arrive_minutes, u.resolve_minutes, u.is_emergency) == (5, 60, True)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "紧急程度名称"),
        ({"name": "一般"}, "紧急程度名称"),  # taken
        ({"arrive_minutes": 0}, "到场时限"),
        ({"arrive_minutes": -5}, "到场时限"),
        ({"resolve_minutes": 0}, "完成时限"),
    ],
)
def test_save_urgency_refusals(services, admin, kwargs, field):
    values = {"name": "特急", "arrive_minutes": 5, "resolve_minutes": 60, **kwargs}
    assert_refused(services, lambda: services.reference.save_urgency(admin, **values), field)


def test_urgency_by_name_unknown(services):
    with pytest.raises(UserError) as info:
        services.reference.urgency_by_name("超级紧急")
    assert info.value.field == "紧急程度"


# --- fee schedule ------------------------------------------------------------------------


def test_fee_items_in_fen(services, admin):
    services.reference.save_fee_item(
        admin, name="更换灯泡", unit="个", labour="12.345", material="8.5"
    )
    item = next(i for i in services.reference.fee_items() if i.name == "更换灯泡")
    assert (item.labour_fen, item.material_fen) == (1235, 850)  # half up to the fen


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "收费项目"),
        ({"unit": ""}, "单位"),
        ({"labour": "十元"}, "人工费"),
        ({"labour": "-1"}, "人工费"),
        ({"material": "abc"}, "材料费"),
    ],
)
def test_fee_item_refusals(services, admin, kwargs, field):
    values = {"name": "更换灯泡", "unit": "个", "labour": "10", **kwargs}
    assert_refused(services, lambda: services.reference.save_fee_item(admin, **values), field)


# --- settings ----------------------------------------------------------------------------


def test_settings_round_trip_and_audit(services, admin):
    old = services.reference.settings()
    rules = replace(old.rules, slip_cutoff=time(13, 0), visit_hours=48)
    mark = last_audit_id(services)
    services.reference.update_settings(
        admin, office_name="阳光花园服务中心", copy_count=3, paper_mode=PaperMode.A5, rules=rules
    )
    new = services.reference.settings()
    assert (new.office_name, new.copy_count, new.paper_mode) == (
        "阳光花园服务中心",
        3,
        PaperMode.A5,
    )
    assert new.rules.slip_cutoff == time(13, 0) and new.rules.visit_hours == 48
    assert audit_changes(services, "settings", None, mark) == {
        "office_name": ("物业服务中心", "阳光花园服务中心"),
        "copy_count": ("4", "3"),
        "paper_mode": ("a4x2", "a5"),
        "rules.slip_cutoff": ("14:00", "13:00"),
        "rules.visit_hours": ("24", "48"),
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"office_name": " "}, "服务中心名称"),
        ({"copy_count": 5}, "联数"),
        ({"copy_count": 2}, "联数"),
        ({"copy_labels": (("第一联", "白"), ("第二联", "红"))}, "联名称"),
    ],
)
def test_settings_refusals(services, admin, values, field):
    assert_refused(services, lambda: services.reference.update_settings(admin, **values), field)


def test_new_deadline_rules_apply_to_new_steps(services, admin, clock):
    before = register(services)
    assert before.due_at == clock.now + timedelta(minutes=5)
    rules = replace(services.reference.settings().rules, dispatch_minutes=10)
    services.reference.update_settings(admin, rules=rules)
    after = register(services, unit_code="1-1-102")
    assert after.due_at == clock.now + timedelta(minutes=10)
    # an open order keeps the deadline it was given
    assert services.registers.order(before.id).due_at == clock.now + timedelta(minutes=5)


# --- permissions -------------------------------------------------------------------------

WRITES = {
    "unit": lambda s, u: s.reference.save_unit(u, code="9-9-901"),
    "department": lambda s, u: s.reference.save_department(u, name="绿化组"),
    "staff": lambda s, u: s.reference.save_staff(u, name="周师傅", department_id=1),
    "category": lambda s, u: s.reference.save_category(u, name="暖气", kind=Kind.REPAIR),
    "fee_item": lambda s, u: s.reference.save_fee_item(u, name="换锁芯", unit="个", labour="40"),
    "urgency": lambda s, u: s.reference.save_urgency(
        u, name="特急", arrive_minutes=5, resolve_minutes=60
    ),
    "settings": lambda s, u: s.reference.update_settings(u, office_name="新名称"),
}
BASE_DATA = {Role.MANAGER, Role.ADMIN}
ALLOWED = {**{k: BASE_DATA for k in WRITES}, "urgency": {Role.ADMIN}, "settings": {Role.ADMIN}}


@pytest.mark.parametrize(
    ("what", "role"),
    [(w, r) for w in WRITES for r in Role],
    ids=[f"{w}-{r.value}" for w in WRITES for r in Role],
)
def test_who_may_change_reference_data(services, what, role):
    user = make_user(services, role)
    if role in ALLOWED[what]:
        WRITES[what](services, user)
        assert audit_rows(services)[-1]["username"] == user.username
    else:
        before = db_dump(services)
        with pytest.raises(PermissionDenied):
            WRITES[what](services, user)
        assert db_dump(services) == before
