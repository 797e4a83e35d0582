"""PDF bytes to the screen and to a printer through QtPdf.

``PdfBytes`` keeps a ``QPdfDocument`` loaded from memory (with the buffer it reads from).
``page_layout`` gives the printer the PDF's own paper — a custom 241×140 mm page for a
continuous form, A4/A5 in the right orientation otherwise — full page, no margins: the PDF
already holds its margins. ``paint_pages`` renders each page with QPdfDocument at the
printer's own resolution onto a white grey image and draws it over the whole sheet of paper
(not the printable area inside the printer's hardware margins), moved and scaled by the
printer's calibration.

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
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from .calibration import Calibration

MM_PER_POINT = 25.4 / 72
#: Highest raster resolution sent to a printer. A printer of up to 600 dpi gets its own
#: resolution; a finer one (1200, 2400 dpi lasers) gets the largest whole fraction of it not
#: above 600, so each rendered pixel still covers whole printer dots. An A4 page at 600 dpi is
#: about 35 MB in grey while it is drawn; at 1200 dpi it would be four times that.
MAX_DPI = 600
#: Used when a printer reports no resolution at all.
FALLBACK_DPI = 300


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
    """Paper of the PDF's first page, full page, no margins, one copy per page.

    The layout is set first and full-page mode after it: ``setPageLayout`` replaces the
    layout's mode, so a full page set before it is lost on any printer with hardware margins.
    """
    layout = page_layout(*pdf.page_size_mm(0))
    layout.setMode(QPageLayout.Mode.FullPageMode)
    printer.setPageLayout(layout)
    printer.setFullPage(True)
    printer.setDocName(title)
    printer.setCopyCount(1)


def render_dpi(printer_dpi: int) -> int:
    """The resolution pages are rendered at for a printer of ``printer_dpi``: its own up to
    ``MAX_DPI``, above that the largest whole fraction of it not above ``MAX_DPI``."""
    if printer_dpi <= 0:
        return FALLBACK_DPI
    return printer_dpi // -(-printer_dpi // MAX_DPI)


def printer_dpi(printer: QPrinter) -> int:
    """The printer's own resolution: the one its driver runs at (Windows reports it), or,
    when Qt reports one the driver does not offer (Qt's CUPS engine says 1200 dpi for every
    queue), the finest the driver offers — a 180/360 dpi dot-matrix gets 360."""
    resolution = printer.resolution()
    info = QPrinterInfo.printerInfo(printer.printerName())
    offered = [r for r in info.supportedResolutions() if r > 0] if not info.isNull() else []
    if offered and resolution not in offered:
        return max(offered)
    return resolution


def page_image(pdf: PdfBytes, page: int, dpi: int) -> QImage:
    """Page ``page`` rendered at ``dpi`` on white, in grey (QtPdf leaves the page
    transparent; slips are black on white, and grey is a quarter of the colour image)."""
    points = pdf.document.pagePointSize(page)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    rendered = pdf.document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    del rendered
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def paper_target(printer: QPrinter, calibration: Calibration | None = None) -> QRectF:
    """Where a page goes, in the painter's device pixels: the whole sheet of paper, moved and
    scaled by the printer's ``calibration``. The painter's origin is the top left of the
    printable page, so the paper's own corner is at minus the page's offset (zero in
    full-page mode)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    target = QRectF(-page.left(), -page.top(), paper.width(), paper.height())
    if calibration is None:
        return target
    px_per_mm = printer.resolution() / 25.4
    return QRectF(
        target.left() + calibration.dx_mm * px_per_mm,
        target.top() + calibration.dy_mm * px_per_mm,
        target.width() * calibration.scale,
        target.height() * calibration.scale,
    )


def paint_pages(
    painter: QPainter,
    printer: QPrinter,
    pdf: PdfBytes,
    calibration: Calibration | None = None,
) -> int:
    """Draw every page of ``pdf`` over a whole sheet each (moved and scaled by
    ``calibration``), rendered at the printer's own resolution; returns the pages drawn."""
    count = pdf.page_count()
    dpi = render_dpi(printer_dpi(printer))
    for page in range(count):
        if page:
            printer.newPage()
        painter.drawImage(paper_target(printer, calibration), page_image(pdf, page, dpi))
    return count
