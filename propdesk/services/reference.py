"""基础资料: units, staff and departments, categories, urgency levels, fee schedule and office
settings. Reads for everyone; writes need the right role and are audited."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from propdesk.db import reference_repo, reference_write
from propdesk.db.connection import write_transaction
from propdesk.domain.enums import CHANNEL_NAME_MAX, Channel, Kind
from propdesk.domain.errors import UserError
from propdesk.domain.money import yuan_to_fen
from propdesk.domain.permissions import Perm
from propdesk.domain.phone import normalize_phone
from propdesk.domain.records import (
    CategoryRecord,
    Changes,
    DepartmentRecord,
    FeeItemRecord,
    StaffRecord,
    UnitRecord,
    UrgencyRecord,
    UserRecord,
)
from propdesk.domain.settings import OfficeSettings
from propdesk.domain.unit_order import natural_codes

from . import audit
from .context import ServiceContext
from .order_ops import authorize, require_text


def split_unit_code(code: str) -> tuple[str, str, str]:
    """``3-2-1502`` -> (``3``, ``2``, ``1502``); fewer parts leave the front ones empty."""
    parts = [p for p in code.replace("—", "-").replace("－", "-").split("-") if p]
    while len(parts) < 3:
        parts.insert(0, "")
    return parts[0], parts[1], "-".join(parts[2:])


class ReferenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reads ------------------------------------------------------------------------
    def settings(self) -> OfficeSettings:
        return reference_repo.load_settings()

    def departments(self, active_only: bool = True) -> list[DepartmentRecord]:
        return reference_repo.list_departments(active_only)

    def staff(self, active_only: bool = True, technicians_only: bool = False) -> list[StaffRecord]:
        return reference_repo.list_staff(active_only, technicians_only)

    def categories(self, active_only: bool = True) -> list[CategoryRecord]:
        return reference_repo.list_categories(active_only)

    def category_by_text(self, text: str, kind: Kind | None = None) -> CategoryRecord:
        """A category by name or path (水 / 水/爆管); ``UserError`` naming 类别."""
        text = text.strip()
        found = [
            c
            for c in self.categories()
            if text in (c.name, c.path) and (kind is None or c.kind is kind)
        ]
        exact = [c for c in found if c.path == text]
        if exact:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise UserError(f"类别“{text}”不存在", "类别")
        raise UserError(f"类别“{text}”不唯一，请写完整路径，如 {found[0].path}", "类别")

    def urgencies(self, active_only: bool = True) -> list[UrgencyRecord]:
        return reference_repo.list_urgencies(active_only)

    def urgency_by_name(self, name: str) -> UrgencyRecord:
        for u in self.urgencies():
            if u.name == name.strip():
                return u
        raise UserError(f"紧急程度“{name}”不存在", "紧急程度")

    def fee_items(self, active_only: bool = True) -> list[FeeItemRecord]:
        return reference_repo.list_fee_items(active_only)

    def search_units(self, text: str, limit: int = 50) -> list[UnitRecord]:
        """Units whose code, resident or phone contains ``text``, in natural order of their
        codes (1-1-101 before 1-1-1001), the first ``limit``."""
        codes = natural_codes(reference_repo.unit_codes(text))
        return reference_repo.units_by_codes(codes[:limit])

    def unit(self, unit_id: int) -> UnitRecord | None:
        return reference_repo.get_unit(unit_id)

    def unit_by_code(self, code: str) -> UnitRecord | None:
        return reference_repo.get_unit_by_code(code.strip())

    def units(self, offset: int = 0, limit: int = 500, text: str = "") -> list[UnitRecord]:
        """The unit register (or the units matching ``text``) in natural order of codes."""
        codes = natural_codes(reference_repo.unit_codes(text, active_only=bool(text.strip())))
        return reference_repo.units_by_codes(codes[offset : offset + limit])

    def unit_count(self) -> int:
        return reference_repo.count_units()

    # --- writes -----------------------------------------------------------------------
    def _save(
        self,
        entity: str,
        record_id: int | None,
        values: dict[str, Any],
        user: UserRecord,
        perm: Perm = Perm.MANAGE_BASE_DATA,
    ) -> int:
        authorize(user, perm)
        with write_transaction(self.ctx.db):
            new_id, old = reference_write.save(entity, record_id, values)
            audit.write(self.ctx, user, entity, new_id, old, values, self.ctx.now())
        return new_id

    def save_unit(
        self,
        user: UserRecord,
        *,
        code: str,
        owner_name: str = "",
        phone: str = "",
        phone2: str = "",
        note: str = "",
        active: bool = True,
        unit_id: int | None = None,
    ) -> Changes:
        code = require_text(code, "房号", 32)
        other = reference_write.exists("unit", code=code)
        if other is not None and other != unit_id:
            raise UserError(f"房号“{code}”已存在", "房号")
        building, entrance, room = split_unit_code(code)
        values = {
            "code": code,
            "building": building,
            "entrance": entrance,
            "room": room,
            "owner_name": owner_name.strip(),
            "phone": normalize_phone(phone).text if phone.strip() else "",
            "phone2": normalize_phone(phone2).text if phone2.strip() else "",
            "note": note.strip(),
            "active": active,
        }
        self._save("unit", unit_id, values, user)
        return Changes(units=True)

    def save_department(
        self, user: UserRecord, *, name: str, active: bool = True, department_id: int | None = None
    ) -> Changes:
        name = require_text(name, "部门名称", 64)
        other = reference_write.exists("department", name=name)
        if other is not None and other != department_id:
            raise UserError(f"部门“{name}”已存在", "部门名称")
        self._save("department", department_id, {"name": name, "active": active}, user)
        return Changes(staff=True)

    def save_staff(
        self,
        user: UserRecord,
        *,
        name: str,
        department_id: int | None,
        phone: str = "",
        is_technician: bool = True,
        active: bool = True,
        staff_id: int | None = None,
    ) -> Changes:
        name = require_text(name, "姓名", 64)
        if department_id is not None and not reference_write.exists("department", id=department_id):
            raise UserError("所选部门不存在", "部门")
        values = {
            "name": name,
            "department": department_id,
            "phone": normalize_phone(phone).text if phone.strip() else "",
            "is_technician": is_technician,
            "active": active,
        }
        self._save("staff", staff_id, values, user)
        return Changes(staff=True)

    def save_category(
        self,
        user: UserRecord,
        *,
        name: str,
        kind: Kind,
        parent_id: int | None = None,
        default_department_id: int | None = None,
        default_urgency_id: int | None = None,
        active: bool = True,
        category_id: int | None = None,
    ) -> Changes:
        name = require_text(name, "类别名称", 64)
        if parent_id is not None and parent_id == category_id:
            raise UserError("上级类别不能是自己", "上级类别")
        if parent_id is not None and reference_write.exists("category", id=parent_id) is None:
            raise UserError("上级类别不存在", "上级类别")
        other = reference_write.exists("category", parent=parent_id, name=name)
        if other is not None and other != category_id:
            raise UserError(f"同一上级下已有类别“{name}”，类别名称不能重复", "类别名称")
        values = {
            "name": name,
            "kind": kind.value,
            "parent": parent_id,
            "default_department": default_department_id,
            "default_urgency": default_urgency_id,
            "active": active,
        }
        self._save("category", category_id, values, user)
        return Changes(categories=True)

    def save_urgency(
        self,
        user: UserRecord,
        *,
        name: str,
        arrive_minutes: int | None,
        resolve_minutes: int,
        is_emergency: bool = False,
        urgency_id: int | None = None,
    ) -> Changes:
        name = require_text(name, "紧急程度名称", 32)
        other = reference_write.exists("urgency", name=name)
        if other is not None and other != urgency_id:
            raise UserError(f"紧急程度“{name}”已存在，紧急程度名称不能重复", "紧急程度名称")
        if arrive_minutes is not None and arrive_minutes <= 0:
            raise UserError("到场时限必须大于0分钟", "到场时限")
        if resolve_minutes <= 0:
            raise UserError("完成时限必须大于0分钟", "完成时限")
        values = {
            "name": name,
            "arrive_minutes": arrive_minutes,
            "resolve_minutes": resolve_minutes,
            "is_emergency": is_emergency,
        }
        self._save("urgency", urgency_id, values, user, Perm.MANAGE_SETTINGS)
        return Changes(settings=True)

    def save_fee_item(
        self,
        user: UserRecord,
        *,
        name: str,
        unit: str,
        labour: str,
        material: str = "0",
        note: str = "",
        active: bool = True,
        fee_item_id: int | None = None,
    ) -> Changes:
        values = {
            "name": require_text(name, "收费项目", 64),
            "unit": require_text(unit, "单位", 16),
            "labour_fen": yuan_to_fen(labour, "人工费"),
            "material_fen": yuan_to_fen(material, "材料费"),
            "note": note.strip(),
            "active": active,
        }
        self._save("fee_item", fee_item_id, values, user)
        return Changes(fees=True)

    def save_settings(self, user: UserRecord, settings: OfficeSettings) -> Changes:
        """Office settings (printed texts, copies, deadlines). Open orders' deadlines are not
        rewritten: they keep the rules in force when they were set."""
        authorize(user, Perm.MANAGE_SETTINGS)
        require_text(settings.office_name, "服务中心名称", 64)
        if settings.copy_count not in (3, 4):
            raise UserError("派工单联数只能是3或4", "联数")
        if len(settings.copy_labels) < settings.copy_count:
            raise UserError("联名称数量少于联数", "联名称")
        if any(not label.strip() for label, _colour in settings.copy_labels):
            raise UserError("联名称不能为空", "联名称")
        if not settings.channels:
            raise UserError("来源渠道至少保留一个", "来源渠道")
        # beyond the nine, the office's own channels are kept by their names
        known = {c.value for c in Channel}
        own = [c for c in settings.channels if c not in known]
        if any(not c.strip() or len(c) > CHANNEL_NAME_MAX for c in own):
            raise UserError(f"自设来源渠道名称须为1至{CHANNEL_NAME_MAX}个字", "来源渠道")
        if len(set(settings.channels)) != len(settings.channels):
            raise UserError("来源渠道有重复", "来源渠道")
        missing = [u for u in settings.vip_units if reference_repo.get_unit_by_code(u) is None]
        if missing:
            raise UserError(f"VIP业主房号“{'、'.join(missing)}”不在房屋台账中", "VIP业主房号")
        with write_transaction(self.ctx.db):
            old = reference_repo.load_settings()
            reference_repo.save_settings(settings)
            audit.write(
                self.ctx,
                user,
                "settings",
                None,
                _flat(old.to_dict()),
                _flat(settings.to_dict()),
                self.ctx.now(),
            )
        return Changes(settings=True)

    def update_settings(self, user: UserRecord, **values: Any) -> Changes:
        return self.save_settings(user, replace(self.settings(), **values))


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flat(v, key + "."))
        elif isinstance(v, list):
            out[key] = "；".join(
                "/".join(map(str, x)) if isinstance(x, list) else str(x) for x in v
            )
        else:
            out[key] = v
    return out
