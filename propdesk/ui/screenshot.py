"""Render the window (a tab, the intake form or an order window) to a PNG without showing it
on a screen: for the README and for looking at what users see."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from .main_window import MainWindow


def settle() -> None:
    """Let pending layout and paint events run."""
    for _ in range(3):
        QCoreApplication.processEvents()


def grab(widget: QWidget, path: Path, size: tuple[int, int]) -> Path:
    widget.resize(*size)
    widget.show()
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def render(
    window: MainWindow,
    path: Path,
    *,
    size: tuple[int, int] = (1366, 768),
    tab: str | None = None,
    intake: bool = False,
    order_id: int | None = None,
) -> Path:
    """Save a PNG of the main window on ``tab``, or of the intake form / an order window."""
    window.resize(*size)
    if tab:
        if tab not in window.pages:
            raise KeyError(tab)
        window.show_tab(tab)
    window.show()
    settle()
    if intake:
        form = window.open_intake()
        if form is None:
            raise PermissionError("user may not register orders")
        return grab(form, path, size)
    if order_id is not None:
        return grab(window.open_order(order_id), path, size)
    return grab(window, path, size)
