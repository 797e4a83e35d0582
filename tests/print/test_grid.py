"""Grid cells: one-line values drawn directly land exactly where a paragraph puts them."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from propdesk.print.content import Cell
from propdesk.print.fonts import ensure_fonts
from propdesk.print.grid import GridStyle, cell_height, draw_cell, one_line_width, paragraph

from .pdfcheck import chunks

STYLE = GridStyle(ensure_fonts(), 9.0)
WIDTH, HEIGHT = 120.0, 30.0


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 100), invariant=1, initialFontName=STYLE.font)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _as_paragraph(canvas: Canvas, cell: Cell, valign_top: bool) -> None:
    """What ``draw_cell`` drew for every value before the one-line shortcut."""
    inner = WIDTH - 2 * STYLE.pad_x
    size = STYLE.size
    para = paragraph(cell.text, STYLE.font, size, size * 1.28, cell.align)
    _w, h = para.wrap(inner, 1e6)
    top, bottom = 80.0, 80.0 - HEIGHT
    y = top - STYLE.pad_y - h if valign_top and not cell.label else bottom + (HEIGHT - h) / 2
    para.drawOn(canvas, 10 + STYLE.pad_x, y)


@pytest.mark.parametrize("align", ["left", "center", "right"])
@pytest.mark.parametrize("valign_top", [False, True])
@pytest.mark.parametrize("text", ["王建国", "A&B 公司 <2>", "NO. 2026000123"])
def test_one_line_value_lands_where_the_paragraph_put_it(
    align: str, valign_top: bool, text: str
) -> None:
    cell = Cell(1.0, text, align=align)
    fast = _pdf(lambda c: draw_cell(c, cell, STYLE, 10, 80, WIDTH, HEIGHT, valign_top))
    slow = _pdf(lambda c: _as_paragraph(c, cell, valign_top))
    (got,) = chunks(fast)
    (want,) = chunks(slow)
    assert got.text == want.text == text
    assert got.x == pytest.approx(want.x, abs=1e-3)
    assert got.y == pytest.approx(want.y, abs=1e-3)
    assert got.size == pytest.approx(want.size)


def test_one_line_height_matches_the_paragraph() -> None:
    cell = Cell(1.0, "王建国")
    inner = WIDTH - 2 * STYLE.pad_x
    _w, h = paragraph(cell.text, STYLE.font, STYLE.size, STYLE.size * 1.28).wrap(inner, 1e6)
    assert cell_height(cell, STYLE, WIDTH) == pytest.approx(max(h, STYLE.leading))


@pytest.mark.parametrize("text", ["两行\n文字", "多个  空格", " 前导空格", "很长" * 40])
def test_texts_a_paragraph_would_change_are_left_to_it(text: str) -> None:
    assert one_line_width(text, STYLE.font, STYLE.size, 100.0) is None


def test_a_long_value_still_wraps_inside_its_cell() -> None:
    cell = Cell(1.0, "厨房水槽下水管漏水，地面有积水" * 4)
    assert cell_height(cell, STYLE, WIDTH) > 2 * STYLE.leading
    found = chunks(_pdf(lambda c: draw_cell(c, cell, STYLE, 10, 80, WIDTH, 60, True)))
    assert len(found) > 2
    assert all(c.x >= 10 and c.x_end <= 10 + WIDTH for c in found)
