"""套打: print only the values of a slip onto a pre-printed form, each where the layout file
puts it; no grid, no labels, no hints. A scanned blank form may be drawn under the values for
the preview (never for a print). Needs ReportLab.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .codes import code128, draw_qr
from .content import SlipContent
from .fonts import ensure_fonts
from .grid import draw_tick, paragraph
from .layout import TRUNCATED
from .overlay_fields import (
    CODES,
    MATERIAL_PARTS,
    MAX_MATERIAL_LINES,
    QR,
    FieldValue,
    field_values,
    unplaced_materials,
)
from .overlay_layout import OverlayLayout, Placement
from .paper import MM

#: Wrapped text shrinks to fit its height down to this share of its size.
MIN_SHRINK = 0.6
LEADING = 1.28


def _material_lines(layout: OverlayLayout) -> int:
    return sum(1 for n in range(MAX_MATERIAL_LINES) if f"材料{n + 1}名称" in layout.fields)


def values_for(content: SlipContent, layout: OverlayLayout) -> dict[str, FieldValue]:
    """The values printed; material lines beyond the layout's room are summed up on its
    last line rather than left out silently."""
    values = field_values(content)
    room = _material_lines(layout)
    extra = unplaced_materials(content, room)
    if room and extra:
        for part in MATERIAL_PARTS:
            values.pop(f"材料{room}{part}", None)
        values[f"材料{room}名称"] = FieldValue(f"另有 {extra + 1} 项材料，详见系统记录")
    return values


def _one_line(text: str, font: str, p: Placement, width: float) -> tuple[str, float]:
    """``text`` on one line of ``width``: shrunk (to ``MIN_SHRINK``), then cut with "…"."""
    size = p.size
    natural = stringWidth(text, font, size)
    if natural <= width:
        return text, size
    size = max(p.size * MIN_SHRINK, size * width / natural)
    while stringWidth(text, font, size) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text, size


def _wrapped(text: str, font: str, p: Placement, width: float) -> tuple[Paragraph, float]:
    """``text`` wrapped in ``width`` and its height; shrunk (to ``MIN_SHRINK``) to fit the
    placement's height, then shortened with a note, rather than run into the next box."""

    def para(body: str, size: float) -> tuple[Paragraph, float]:
        made = paragraph(body, font, size, size * LEADING, p.align)
        # CJK wrapping hangs closing punctuation past the width: keep a character for it
        return made, made.wrap(max(width - size, size), 1e6)[1]

    size = p.size
    made, h = para(text, size)
    room = p.height_mm * MM
    if not room:
        return made, h
    while h > room + 0.01 and size > p.size * MIN_SHRINK:
        size = max(p.size * MIN_SHRINK, size - 0.25)
        made, h = para(text, size)
    if h <= room + 0.01:
        return made, h
    lo, hi = 0, len(text)  # the longest start that fits with the note
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if para(text[:mid] + TRUNCATED, size)[1] <= room + 0.01:
            lo = mid
        else:
            hi = mid - 1
    return para(text[:lo] + TRUNCATED, size)


def _draw_text(canvas: Canvas, text: str, p: Placement, page_h: float) -> None:
    font = ensure_fonts()
    x, top, width = p.x_mm * MM, page_h - p.y_mm * MM, p.width_mm * MM
    if not p.wrap:
        line, size = _one_line(" ".join(text.split()), font, p, width)
        spare = width - stringWidth(line, font, size)
        dx = spare / 2 if p.align == "center" else spare if p.align == "right" else 0.0
        canvas.setFont(font, size)
        canvas.drawString(x + dx, top - size, line)
        return
    para, h = _wrapped(text, font, p, width)
    para.drawOn(canvas, x, top - h)


def _draw_checks(canvas: Canvas, value: FieldValue, p: Placement, page_h: float) -> None:
    ticked = [option for option, on in value.checks if on]
    side = p.box_mm * MM or p.size * 0.8
    loose = []
    for option in ticked:
        at = p.marks.get(option)
        if at is None:
            loose.append(option)
            continue
        canvas.setStrokeGray(0)
        draw_tick(canvas, at[0] * MM, page_h - at[1] * MM - side, side)
    if loose:  # an option the layout has no box for: its name at the field's place
        _draw_text(canvas, "、".join(loose), p, page_h)


def _draw_code(canvas: Canvas, name: str, number: str, p: Placement, page_h: float) -> None:
    height = p.height_mm * MM
    bottom = page_h - p.y_mm * MM - height
    if name == QR:
        draw_qr(canvas, number, p.x_mm * MM, bottom, height)
    else:
        code128(number, height).drawOn(canvas, p.x_mm * MM, bottom)


def draw_overlay(canvas: Canvas, content: SlipContent, layout: OverlayLayout) -> None:
    """The values of ``content`` where ``layout`` puts them, on the current page."""
    page_h = layout.height_mm * MM
    values = values_for(content, layout)
    for name, p in layout.fields.items():
        if name in CODES:
            if content.number:
                _draw_code(canvas, name, content.number, p, page_h)
            continue
        value = values.get(name)
        if value is None:
            continue
        if value.checks:
            _draw_checks(canvas, value, p, page_h)
        elif value.text:
            _draw_text(canvas, value.text, p, page_h)


def draw_background(canvas: Canvas, image: Path, layout: OverlayLayout) -> None:
    """A scanned blank form stretched over the whole sheet (preview only)."""
    canvas.drawImage(
        ImageReader(str(image)), 0, 0, layout.width_mm * MM, layout.height_mm * MM, mask=None
    )


def draw_overlays(
    canvas: Canvas,
    contents: Sequence[SlipContent],
    layout: OverlayLayout,
    background: Path | None = None,
) -> None:
    """One page per slip."""
    for content in contents:
        if background is not None:
            draw_background(canvas, background, layout)
        draw_overlay(canvas, content, layout)
        canvas.showPage()
