"""The walkthrough's hands and eyes (``tests.ui.walkthrough``): key presses to the focused
widget, clicks where the eye would aim, Alt+F4 through the X server, and screenshots of the
whole screen. QTest delivers the key and mouse events as Qt delivers the X server's."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget

WAIT_MS = 5000
Key = Qt.Key
Mod = Qt.KeyboardModifier


class WalkthroughFailed(AssertionError):
    pass


def check(condition: object, what: str) -> None:
    if not condition:
        raise WalkthroughFailed(what)


def wait_for(condition: Callable[[], object], what: str, ms: int = WAIT_MS) -> None:
    """Process events until ``condition()`` holds (the window manager and X server answer
    asynchronously)."""
    deadline = time.monotonic() + ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise WalkthroughFailed(f"timed out: {what}")
        QTest.qWait(20)


class Clerk:
    """The hands: keys to the focused widget, clicks where the eye would aim."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.shots: list[Path] = []

    # --- keyboard ---------------------------------------------------------------------
    def target(self) -> QWidget:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup.focusWidget() or popup
        widget = QApplication.focusWidget()
        check(widget is not None, "nothing has the keyboard focus")
        assert widget is not None
        return widget

    def key(self, key: Key, modifier: Mod = Mod.NoModifier, to: QWidget | None = None) -> None:
        """A key press to the focused widget (``to``: the widget known to have the focus,
        such as an open combo list, whose Python wrapper Qt may have replaced)."""
        QTest.keyClick(to or self.target(), key, modifier)
        QTest.qWait(30)

    def type(self, text: str) -> None:
        """ASCII by key presses; Chinese as the input method commits it."""
        if text.isascii():
            QTest.keyClicks(self.target(), text)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(text)
            QApplication.sendEvent(self.target(), event)
        QTest.qWait(30)

    def focus_is(self, widget: QWidget, what: str) -> None:
        wait_for(lambda: QApplication.focusWidget() is widget, f"focus in {what}")

    # --- mouse ------------------------------------------------------------------------
    def click(self, widget: QWidget) -> None:
        wait_for(widget.isVisible, f"{widget!r} visible")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Mod.NoModifier, widget.rect().center())
        QTest.qWait(50)

    def click_row(self, view: QAbstractItemView, row: int, double: bool = False) -> None:
        index = view.model().index(row, 0, QModelIndex())
        view.scrollTo(index)
        pos = view.visualRect(index).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, pos)
        if double:
            QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, pos)
        QTest.qWait(50)

    def close_window(self, window: QWidget) -> None:
        """Alt+F4 through the X server: the window manager asks the window to close, as its
        title bar's close button does."""
        self.active(window, window.windowTitle())
        subprocess.run(["xdotool", "key", "--clearmodifiers", "alt+F4"], check=True)
        wait_for(lambda: gone(window), f"{window.windowTitle()} closed")

    # --- eyes -------------------------------------------------------------------------
    def shot(self, name: str) -> Path:
        """The whole screen as it is now."""
        QTest.qWait(150)  # let the window manager and the X server finish drawing
        screen = QGuiApplication.primaryScreen()
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        check(screen.grabWindow(0).save(str(path), "PNG"), f"screenshot {path}")
        self.shots.append(path)
        print(f"  {path.name}", flush=True)
        return path

    def active(self, widget: QWidget, what: str) -> None:
        wait_for(lambda: QApplication.activeWindow() is widget, f"{what} active")


def gone(widget: QWidget) -> bool:
    """Closed (hidden, or deleted on close)."""
    try:
        return not widget.isVisible()
    except RuntimeError:
        return True


def message_box(parent: QWidget) -> QMessageBox:
    wait_for(lambda: any(b.isVisible() for b in parent.findChildren(QMessageBox)), "message")
    return next(b for b in parent.findChildren(QMessageBox) if b.isVisible())
