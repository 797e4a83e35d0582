"""A ruled grid of rows whose cells have their own widths, as on a paper form.

Measures each row at a font size (CJK word wrap) and draws labels, values, grey hints and
drawn checkboxes. Needs ReportLab: import it only from code that renders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .content import Cell, Options, Row

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
LABEL_SHADE = 0.92
HINT_GREY = 0.55


@dataclass(frozen=True)
class GridStyle:
    font: str
    size: float
    shade: bool = True  # grey label cells (off for dot-matrix forms)

    @property
    def leading(self) -> float:
        return self.size * 1.28

    @property
    def pad_x(self) -> float:
        return self.size * 0.4

    @property
    def pad_y(self) -> float:
        return self.size * 0.28

    def min_height(self, lines: float) -> float:
        return lines * self.leading + 2 * self.pad_y


@lru_cache(maxsize=256)
def _paragraph_style(font: str, size: float, leading: float, align: str) -> ParagraphStyle:
    return ParagraphStyle(
        "cell",
        fontName=font,
        fontSize=size,
        leading=leading,
        alignment=_ALIGN[align],
        wordWrap="CJK",
        splitLongWords=True,
    )


def paragraph(text: str, font: str, size: float, leading: float, align: str = "left") -> Paragraph:
    """A CJK-wrapping paragraph of plain ``text`` (escaped; newlines kept)."""
    markup = "<br/>".join(escape(line) for line in text.splitlines() or [""])
    return Paragraph(markup, _paragraph_style(font, size, leading, align))


def one_line_width(text: str, font: str, size: float, inner: float) -> float | None:
    """The width of ``text`` when it sits on one line of ``inner`` as typed, else ``None``.

    A paragraph collapses runs of white space and breaks lines; text without either prints
    the same with a plain ``drawString`` at a fraction of the cost.
    """
    if "\n" in text or text != " ".join(text.split()):
        return None
    width = stringWidth(text, font, size)
    return width if width <= inner else None


def text_size(cell: Cell, style: GridStyle, inner: float) -> float:
    """Labels (to 78 %) and short values (to 82 %) shrink to stay on one line before they wrap."""
    if not (cell.label or cell.shrink) or "\n" in cell.text:
        return style.size
    natural = stringWidth(cell.text, style.font, style.size)
    if natural <= inner:
        return style.size
    floor = 0.78 if cell.label else 0.82
    return max(style.size * floor, style.size * inner / natural)


def _check_width(options: Options, font: str, size: float) -> float:
    """Width of all options on one line at ``size``."""
    items = [size * 1.0 + stringWidth(text, font, size) for text, _ticked in options]
    return sum(items) + size * 0.7 * (len(items) - 1)


def check_size(options: Options, style: GridStyle, inner: float) -> float:
    """Checkbox rows shrink (to 82 %) to stay on one line before they wrap."""
    natural = _check_width(options, style.font, style.size)
    if natural <= inner:
        return style.size
    return max(style.size * 0.82, style.size * inner / natural)


def _check_lines(
    options: Options, font: str, size: float, inner: float
) -> list[list[tuple[str, bool]]]:
    """Checkbox options laid out on as few lines as fit ``inner``."""
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0.0
    for text, ticked in options:
        width = size * 1.0 + stringWidth(text, font, size)
        need = width if not lines[-1] else used + size * 0.7 + width
        if lines[-1] and need > inner + 0.01:
            lines.append([])
            used = width
        else:
            used = need
        lines[-1].append((text, ticked))
    return lines


def cell_height(cell: Cell, style: GridStyle, width: float) -> float:
    """Height the cell's content needs, without padding."""
    inner = max(width - 2 * style.pad_x, 1.0)
    if cell.checks:
        size = check_size(cell.checks, style, inner)
        return len(_check_lines(cell.checks, style.font, size, inner)) * style.leading
    if not cell.text:
        return style.leading
    size = text_size(cell, style, inner)
    if one_line_width(cell.text, style.font, size, inner) is not None:
        return max(size * 1.28, style.leading)
    para = paragraph(cell.text, style.font, size, size * 1.28, cell.align)
    _w, h = para.wrap(inner, 1e6)
    return max(h, style.leading)


def row_height(row: Row, style: GridStyle, width: float) -> float:
    content = max(cell_height(c, style, c.width * width) for c in row.cells)
    return max(style.min_height(row.lines), content + 2 * style.pad_y)


def measure(rows: Sequence[Row], style: GridStyle, width: float) -> list[float]:
    return [row_height(r, style, width) for r in rows]


