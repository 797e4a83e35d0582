"""Driving widgets as a clerk does: Chinese text through the input method (``keyClicks`` with
Chinese aborts the process), double-clicks on table rows, finding message boxes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QMessageBox, QWidget


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit ``text`` as an input method would (pinyin IME finishing a word)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot, widget: QWidget, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A key as the keyboard delivers it: to an open popup (completer list) if there is one,
    else to ``widget``."""
    popup = QApplication.activePopupWidget()
    qtbot.keyClick(popup if popup is not None else widget, key)


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Make ``widget``'s window the active one (shortcuts and focus need it)."""
    with qtbot.waitActive(widget):
        widget.activateWindow()
    QApplication.processEvents()  # deliver the activation to the widgets


def double_click_row(qtbot, view: QAbstractItemView, row: int) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, 0, QModelIndex())
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def message_boxes(parent: QWidget) -> list[QMessageBox]:
    """Open message boxes under ``parent`` (they are opened without a modal loop)."""
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def message_texts(parent: QWidget) -> list[str]:
    return [b.text() for b in message_boxes(parent)]


def row_of(view: QAbstractItemView, number: str) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == number:
            return row
    return -1


def click_row(qtbot, view: QAbstractItemView, row: int) -> None:  # type: ignore[no-untyped-def]
    """A left click on the row's visual rectangle, as the mouse does it."""
    index = view.model().index(row, 0, QModelIndex())
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def focused() -> QWidget | None:
    """The widget a key press goes to now."""
    return QApplication.focusWidget()


def key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press on whatever has the focus (an open popup first), as the keyboard does."""
    popup = QApplication.activePopupWidget()
    target = (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def menu_command(qtbot, window: QMainWindow, menu: str, item_key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A menu command as a clerk gives it: a click on the menu's title in the window's menu
    bar, then the item's underlined letter (工单 → 退出 is 工单, X)."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().startswith(menu))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(action).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is action.menu())
    key(qtbot, item_key)
