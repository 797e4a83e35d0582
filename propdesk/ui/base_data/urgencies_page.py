"""紧急程度: each level's arrival and completion time limits (minutes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, UrgencyRecord

from ..models.reference_models import urgencies_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage


class UrgenciesPage(ReferencePage):
    title = "紧急程度"
    perm = Perm.MANAGE_SETTINGS

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, urgencies_model(), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.settings

    def load(self) -> None:
        self.model.set_records(self.session.services.reference.urgencies(active_only=False))
        self.count_label.setText("到场时限从派工起算，完成时限从受理起算")

    def edit_dialog(self, record: Any) -> FormDialog:
        u: UrgencyRecord | None = record if isinstance(record, UrgencyRecord) else None
        ref, user = self.session.services.reference, self.session.user
        fields = [
            FormField("name", "紧急程度名称", value=u.name if u else "", required=True),
            FormField(
                "arrive_minutes",
                "到场时限(分钟)",
                "optional_int",
                u.arrive_minutes if u else 15,
                error_names=("到场时限",),
            ),
            FormField(
                "resolve_minutes",
                "完成时限(分钟)",
                "int",
                u.resolve_minutes if u else 1440,
                error_names=("完成时限",),
            ),
            FormField("is_emergency", "紧急", "check", u.is_emergency if u else False),
        ]

        def save(v: dict[str, Any]) -> Changes:
            return ref.save_urgency(user, urgency_id=u.id if u else None, **v)

        return FormDialog(self.session, "编辑紧急程度" if u else "新增紧急程度", fields, save, self)
