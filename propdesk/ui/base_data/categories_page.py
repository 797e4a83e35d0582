"""类别: the category tree with each category's kind, default department and urgency."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.enums import Kind
from propdesk.domain.records import CategoryRecord, Changes

from ..models.reference_models import categories_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage


class CategoriesPage(ReferencePage):
    title = "类别"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.departments: dict[int, str] = {}
        self.urgencies: dict[int, str] = {}
        super().__init__(session, categories_model(self.departments, self.urgencies), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.categories or changes.staff or changes.settings

    def load(self) -> None:
        ref = self.session.services.reference
        self.departments.clear()
        self.departments.update({d.id: d.name for d in ref.departments(active_only=False)})
        self.urgencies.clear()
        self.urgencies.update({u.id: u.name for u in ref.urgencies(active_only=False)})
        categories = ref.categories(active_only=False)
        self.model.set_records(categories)
        self.count_label.setText(f"共 {len(categories)} 个类别")

    def edit_dialog(self, record: Any) -> FormDialog:
        c: CategoryRecord | None = record if isinstance(record, CategoryRecord) else None
        ref, user = self.session.services.reference, self.session.user
        parents = [("（顶级类别）", None)] + [
            (p.path, p.id) for p in ref.categories() if p.parent_id is None
        ]
        fields = [
            FormField("name", "类别名称", value=c.name if c else "", required=True),
            FormField(
                "kind",
                "类型",
                "choice",
                (c.kind if c else Kind.REPAIR).value,
                [(k.label, k.value) for k in Kind],
            ),
            FormField("parent_id", "上级类别", "choice", c.parent_id if c else None, parents),
            FormField(
                "default_department_id",
                "默认部门",
                "choice",
                c.default_department_id if c else None,
                [("（无）", None)] + [(n, i) for i, n in self.departments.items()],
            ),
            FormField(
                "default_urgency_id",
                "默认紧急程度",
                "choice",
                c.default_urgency_id if c else None,
                [("（无）", None)] + [(n, i) for i, n in self.urgencies.items()],
            ),
            FormField("active", "在用", "check", c.active if c else True),
        ]

        def save(v: dict[str, Any]) -> Changes:
            v["kind"] = Kind(v["kind"])
            return ref.save_category(user, category_id=c.id if c else None, **v)

        return FormDialog(self.session, "编辑类别" if c else "新增类别", fields, save, self)
