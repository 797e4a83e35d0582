"""The window's 系统 menu: 备份与恢复 and 审计日志, for the roles allowed to use them. Each
dialog's module is imported when the dialog is first opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from propdesk.domain.permissions import Perm

from .session import Session


def open_backup_dialog(session: Session, parent: QWidget | None = None) -> QWidget:
    from .backup_dialog import BackupDialog

    dialog = BackupDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_audit_dialog(session: Session, parent: QWidget | None = None) -> QWidget:
    from .audit_dialog import AuditDialog

    dialog = AuditDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def add_safety_menu(menu_bar: QMenuBar, session: Session, parent: QWidget) -> QMenu | None:
    """系统(&S) with the actions the user's role allows (none: no menu)."""
    entries: list[tuple[str, Callable[[], Any]]] = []
    if session.can(Perm.BACKUP):
        entries.append(("备份与恢复(&B)…", lambda: open_backup_dialog(session, parent)))
    if session.can(Perm.VIEW_AUDIT):
        entries.append(("审计日志(&A)…", lambda: open_audit_dialog(session, parent)))
    if not entries:
        return None
    menu = menu_bar.addMenu("系统(&S)")
    menu.setObjectName("safetyMenu")
    for text, slot in entries:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, s=slot: s())
    return menu
