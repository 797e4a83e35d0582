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
        draw_tick(canvas, x, y, side)


@dataclass(frozen=True)
class CheckMark:
    """One option of a checkbox cell as drawn: its box and its text's start."""

    text: str
    ticked: bool
    box_x: float
    box_y: float  # bottom of the box
    side: float
    text_x: float
    baseline: float
    size: float


def check_marks(
    cell: Cell, style: GridStyle, x: float, top: float, inner: float
) -> list[CheckMark]:
    """Where each option of a checkbox cell goes, its first line's top at ``top``."""
    size = check_size(cell.checks, style, inner)
    marks = []
    for n, line in enumerate(_check_lines(cell.checks, style.font, size, inner)):
        baseline = top - n * style.leading - style.leading * 0.5 - size * 0.36
        cx = x
        for text, ticked in line:
            box_y = baseline - size * 0.08
            marks.append(CheckMark(text, ticked, cx, box_y, size * 0.8, cx + size, baseline, size))
            cx += size * 1.0 + stringWidth(text, style.font, size) + size * 0.7
    return marks


def draw_tick(canvas: Canvas, x: float, y: float, side: float) -> None:
    """A tick in the box of ``side`` whose bottom left is (``x``, ``y``)."""
    canvas.setLineWidth(max(0.8, side * 0.16))
    path = canvas.beginPath()
    path.moveTo(x + side * 0.18, y + side * 0.52)
    path.lineTo(x + side * 0.42, y + side * 0.2)
    path.lineTo(x + side * 0.9, y + side * 0.95)
    canvas.drawPath(path, stroke=1, fill=0)


def _draw_checks(
    canvas: Canvas, cell: Cell, style: GridStyle, x: float, top: float, inner: float
) -> None:
    for mark in check_marks(cell, style, x, top, inner):
        _draw_box(canvas, mark.box_x, mark.box_y, mark.side, mark.ticked)
        canvas.setFont(style.font, mark.size)
        canvas.drawString(mark.text_x, mark.baseline, mark.text)


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


def text_top(style: GridStyle, top: float, height: float, block: float, top_aligned: bool) -> float:
    """Top of a block ``block`` tall in a cell from ``top`` down ``height``: under the
    padding when top-aligned, else centred."""
    return top - style.pad_y if top_aligned else top - (height - block) / 2


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
        ctop = text_top(style, top, height, content, valign_top)
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
        y = text_top(style, top, height, h, top_aligned) - h
        spare = inner - line
        dx = spare / 2 if cell.align == "center" else spare if cell.align == "right" else 0.0
        canvas.setFont(style.font, size)
        canvas.drawString(ix + dx, y + h - size, cell.text)
        return
    para = paragraph(cell.text, style.font, size, size * 1.28, cell.align)
    _w, h = para.wrap(inner, 1e6)
    y = text_top(style, top, height, h, top_aligned) - h
    para.drawOn(canvas, ix, y)


@dataclass(frozen=True)
class PlacedCell:
    """A cell where the grid puts it (points): its row, its index in the row, its box."""

    row: Row
    index: int
    cell: Cell
    x: float
    top: float
    width: float
    height: float

    @property
    def valign_top(self) -> bool:
        """Multi-line and flexible rows start their text at the top."""
        return self.row.flex > 0 or self.row.lines > 1


def place_cells(
    rows: Sequence[Row], heights: Sequence[float], x: float, top: float, width: float
) -> list[PlacedCell]:
    """Every cell of ``rows`` from ``top`` down (the last cell of a row takes what is left)."""
    placed = []
    y = top
    for row, height in zip(rows, heights, strict=True):
        cx = x
        for i, cell in enumerate(row.cells):
            w = width - (cx - x) if i == len(row.cells) - 1 else cell.width * width
            placed.append(PlacedCell(row, i, cell, cx, y, w, height))
            cx += w
        y -= height
    return placed


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
    canvas.setStrokeGray(0)
    for p in place_cells(rows, heights, x, top, width):
        draw_cell(canvas, p.cell, style, p.x, p.top, p.width, p.height, p.valign_top)
        canvas.setLineWidth(0.5)
        canvas.rect(p.x, p.top - p.height, p.width, p.height, stroke=1, fill=0)
    y = top
    for height in heights:
        y -= height
    canvas.setLineWidth(1.1)
    canvas.rect(x, y, width, top - y, stroke=1, fill=0)
    return y
