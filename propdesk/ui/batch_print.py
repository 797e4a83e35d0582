"""当日派工单批量打印: every slip dispatched on a day in one PDF (each logged, 补打 for the
ones printed before), previewed and printed like a single slip."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from propdesk.domain.errors import UserError
from propdesk.services.printing import SlipPdf

from .print_preview import SEP, PdfPreviewDialog, warning
from .session import Session


class DayPrintDialog(PdfPreviewDialog):
    def __init__(self, session: Session, day: date, parent: QWidget | None = None) -> None:
        super().__init__(session, "批量打印派工单", parent)
        self.batch: SlipPdf | None = None
        self.extra_row.addWidget(QLabel("派工日期", self))
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date_edit.setObjectName("batchDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.extra_row.addWidget(self.date_edit)
        self.extra_row.addStretch(1)
        settings = session.settings()
        self.fill_paper(settings.paper_mode, settings.copy_count)
        self.date_edit.dateChanged.connect(self.refresh)
        self.refresh()

    def day(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def render(self) -> bytes:
        self.batch = None
        self.batch = self.session.services.printing.preview_day(
            self.day(), self.session.user, paper=self.paper(), copies=self.copies()
        )
        return self.batch.pdf

    def output(self) -> bytes:
        printed = self.session.services.printing.print_day(
            self.day(), self.session.user, paper=self.paper(), copies=self.copies()
        )
        return printed.pdf

    def refused(self, exc: UserError) -> None:
        # an empty day is an answer, not an error: no message box while browsing dates
        self.info.setText(html.escape(exc.message))

    def file_name(self) -> str:
        return f"派工单-{self.day():%Y-%m-%d}.pdf"

    def describe(self) -> str:
        batch = self.batch
        if batch is None:
            return super().describe()
        opts = batch.options
        parts = (
            f"{self.day():%Y-%m-%d} 派工单 {len(batch.orders)} 张",
            opts.paper.label,
            f"{opts.copies} 联",
            f"共 {batch.pages} 页",
        )
        text = SEP.join(html.escape(p) for p in parts)
        if batch.reprints:
            text += warning(f"其中 {len(batch.reprints)} 张已打印过，将标注补打。")
        return text
