"""房屋台账: units and residents, searchable, with add/edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.records import Changes, UnitRecord

from ..models.reference_models import units_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage

SHOW_LIMIT = 500


class UnitsPage(ReferencePage):
    title = "房屋台账"
    searchable = True

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, units_model(), parent)
        self.model.setParent(self)
        self.search.setPlaceholderText("搜索 房号/住户/电话")

    def wants(self, changes: Changes) -> bool:
        return changes.units

    def load(self) -> None:
        ref = self.session.services.reference
        text = self.search.text().strip()
        units = ref.units(0, SHOW_LIMIT, text)
        self.model.set_records(units)
        total = ref.unit_count()
        more = f"，显示前{SHOW_LIMIT}户，请用搜索缩小范围" if len(units) >= SHOW_LIMIT else ""
        found = f"找到 {len(units)} 户 / " if text else ""
        self.count_label.setText(f"{found}共 {total} 户{more}")

    def edit_dialog(self, record: Any) -> FormDialog:
        unit: UnitRecord | None = record if isinstance(record, UnitRecord) else None
        fields = [
            FormField("code", "房号", value=unit.code if unit else "", required=True),
            FormField("owner_name", "业主/住户", value=unit.owner_name if unit else ""),
            FormField("phone", "电话", value=unit.phone if unit else ""),
            FormField("phone2", "备用电话", value=unit.phone2 if unit else ""),
            FormField("note", "备注", "multiline", unit.note if unit else ""),
            FormField("active", "在用", "check", unit.active if unit else True),
        ]
        ref, user = self.session.services.reference, self.session.user

        def save(v: dict[str, Any]) -> Changes:
            return ref.save_unit(user, unit_id=unit.id if unit else None, **v)

        return FormDialog(self.session, "编辑房屋" if unit else "新增房屋", fields, save, self)
