"""Message boxes that never block: opened with ``open()`` so tests (and the event loop) go on.

A ``UserError`` from a service is shown with its Chinese message; a ``ConflictError`` gets
its own wording so the clerk knows the window was reloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from propdesk.domain.errors import ConflictError, PermissionDenied, UserError

T = TypeVar("T")

CONFLICT_TEXT = "该工单已被他人修改，窗口已刷新为最新内容，请核对后重新操作。"


def show_message(
    parent: QWidget | None,
    text: str,
    title: str = "提示",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """A window-modal box that does not start its own event loop."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("userMessage")
    box.open()
    return box


def show_error(parent: QWidget | None, exc: UserError) -> QMessageBox:
    if isinstance(exc, ConflictError):
        return show_message(parent, CONFLICT_TEXT, "工单已被修改")
    title = "无权操作" if isinstance(exc, PermissionDenied) else "不能保存"
    return show_message(parent, exc.message, title)


def attempt(parent: QWidget | None, call: Callable[[], T]) -> T | None:
    """Run a service call; on ``UserError`` show it and return ``None``."""
    try:
        return call()
    except UserError as exc:
        show_error(parent, exc)
        return None
