"""Wires printing into the window without loading QtPdf at start-up: the print dialogs (and
QtPdf with them) are imported only when one is opened.

``install_printing(session)`` answers the session's print seam (``Session.slip_printer``:
打印派工单 in the order window and the 派工 tab, and the preview after a dispatch).
``add_print_menu(menu_bar, session, parent)`` adds 打印 → 批量打印当日派工单 / 交接班记录 /
打印机校准.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication, QDialog, QMenuBar, QWidget

from propdesk.domain.permissions import Perm

from .session import Session


def _show(dialog: QDialog) -> QDialog:
    """Show ``dialog`` as a window of its own, deleted when it closes."""
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _parent(parent: QWidget | None) -> QWidget | None:
    return parent if parent is not None else QApplication.activeWindow()


def open_print_preview(session: Session, order_id: int, parent: QWidget | None = None) -> QDialog:
    """The slip preview of ``order_id``."""
    from .print_preview import SlipPreviewDialog

    dialog = SlipPreviewDialog(session, order_id, _parent(parent))
    return _show(dialog)


def open_batch_print(
    session: Session, day: date | None = None, parent: QWidget | None = None
) -> QDialog:
    """All slips dispatched on ``day`` (default today) in one preview."""
    from .batch_print import DayPrintDialog

    dialog = DayPrintDialog(session, day or session.now().date(), _parent(parent))
    return _show(dialog)


def open_handover_print(session: Session, parent: QWidget | None = None) -> QDialog:
    """The 交接班记录 preview."""
    from .handover_print import HandoverPrintDialog

    return _show(HandoverPrintDialog(session, _parent(parent)))


def open_calibration(session: Session, parent: QWidget | None = None) -> QDialog:
    """打印机校准 (this PC's correction per printer and paper)."""
    from .calibration_dialog import CalibrationDialog

    return _show(CalibrationDialog(session, parent=_parent(parent)))


def install_printing(session: Session) -> None:
    """Answer the session's slip print seam with the preview dialog (unless something else,
    e.g. a test, already answers it)."""
    if session.slip_printer is not None:
        return

    def printer(order_id: int, parent: QWidget | None) -> None:
        open_print_preview(session, order_id, parent)

    session.slip_printer = printer


def add_print_menu(menu_bar: QMenuBar, session: Session, parent: QWidget) -> None:
    """打印(&P): 批量打印当日派工单, 交接班记录 — for users who may print."""
    if not session.can(Perm.PRINT):
        return
    menu = menu_bar.addMenu("打印(&P)")
    menu.setObjectName("printMenu")
    batch = menu.addAction("批量打印当日派工单(&B)…")
    batch.setObjectName("batchPrintAction")
    batch.triggered.connect(lambda: open_batch_print(session, parent=parent))
    handover = menu.addAction("交接班记录(&H)…")
    handover.setObjectName("handoverPrintAction")
    handover.triggered.connect(lambda: open_handover_print(session, parent))
    menu.addSeparator()
    calibrate = menu.addAction("打印机校准(&C)…")
    calibrate.setObjectName("calibrationAction")
    calibrate.triggered.connect(lambda: open_calibration(session, parent))
