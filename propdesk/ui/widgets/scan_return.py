"""扫码回单 field: a USB barcode scanner types the slip's number and Return. A completed
order's 回单 is recorded at once; when the paper holds an arrival or a completion the program
does not have yet, the 到场 and 完工 dialogs open in turn to key them, then the 回单 is
recorded at the time of the scan. Unknown numbers and slips already returned are refused in
Chinese, nothing changed. The field empties and keeps the focus for the next slip."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from propdesk.domain.errors import UserError
from propdesk.domain.records import OrderRecord, OrderResult

from ..session import Session

if TYPE_CHECKING:
    from propdesk.services.slip_scan import ScanOutcome

OK_STYLE = "color: #1e7e34;"
REFUSED_STYLE = "color: #b00000; font-weight: bold;"


class ScanEdit(QLineEdit):
    """A line edit for a scanner: Return emits ``scanned`` with the text and goes no further
    (in a dialog it must not also press the default button)."""

    scanned = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            text = self.text()
            self.clear()
            self.scanned.emit(text)
            return
        super().keyPressEvent(event)


class ScanReturnField(QWidget):
    """Label, line edit and a one-line answer; ``returned`` after each recorded 回单."""

    returned = Signal(object)  # OrderResult

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("scanReturn")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("扫码回单", self))
        self.edit = ScanEdit(self)
        self.edit.setObjectName("scanReturnEdit")
        self.edit.setPlaceholderText("扫描条码，或输入编号后回车")
        self.edit.setMinimumWidth(260)
        self.edit.scanned.connect(self.scan)
        row.addWidget(self.edit)
        self.answer = QLabel(self)
        self.answer.setObjectName("scanReturnAnswer")
        row.addWidget(self.answer, 1)
        self.last_outcome: ScanOutcome | None = None
        self.open_steps: list[QWidget] = []

    def say(self, text: str, ok: bool) -> None:
        self.answer.setText(text)
        self.answer.setStyleSheet(OK_STYLE if ok else REFUSED_STYLE)

    def scan(self, text: str) -> None:
        # the 回单 use case (and the workflow service) load on the first scan, not at start-up
        from propdesk.services.slip_scan import scan_return

        self.edit.setFocus()
        services = self.session.services
        scanned_at = self.session.now()
        try:
            outcome = scan_return(services.registers, services.workflow, text, self.session.user)
        except UserError as exc:
            self.last_outcome = None
            self.say(exc.message, ok=False)
            return
        self.last_outcome = outcome
        self.say(outcome.message, ok=outcome.result is not None)
        if outcome.result is not None:
            self._returned(outcome.result)
            return
        self._key_steps(outcome.order, list(outcome.needs), scanned_at)

    def _returned(self, result: OrderResult) -> None:
        self.session.broadcast(result)
        self.returned.emit(result)

    def _key_steps(self, order: OrderRecord, needs: list[str], scanned_at: datetime) -> None:
        """Open the next step's dialog; after the last, record the 回单 at ``scanned_at``."""
        if not needs:
            self._return_after_steps(order, scanned_at)
            return
        from propdesk.services.slip_scan import ARRIVE

        from ..dialogs.complete_dialog import CompleteDialog
        from ..dialogs.step_dialogs import ArriveDialog

        step = needs.pop(0)
        factory = ArriveDialog if step == ARRIVE else CompleteDialog
        dialog = factory(self.session, order, self.window())
        self.open_steps.append(dialog)

        def done(result: OrderResult) -> None:
            self.open_steps.remove(dialog)
            self._key_steps(result.order, needs, scanned_at)

        dialog.succeeded.connect(done)
        dialog.rejected.connect(
            lambda: self.say(f"工单 {order.number} 未回单（已取消录入）", ok=False)
        )
        dialog.open()

    def _return_after_steps(self, order: OrderRecord, scanned_at: datetime) -> None:
        at = max(scanned_at, order.completed_at or scanned_at)
        try:
            result = self.session.services.workflow.return_slip(
                order.id, self.session.user, at=at, expected_version=order.version
            )
        except UserError as exc:
            self.say(exc.message, ok=False)
            return
        clerk = self.session.user.display_name
        self.say(f"工单 {order.number} 已回单（{at:%H:%M:%S}，{clerk}）", ok=True)
        self._returned(result)
