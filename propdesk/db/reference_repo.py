"""Queries and writes for the reference data: units, staff, departments, categories,
urgency levels, fee items, settings and users. Returns domain records."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypeVar

from peewee import JOIN, fn

from propdesk.domain.enums import Kind, MatterType, Role
from propdesk.domain.records import (
    CategoryRecord,
    DepartmentRecord,
    FeeItemRecord,
    StaffRecord,
    UnitRecord,
    UrgencyRecord,
    UserRecord,
)
from propdesk.domain.settings import OfficeSettings

from .models import Category, Department, FeeItem, Setting, Staff, Unit, UrgencyLevel, User
from .rows import record

R = TypeVar("R")


def user_record(u: User) -> UserRecord:
    return UserRecord(
        id=u.id,
        username=u.username,
        display_name=u.display_name,
        role=Role(u.role),
        staff_id=u.staff_id,
        active=u.active,
        must_change_password=u.must_change_password,
    )


def unit_record(u: Unit) -> UnitRecord:
    return UnitRecord(
        id=u.id,
        code=u.code,
        building=u.building,
        entrance=u.entrance,
        room=u.room,
        owner_name=u.owner_name,
        phone=u.phone,
        phone2=u.phone2,
        note=u.note,
        active=u.active,
    )


def urgency_record(u: UrgencyLevel) -> UrgencyRecord:
    return UrgencyRecord(
        id=u.id,
        name=u.name,
        arrive_minutes=u.arrive_minutes,
        resolve_minutes=u.resolve_minutes,
        is_emergency=u.is_emergency,
        sort=u.sort,
    )


def fee_item_record(f: FeeItem) -> FeeItemRecord:
    return FeeItemRecord(
        id=f.id,
        name=f.name,
        unit=f.unit,
        labour_fen=f.labour_fen,
        material_fen=f.material_fen,
        note=f.note,
        active=f.active,
    )


# --- users -----------------------------------------------------------------------------


def get_user(user_id: int) -> UserRecord | None:
    u = User.get_or_none(User.id == user_id)
    return user_record(u) if u else None


def get_user_by_name(username: str) -> UserRecord | None:
    u = User.get_or_none(User.username == username)
    return user_record(u) if u else None


def list_users() -> list[UserRecord]:
    return [user_record(u) for u in User.select().order_by(User.id)]


# --- departments and staff -------------------------------------------------------------


def list_departments(active_only: bool = True) -> list[DepartmentRecord]:
    q = Department.select().order_by(Department.sort, Department.id)
    if active_only:
        q = q.where(Department.active == True)  # noqa: E712
    return [DepartmentRecord(d.id, d.name, d.active) for d in q]


def list_staff(active_only: bool = True, technicians_only: bool = False) -> list[StaffRecord]:
    q = (
        Staff.select(Staff, Department.name.alias("dept_name"))
        .join(Department, on=(Staff.department == Department.id), join_type=JOIN.LEFT_OUTER)
        .order_by(Staff.department, Staff.name)
    )
    if active_only:
        q = q.where(Staff.active == True)  # noqa: E712
    if technicians_only:
        q = q.where(Staff.is_technician == True)  # noqa: E712
    return [
        StaffRecord(
            id=s.id,
            name=s.name,
            department_id=s.department_id,
            department_name=getattr(s, "dept_name", None) or "",
            phone=s.phone,
            is_technician=s.is_technician,
            active=s.active,
        )
        for s in q.objects()
    ]


# --- urgency, categories, fee items ----------------------------------------------------


def list_urgencies(active_only: bool = True) -> list[UrgencyRecord]:
    q = UrgencyLevel.select().order_by(UrgencyLevel.sort, UrgencyLevel.id)
    if active_only:
        q = q.where(UrgencyLevel.active == True)  # noqa: E712
    return [urgency_record(u) for u in q]


def get_urgency(urgency_id: int) -> UrgencyRecord | None:
    row = UrgencyLevel.select().where(UrgencyLevel.id == urgency_id).dicts().first()
    return record(UrgencyRecord, row) if row else None


def list_categories(active_only: bool = True) -> list[CategoryRecord]:
    """All categories, parents before children, each with its full path (水/爆管)."""
    rows = list(Category.select().order_by(Category.sort, Category.id))
    by_id = {c.id: c for c in rows}

    def path(c: Category) -> str:
        parts = [c.name]
        seen = {c.id}
        while c.parent_id and c.parent_id in by_id and c.parent_id not in seen:
            c = by_id[c.parent_id]
            seen.add(c.id)
            parts.append(c.name)
        return "/".join(reversed(parts))

    out = []
    roots = [c for c in rows if c.parent_id is None]
    children: dict[int, list[Category]] = {}
    for c in rows:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    ordered: list[Category] = []
    for r in roots:
        ordered.append(r)
        ordered.extend(children.get(r.id, []))
    for c in ordered:
        if active_only and not c.active:
            continue
        out.append(
            CategoryRecord(
                id=c.id,
                name=c.name,
                parent_id=c.parent_id,
                kind=Kind(c.kind),
                path=path(c),
                matter_type=MatterType(c.matter_type) if c.matter_type else None,
                default_department_id=c.default_department_id,
                default_urgency_id=c.default_urgency_id,
                active=c.active,
            )
        )
    return out


def _category_query(cid: int) -> Any:
    parent = Category.alias("p")
    return (
        Category.select(
            Category.id,
            Category.name,
            Category.parent,
            Category.kind,
            Category.matter_type,
            Category.default_department,
            Category.default_urgency,
            Category.active,
            parent.name.alias("parent_name"),
            parent.parent.alias("grandparent_id"),
        )
        .join(parent, JOIN.LEFT_OUTER, on=(Category.parent == parent.id))
        .where(Category.id == cid)
    )


def get_category(category_id: int, active_only: bool = True) -> CategoryRecord | None:
    """One category as ``list_categories`` gives it (``None`` when it is not listed there),
    in one query."""
    c = _category_query(category_id).dicts().first()
    if c is None:
        return None
    if c["grandparent_id"] is not None:  # deeper than the two levels: as the list has it
        return next((x for x in list_categories(active_only) if x.id == category_id), None)
    if active_only and not c["active"]:
        return None
    name = c["name"]
    return CategoryRecord(
        id=c["id"],
        name=name,
        parent_id=c["parent"],
        kind=Kind(c["kind"]),
        path=f"{c['parent_name']}/{name}" if c["parent"] is not None else name,
        matter_type=MatterType(c["matter_type"]) if c["matter_type"] else None,
        default_department_id=c["default_department"],
        default_urgency_id=c["default_urgency"],
        active=c["active"],
    )


def department_is_active(department_id: int) -> bool:
    return (
        Department.select(Department.id)
        .where((Department.id == department_id) & (Department.active == True))  # noqa: E712
        .exists()
    )


def category_subtree_ids(category_id: int) -> list[int]:
    ids = [category_id]
    frontier = [category_id]
    while frontier:
        kids = [c.id for c in Category.select(Category.id).where(Category.parent.in_(frontier))]
        ids.extend(kids)
        frontier = kids
    return ids


def list_fee_items(active_only: bool = True) -> list[FeeItemRecord]:
    q = FeeItem.select().order_by(FeeItem.sort, FeeItem.id)
    if active_only:
        q = q.where(FeeItem.active == True)  # noqa: E712
    return [fee_item_record(f) for f in q]


# --- units -----------------------------------------------------------------------------


def get_unit(unit_id: int) -> UnitRecord | None:
    u = Unit.get_or_none(Unit.id == unit_id)
    return unit_record(u) if u else None


def get_unit_by_code(code: str) -> UnitRecord | None:
    row = Unit.select().where(Unit.code == code).dicts().first()
    return record(UnitRecord, row) if row else None


def unit_codes(text: str = "", active_only: bool = True) -> list[str]:
    """The codes of the units whose code, resident or phone contains ``text`` (all units
    without ``text``): one column, so the caller can order them and fetch a page."""
    text = text.strip()
    q = Unit.select(Unit.code)
    if active_only:
        q = q.where(Unit.active == True)  # noqa: E712
    if text:
        like = f"%{text}%"
        q = q.where(Unit.code.contains(text) | Unit.owner_name**like | Unit.phone.contains(text))
    return [code for (code,) in q.tuples()]


def units_by_codes(codes: list[str]) -> list[UnitRecord]:
    """The units of ``codes``, in that order."""
    if not codes:
        return []
    found = {u.code: unit_record(u) for u in Unit.select().where(Unit.code.in_(codes))}
    return [found[c] for c in codes if c in found]


def count_units() -> int:
    return Unit.select(fn.COUNT(Unit.id)).scalar() or 0


def upsert_units(units: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Insert or update units by code; returns (inserted, updated)."""
    inserted = updated = 0
    for data in units:
        existing = Unit.get_or_none(Unit.code == data["code"])
        if existing:
            for k, v in data.items():
                setattr(existing, k, v)
            existing.save()
            updated += 1
        else:
            Unit.create(**data)
            inserted += 1
    return inserted, updated


# --- settings --------------------------------------------------------------------------


def load_settings() -> OfficeSettings:
    """The office settings as stored now (read every time: another PC may have saved)."""
    text = Setting.select(Setting.value).where(Setting.key == "office").scalar()
    if text is None:
        return OfficeSettings()
    return OfficeSettings.from_dict(json.loads(text))


def save_settings(settings: OfficeSettings) -> None:
    value = json.dumps(settings.to_dict(), ensure_ascii=False)
    Setting.insert(key="office", value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}
    ).execute()
