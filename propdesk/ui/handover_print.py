"""交接班记录: the shift handover sheet (open orders, overdue, slips out, visits due),
previewed and printed like a slip; the shift and the notes are printed when given."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from .print_preview import SEP, PdfPreviewDialog
from .session import Session


class HandoverPrintDialog(PdfPreviewDialog):
    paper_choice = False  # always A4 landscape

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "打印交接班记录", parent)
        self.extra_row.addWidget(QLabel("班次", self))
        self.shift = QLineEdit(self)
        self.shift.setObjectName("handoverShift")
        self.shift.setPlaceholderText("如 白班 / 夜班")
        self.shift.setMaxLength(20)
        self.shift.setMaximumWidth(140)
        self.extra_row.addWidget(self.shift)
        self.extra_row.addWidget(QLabel("交接事项", self))
        self.notes = QLineEdit(self)
        self.notes.setObjectName("handoverNotes")
        self.notes.setPlaceholderText("不填则在纸上留空手写")
        self.notes.setMaxLength(500)
        self.extra_row.addWidget(self.notes, 1)
        self.shift.editingFinished.connect(self.refresh)
        self.notes.editingFinished.connect(self.refresh)
        self.refresh()

    def render(self) -> bytes:
        return self.session.services.printing.handover(
            self.session.user, shift=self.shift.text(), notes=self.notes.text()
        )

    def output(self) -> bytes:
        # the handover sheet is not a slip: nothing is logged, the preview is what prints
        return self.render()

    def file_name(self) -> str:
        return f"交接班记录-{self.session.now():%Y-%m-%d-%H%M}.pdf"

    def describe(self) -> str:
        parts = ("交接班记录", "A4 横向", f"共 {self.pdf.page_count()} 页")
        return SEP.join(parts)
