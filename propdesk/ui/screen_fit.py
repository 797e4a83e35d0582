"""Window sizes that fit the smallest screen at the desks: 1366×768 with a taskbar (about 40
px) and the window's title bar (about 30 px), so a dialog's buttons are never below the
screen's edge. Smaller screens get less (their available area)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_SCREEN = QSize(1366, 768)
TASKBAR = 40
TITLE_BAR = 30
FRAME = 8  # a window frame's left and right borders together
#: The largest client area any dialog may take.
MAX_CLIENT = QSize(
    SMALL_SCREEN.width() - FRAME, SMALL_SCREEN.height() - TASKBAR - TITLE_BAR - FRAME // 2
)


def available_client(widget: QWidget | None = None) -> QSize:
    """The client area a window may take on its screen (the screen's work area less its
    title bar and frame)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return MAX_CLIENT
    area = screen.availableGeometry()
    return QSize(area.width() - FRAME, area.height() - TITLE_BAR - FRAME // 2)


def fit_size(widget: QWidget, width: int, height: int, *, cap: bool = True) -> QSize:
    """``width`` × ``height`` reduced to the screen's work area and (``cap``) to what fits
    a 1366×768 screen with a taskbar."""
    room = available_client(widget)
    if cap:
        room = room.boundedTo(MAX_CLIENT)
    return QSize(width, height).boundedTo(room)


def resize_to_fit(widget: QWidget, width: int, height: int, *, cap: bool = True) -> None:
    widget.resize(fit_size(widget, width, height, cap=cap))
