"""Choose who does the job: one or more technicians (check boxes) and/or a department."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QListWidget, QListWidgetItem, QWidget

from propdesk.domain.records import DepartmentRecord, StaffRecord

from .combos import fill, select

STAFF_ROLE = Qt.ItemDataRole.UserRole


class StaffPicker(QWidget):
    """A checkable staff list and a department choice (报事 may go to a department only)."""

    def __init__(
        self,
        staff: Sequence[StaffRecord],
        departments: Sequence[DepartmentRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.staff_list = QListWidget(self)
        self.staff_list.setObjectName("staffList")
        self.staff_list.setMinimumHeight(120)
        self.staff_list.setSpacing(1)
        self.department_of: dict[int, int | None] = {s.id: s.department_id for s in staff}
        for s in staff:
            dept = f"（{s.department_name}）" if s.department_name else ""
            tech = "" if s.is_technician else " 非维修"
            item = QListWidgetItem(f"{s.name}{dept}{tech}", self.staff_list)
            item.setData(STAFF_ROLE, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.department = QComboBox(self)
        self.department.setObjectName("department")
        fill(
            self.department, [("（按人员所属部门）", None)] + [(d.name, d.id) for d in departments]
        )
        form.addRow("维修人员（可多选）", self.staff_list)
        form.addRow("处理部门", self.department)

    def items(self) -> list[QListWidgetItem]:
        return [self.staff_list.item(i) for i in range(self.staff_list.count())]

    def put_first(self, department_id: int | None) -> None:
        """List the staff of ``department_id`` (the job's department) at the top."""
        items = [self.staff_list.takeItem(0) for _ in range(self.staff_list.count())]
        items.sort(key=lambda i: self.department_of.get(i.data(STAFF_ROLE)) != department_id)
        for item in items:
            self.staff_list.addItem(item)

    def set_selected(self, staff_ids: Sequence[int]) -> None:
        wanted = set(staff_ids)
        for item in self.items():
            checked = item.data(STAFF_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def check_staff(self, name: str, checked: bool = True) -> None:
        """Tick a person by name (tests and quick keys)."""
        for item in self.items():
            if item.text().split("（")[0] == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def selected_staff_ids(self) -> list[int]:
        return [
            int(item.data(STAFF_ROLE))
            for item in self.items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_department(self, department_id: int | None) -> None:
        select(self.department, department_id)

    def department_id(self) -> int | None:
        value = self.department.currentData()
        return int(value) if value is not None else None
