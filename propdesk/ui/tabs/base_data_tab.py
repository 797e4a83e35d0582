"""基础资料: units and residents, staff and departments, categories, urgency levels, the fee
schedule, office settings and user accounts — one page each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes

from ..session import Session
from .base import LazyTabPage

if TYPE_CHECKING:
    from ..base_data.page import ReferencePage
    from ..base_data.settings_page import SettingsPage


class BaseDataTab(LazyTabPage):
    """Built on first show in the main window (``lazy=True``): its eight pages and the Excel
    import (openpyxl) cost nothing at start-up."""

    title = "基础资料"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(session, parent, lazy=lazy)
        self.all_pages: list[ReferencePage | SettingsPage] = []
        self.stale_pages: list[ReferencePage | SettingsPage] = []
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        from ..base_data.categories_page import CategoriesPage
        from ..base_data.fee_items_page import FeeItemsPage
        from ..base_data.settings_page import SettingsPage
        from ..base_data.staff_page import DepartmentsPage, StaffPage
        from ..base_data.units_page import UnitsPage
        from ..base_data.urgencies_page import UrgenciesPage
        from ..base_data.users_page import UsersPage
        from ..import_dialog import import_buttons

        session = self.session
        layout = QVBoxLayout(self)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("baseDataPages")
        layout.addWidget(self.pages)
        self.pages.setCornerWidget(import_buttons(session, self), Qt.Corner.TopRightCorner)
        self.units = UnitsPage(session, self.pages)
        people = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.staff = StaffPage(session, people)
        self.departments = DepartmentsPage(session, people)
        people.setStretchFactor(0, 3)
        people.setStretchFactor(1, 1)
        self.categories = CategoriesPage(session, self.pages)
        self.urgencies = UrgenciesPage(session, self.pages)
        self.fee_items = FeeItemsPage(session, self.pages)
        self.settings_page = SettingsPage(session, self.pages)
        self.users = UsersPage(session, self.pages)
        self.pages.addTab(self.units, "房屋台账")
        self.pages.addTab(people, "人员与部门")
        self.pages.addTab(self.categories, "类别")
        self.pages.addTab(self.urgencies, "紧急程度")
        self.pages.addTab(self.fee_items, "收费标准")
        self.pages.addTab(self.settings_page, "服务中心设置")
        if session.can(Perm.MANAGE_USERS):
            self.pages.addTab(self.users, "用户")
        else:
            self.users.hide()
        self.all_pages = [
            self.units,
            self.staff,
            self.departments,
            self.categories,
            self.urgencies,
            self.fee_items,
            self.settings_page,
            self.users,
        ]
        self.stale_pages = list(self.all_pages)

    def _on_changes(self, changes: Changes) -> None:
        # Only the pages a change concerns reload (an open settings form keeps its edits);
        # before the tab is built there is nothing to mark (every page loads when built).
        pages = [p for p in self.all_pages if p.wants(changes)]
        self.stale_pages.extend(p for p in pages if p not in self.stale_pages)
        if pages:
            self.refresh()

    def reload(self) -> None:
        self.ensure_built()
        pages, self.stale_pages = self.stale_pages, []
        for page in pages:
            page.load()
