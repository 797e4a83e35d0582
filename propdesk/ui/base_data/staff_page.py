"""人员与部门: staff (technicians and others) and departments."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.records import Changes, DepartmentRecord, StaffRecord

from ..models.reference_models import departments_model, staff_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage


class StaffPage(ReferencePage):
    title = "人员"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, staff_model(), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.staff

    def load(self) -> None:
        staff = self.session.services.reference.staff(active_only=False)
        self.model.set_records(staff)
        self.count_label.setText(f"共 {sum(s.active for s in staff)} 人在职")

    def edit_dialog(self, record: Any) -> FormDialog:
        s: StaffRecord | None = record if isinstance(record, StaffRecord) else None
        ref, user = self.session.services.reference, self.session.user
        depts = [("（无）", None)] + [(d.name, d.id) for d in ref.departments()]
        fields = [
            FormField("name", "姓名", value=s.name if s else "", required=True),
            FormField("department_id", "部门", "choice", s.department_id if s else None, depts),
            FormField("phone", "电话", value=s.phone if s else ""),
            FormField("is_technician", "维修人员", "check", s.is_technician if s else True),
            FormField("active", "在职", "check", s.active if s else True),
        ]

        def save(v: dict[str, Any]) -> Changes:
            return ref.save_staff(user, staff_id=s.id if s else None, **v)

        return FormDialog(self.session, "编辑人员" if s else "新增人员", fields, save, self)


class DepartmentsPage(ReferencePage):
    title = "部门"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, departments_model(), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.staff

    def load(self) -> None:
        self.model.set_records(self.session.services.reference.departments(active_only=False))
        self.count_label.setText("部门")

    def edit_dialog(self, record: Any) -> FormDialog:
        d: DepartmentRecord | None = record if isinstance(record, DepartmentRecord) else None
        ref, user = self.session.services.reference, self.session.user
        fields = [
            FormField("name", "部门名称", value=d.name if d else "", required=True),
            FormField("active", "在用", "check", d.active if d else True),
        ]

        def save(v: dict[str, Any]) -> Changes:
            return ref.save_department(user, department_id=d.id if d else None, **v)

        return FormDialog(self.session, "编辑部门" if d else "新增部门", fields, save, self)