def _draw_box(canvas: Canvas, x: float, y: float, side: float, ticked: bool) -> None:
    canvas.setLineWidth(max(0.5, side * 0.08))
    canvas.rect(x, y, side, side, stroke=1, fill=0)
    if ticked:
        canvas.setLineWidth(max(0.8, side * 0.16))
        path = canvas.beginPath()
        path.moveTo(x + side * 0.18, y + side * 0.52)
        path.lineTo(x + side * 0.42, y + side * 0.2)
        path.lineTo(x + side * 0.9, y + side * 0.95)
        canvas.drawPath(path, stroke=1, fill=0)


def _draw_checks(
    canvas: Canvas, cell: Cell, style: GridStyle, x: float, top: float, inner: float
) -> None:
    size = check_size(cell.checks, style, inner)
    box = size * 0.8
    canvas.setFont(style.font, size)
    for n, line in enumerate(_check_lines(cell.checks, style.font, size, inner)):
        baseline = top - n * style.leading - style.leading * 0.5 - size * 0.36
        cx = x
        for text, ticked in line:
            _draw_box(canvas, cx, baseline - size * 0.08, box, ticked)
            cx += size * 1.0
            canvas.drawString(cx, baseline, text)
            cx += stringWidth(text, style.font, size) + size * 0.7


def _draw_hint(
    canvas: Canvas, cell: Cell, style: GridStyle, x: float, bottom: float, inner: float
) -> None:
    size = style.size * 0.85
    natural = stringWidth(cell.hint, style.font, size)
    if natural > inner:
        size = size * inner / natural
    canvas.setFillGray(HINT_GREY)
    canvas.setFont(style.font, size)
    canvas.drawRightString(x + inner, bottom + style.pad_y + style.size * 0.3, cell.hint)
    canvas.setFillGray(0)


def draw_cell(
    canvas: Canvas,
    cell: Cell,
    style: GridStyle,
    x: float,
    top: float,
    width: float,
    height: float,
    valign_top: bool,
) -> None:
    inner = max(width - 2 * style.pad_x, 1.0)
    bottom = top - height
    if cell.label and style.shade:
        canvas.setFillGray(LABEL_SHADE)
        canvas.rect(x, bottom, width, height, stroke=0, fill=1)
        canvas.setFillGray(0)
    ix = x + style.pad_x
    if cell.checks:
        content = cell_height(cell, style, width)
        ctop = top - style.pad_y if valign_top else bottom + (height + content) / 2
        _draw_checks(canvas, cell, style, ix, ctop, inner)
        return
    if not cell.text:
        if cell.hint:
            _draw_hint(canvas, cell, style, ix, bottom, inner)
        return
    size = text_size(cell, style, inner)
    top_aligned = valign_top and not cell.label
    line = one_line_width(cell.text, style.font, size, inner)
    if line is not None:
        # Placed as the one-line paragraph would place it: baseline at its top less the size.
        h = size * 1.28
        y = top - style.pad_y - h if top_aligned else bottom + (height - h) / 2
        spare = inner - line
        dx = spare / 2 if cell.align == "center" else spare if cell.align == "right" else 0.0
        canvas.setFont(style.font, size)
        canvas.drawString(ix + dx, y + h - size, cell.text)
        return
    para = paragraph(cell.text, style.font, size, size * 1.28, cell.align)
    _w, h = para.wrap(inner, 1e6)
    y = top - style.pad_y - h if top_aligned else bottom + (height - h) / 2
    para.drawOn(canvas, ix, y)


def draw_grid(
    canvas: Canvas,
    rows: Sequence[Row],
    heights: Sequence[float],
    style: GridStyle,
    x: float,
    top: float,
    width: float,
) -> float:
    """Draw ``rows`` from ``top`` down; returns the y of the grid's bottom edge."""
    y = top
    canvas.setStrokeGray(0)
    for row, height in zip(rows, heights, strict=True):
        cx = x
        valign_top = row.flex > 0 or row.lines > 1
        for i, cell in enumerate(row.cells):
            w = width - (cx - x) if i == len(row.cells) - 1 else cell.width * width
            draw_cell(canvas, cell, style, cx, y, w, height, valign_top)
            canvas.setLineWidth(0.5)
            canvas.rect(cx, y - height, w, height, stroke=1, fill=0)
            cx += w
        y -= height
    canvas.setLineWidth(1.1)
    canvas.rect(x, y, width, top - y, stroke=1, fill=0)
    return y
