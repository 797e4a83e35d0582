"""A reference-data page: a table of records with 新增 / 编辑 buttons (and an optional search
box). Subclasses load the records and build the edit dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes

from ..models.record_model import RecordTableModel
from ..session import Session
from ..widgets.record_view import RecordView
from .form_dialog import FormDialog


class ReferencePage(QWidget):
    """Subclasses set ``title``, ``perm``, build ``self.model`` and implement ``load`` and
    ``edit_dialog(record_or_None)``."""

    title = ""
    perm = Perm.MANAGE_BASE_DATA
    searchable = False

    def __init__(self, session: Session, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = model
        self.dialog: FormDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("pageSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("搜索")
        self.search.setVisible(self.searchable)
        self.search.returnPressed.connect(self.load)
        self.search.textChanged.connect(lambda _t: self.load())
        top.addWidget(self.search, 1)
        self.count_label = QLabel(self)
        top.addWidget(self.count_label, 0 if self.searchable else 1)
        self.add_button = QPushButton("新增…", self)
        self.edit_button = QPushButton("编辑…", self)
        editable = session.can(self.perm)
        for button in (self.add_button, self.edit_button):
            button.setEnabled(editable)
            if not editable:
                button.setToolTip(f"“{session.user.role.label}”无权{self.perm.label}")
            top.addWidget(button)
        layout.addLayout(top)
        self.view = RecordView(self)
        self.view.setModel(model)
        self.view.remember_columns(session.prefs, f"base_{type(self).__name__}")
        layout.addWidget(self.view, 1)
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(lambda: self.open_editor(self.view.current_record()))
        if editable:
            self.view.record_activated.connect(self.open_editor)

    def wants(self, changes: Changes) -> bool:
        return False

    def load(self) -> None:
        raise NotImplementedError

    def edit_dialog(self, record: Any) -> FormDialog:
        raise NotImplementedError

    def open_editor(self, record: Any) -> FormDialog | None:
        """The edit dialog for ``record`` (``None``: a new one); opened without blocking."""
        if not self.session.can(self.perm):
            return None
        dialog = self.edit_dialog(record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
