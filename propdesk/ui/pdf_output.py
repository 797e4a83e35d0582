"""PDF bytes to the screen and to a printer through QtPdf.

``PdfBytes`` keeps a ``QPdfDocument`` loaded from memory (with the buffer it reads from).
``page_layout`` gives the printer the PDF's own paper — a custom 241×140 mm page for a
continuous form, A4/A5 in the right orientation otherwise — full page, no margins: the PDF
already holds its margins. ``paint_pages`` renders each page with QPdfDocument onto a white
image and draws it over the whole printer page.

QtPdf is imported here, so only the print dialogs import this module (start-up does not pay
for it).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MM_PER_POINT = 25.4 / 72
#: Raster resolution of printed pages: sharp text on laser and dot-matrix printers while a
#: page stays a few tens of megabytes in memory (the printer's own 1200 dpi would not).
RENDER_DPI = 300


class PdfBytes(QObject):
    """A PDF held in memory and loaded into a ``QPdfDocument`` (for a view or a printer)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.data = b""
        self._buffer: QBuffer | None = None

    def load(self, data: bytes) -> bool:
        """Load ``data``; ``True`` when the document is ready with at least one page."""
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer
        if old is not None:
            old.close()
            old.deleteLater()
        self.data = data
        return self.ready()

    def clear(self) -> None:
        """Show nothing (e.g. a day without slips)."""
        self.document.close()
        self.data = b""

    def ready(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0

    def page_count(self) -> int:
        return self.document.pageCount() if self.ready() else 0

    def page_size_mm(self, page: int = 0) -> tuple[float, float]:
        size = self.document.pagePointSize(page)
        return (round(size.width() * MM_PER_POINT, 1), round(size.height() * MM_PER_POINT, 1))


def page_layout(width_mm: float, height_mm: float) -> QPageLayout:
    """The printer page for a PDF page of ``width_mm`` × ``height_mm``, margins zero.

    A standard size (A4, A5) in either orientation becomes that size with the matching
    orientation, so the driver picks the right tray; anything else (the 241 mm continuous
    forms) is a custom size exactly as given, never rotated: the form feeds 241 mm wide.
    """
    short, long = sorted((width_mm, height_mm))
    standard = QPageSize(
        QSizeF(short, long), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    margins = QMarginsF(0, 0, 0, 0)
    if standard.id() != QPageSize.PageSizeId.Custom:
        landscape = width_mm > height_mm
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(standard, orientation, margins, QPageLayout.Unit.Millimeter)
    name = f"{width_mm:g}×{height_mm:g} mm"
    custom = QPageSize(
        QSizeF(width_mm, height_mm),
        QPageSize.Unit.Millimeter,
        name,
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    return QPageLayout(
        custom, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter
    )


def prepare_printer(printer: QPrinter, pdf: PdfBytes, title: str) -> None:
    """Paper of the PDF's first page, full page, no margins, one copy per page."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(*pdf.page_size_mm(0)))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setDocName(title)
    printer.setCopyCount(1)


def page_image(pdf: PdfBytes, page: int, dpi: int = RENDER_DPI) -> QImage:
    """Page ``page`` rendered at ``dpi`` on white (QtPdf leaves the page transparent)."""
    points = pdf.document.pagePointSize(page)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    rendered = pdf.document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def paint_pages(painter: QPainter, printer: QPrinter, pdf: PdfBytes) -> int:
    """Draw every page of ``pdf`` over a whole printer page each; returns the pages drawn."""
    count = pdf.page_count()
    for page in range(count):
        if page:
            printer.newPage()
        target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        dpi = min(RENDER_DPI, printer.resolution())
        painter.drawImage(target, page_image(pdf, page, dpi))
    return count
