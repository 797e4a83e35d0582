"""收费标准: the fee schedule (item, unit, labour and material price)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.money import format_yuan
from propdesk.domain.records import Changes, FeeItemRecord

from ..models.reference_models import fee_items_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage


class FeeItemsPage(ReferencePage):
    title = "收费标准"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, fee_items_model(), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.fees

    def load(self) -> None:
        items = self.session.services.reference.fee_items(active_only=False)
        self.model.set_records(items)
        self.count_label.setText(f"共 {len(items)} 项（有偿维修收费标准 / 服务明码标价）")

    def edit_dialog(self, record: Any) -> FormDialog:
        f: FeeItemRecord | None = record if isinstance(record, FeeItemRecord) else None
        ref, user = self.session.services.reference, self.session.user
        fields = [
            FormField("name", "收费项目", value=f.name if f else "", required=True),
            FormField("unit", "单位", value=f.unit if f else "次", required=True),
            FormField("labour", "人工费", value=format_yuan(f.labour_fen) if f else "0.00"),
            FormField("material", "材料费", value=format_yuan(f.material_fen) if f else "0.00"),
            FormField("note", "说明", value=f.note if f else ""),
            FormField("active", "在用", "check", f.active if f else True),
        ]

        def save(v: dict[str, Any]) -> Changes:
            return ref.save_fee_item(user, fee_item_id=f.id if f else None, **v)

        return FormDialog(self.session, "编辑收费项目" if f else "新增收费项目", fields, save, self)
