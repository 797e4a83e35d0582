"""Send slips to a named system printer from the command line, through the same print job
as the 打印 button (paper from the PDF, this PC's calibration, the print logged only once the
printer has opened)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from propdesk.domain.enums import PaperMode
from propdesk.services.printing import SlipPdf


def _application():  # type: ignore[no-untyped-def]
    """The Qt application printing needs (no window: offscreen without a display)."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from propdesk.ui.application import create_application

    return create_application([sys.argv[0]])


def print_slips(
    printer_name: str,
    preview: Callable[[], SlipPdf],
    output: Callable[[], SlipPdf],
) -> tuple[SlipPdf, str]:
    """Render ``preview`` for the paper, open ``printer_name``, then ``output`` (the logged
    print) goes to it. Returns the printed slips and a line on the job (pages, resolution,
    time, calibration)."""
    app = _application()  # noqa: F841 - lives until the job is spooled
    from PySide6.QtCore import QSettings

    from propdesk.ui.calibration import load_calibration
    from propdesk.ui.pdf_output import PdfBytes
    from propdesk.ui.print_job import send_pdf, system_printer

    printer = system_printer(printer_name)
    shown = preview()
    pdf = PdfBytes()
    pdf.load(shown.pdf)
    paper: PaperMode = shown.options.paper
    calibration = load_calibration(QSettings(), printer_name, paper)
    printed: list[SlipPdf] = []

    def produce() -> bytes:
        printed.append(output())
        return printed[-1].pdf

    report = send_pdf(printer, pdf, f"派工单 {shown.order.number}", produce, calibration)
    note = "" if calibration.is_identity else f"，校准：{calibration.describe()}"
    line = f"已送打印机“{report.printer}”：{report.dpi} dpi，{report.seconds:.1f} 秒{note}"
    return printed[0], line
