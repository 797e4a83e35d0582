"""One print job, the same for the 打印 button and ``propdesk slip --printer``: set the
printer to the PDF's paper, open it (before anything is logged), let the caller produce the
PDF to print (a slip print logs itself there), draw its pages at the printer's resolution
with this PC's calibration, and report what went out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from propdesk.domain.errors import UserError

from .calibration import Calibration
from .pdf_output import PdfBytes, paint_pages, prepare_printer, printer_dpi, render_dpi

NOT_READY = "打印机无法开始打印，请检查打印机是否已连接、已开机。"


class PrinterNotReady(UserError):
    """The printer could not start a job (nothing was logged)."""

    def __init__(self, printer: str) -> None:
        super().__init__(f"打印机“{printer}”无法开始打印，请检查打印机是否已连接、已开机。")


@dataclass(frozen=True)
class PrintReport:
    """A job handed to the system's spooler."""

    printer: str
    pages: int
    dpi: int  # resolution the pages were rendered at
    seconds: float  # from opening the printer to the job handed over


def system_printer(name: str) -> QPrinter:
    """The named system printer at its own resolution; ``UserError`` naming 打印机 when this
    PC has no printer of that name."""
    names = QPrinterInfo.availablePrinterNames()
    if name not in names:
        known = "、".join(names) if names else "（本机没有可用的打印机）"
        raise UserError(f"没有名为“{name}”的打印机。本机的打印机：{known}", "打印机")
    return QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)


def send_pdf(
    printer: QPrinter,
    preview: PdfBytes,
    title: str,
    produce: Callable[[], bytes],
    calibration: Calibration | None = None,
) -> PrintReport:
    """Print what ``produce`` returns on the paper of ``preview``'s first page.

    ``PrinterNotReady`` when the printer does not start (``produce`` is not called then);
    a ``UserError`` from ``produce`` aborts the job.
    """
    started = time.perf_counter()
    prepare_printer(printer, preview, title)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterNotReady(printer.printerName() or title)
    try:
        data = produce()
    except BaseException:
        printer.abort()
        painter.end()
        raise
    out = PdfBytes()
    try:
        out.load(data)
        pages = paint_pages(painter, printer, out, calibration)
    finally:
        painter.end()
        out.deleteLater()
    return PrintReport(
        printer.printerName(),
        pages,
        render_dpi(printer_dpi(printer)),
        time.perf_counter() - started,
    )
