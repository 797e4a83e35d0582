"""The order number as machine-readable codes on the slip, drawn with ReportLab's own barcode
module: a Code 128 on every copy (a USB scanner types it back for 回单) and a QR code where
the header is tall enough for one.

Sizes are chosen for a cheap decoder at 150 dpi: a Code 128 module of 1 pt (0.35 mm, two
dots at 150 dpi, 2.5 on a 180 dpi dot-matrix) and a QR module of at least 0.5 mm.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas

from .fonts import ensure_fonts
from .paper import MM

#: Width of the narrowest Code 128 bar (points).
BAR_MODULE = 1.0
#: Clear space either side of the bars, in modules (the standard asks for ten).
QUIET_MODULES = 10
#: The smallest QR code printed (mm, quiet zone included): smaller is hard to read.
MIN_QR_MM = 12.0


def code128(number: str, height: float) -> Code128:
    # no human-readable line (the number is printed beside it); the font is named only so
    # that the PDF does not reference the unembedded Helvetica
    return Code128(
        number,
        fontName=ensure_fonts(),
        barWidth=BAR_MODULE,
        barHeight=height,
        quiet=1,
        lquiet=QUIET_MODULES * BAR_MODULE,
        rquiet=QUIET_MODULES * BAR_MODULE,
    )


def code128_width(number: str) -> float:
    """Width of the number's Code 128, quiet zones included (points)."""
    return float(code128(number, 10).width)


def draw_code128(canvas: Canvas, number: str, right: float, bottom: float, height: float) -> float:
    """Draw the Code 128 of ``number`` ending at ``right`` (quiet zone included); returns
    the width it took."""
    symbol = code128(number, height)
    width = float(symbol.width)
    symbol.drawOn(canvas, right - width, bottom)
    return width


def qr_fits(height: float) -> bool:
    return height >= MIN_QR_MM * MM


def draw_qr(canvas: Canvas, number: str, x: float, bottom: float, size: float) -> None:
    """A QR code of ``number``, ``size`` points square (quiet zone included), drawn as
    filled runs of modules straight on the canvas."""
    widget = QrCodeWidget(number, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    border = widget.barBorder
    step = size / (len(modules) + 2 * border)
    canvas.saveState()
    canvas.setFillGray(0)
    for r, row in enumerate(modules):
        top = bottom + size - (r + border) * step
        c = 0
        for dark, run in groupby(bool(m) for m in row):
            count = len(list(run))
            if dark:
                canvas.rect(x + (c + border) * step, top - step, count * step, step, 0, 1)
            c += count
    canvas.restoreState()
