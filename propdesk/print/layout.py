"""Fit a slip into its slot and draw it: header, grid, disclaimer, footer.

Fitting: start at the paper's preferred font size; if the slip is too tall, drop spare blank
material lines, then shrink the font step by step down to ``MIN_FONT``; if it still does not
fit (an absurdly long text), shorten the longest free texts with a note. Spare height on tall
paper goes to the hand-written rows. Needs ReportLab: import only from code that renders.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .codes import draw_code128, draw_qr, qr_fits
from .content import SlipContent
from .fonts import ensure_fonts
from .grid import GridStyle, draw_grid, measure, paragraph
from .paper import MM, Box

MIN_FONT = 6.0
FONT_STEP = 0.25
MIN_BLANK_MATERIALS = 2
TRUNCATED = "……（内容过长，详见系统记录）"
#: Free texts that may be shortened as a last resort, in this order; then the disclaimer.
SHORTENABLE = ("description", "work_done", "opinion", "reason")


@dataclass(frozen=True)
class Fitted:
    content: SlipContent
    style: GridStyle
    heights: tuple[float, ...]
    header: float
    disclaimer: float
    footer: float
    truncated: bool = False

    @property
    def total(self) -> float:
        return self.header + sum(self.heights) + self.disclaimer + self.footer


def _title_size(size: float) -> float:
    return size * 1.9


#: After "NO." on the blank form: room for a number (ideographic spaces).
BLANK_NUMBER = "\u3000" * 6
#: The header's first line (office name, 补打 stamp and the Code 128), in font sizes.
LINE1 = 2.0


def _header_height(size: float) -> float:
    return size * LINE1 + _title_size(size) * 1.3 + size * 0.35


def _disclaimer_para(text: str, font: str, size: float) -> Paragraph:
    return paragraph(text, font, size * 0.85, size * 0.85 * 1.3)


def _footer_lines(content: SlipContent, legend: str, font: str, size: float, width: float) -> int:
    if not content.footer and not legend:
        return 0
    fs = size * 0.8
    both = stringWidth(content.footer, font, fs) + stringWidth(legend, font, fs) + 3 * fs
    return 1 if both <= width or not (content.footer and legend) else 2


def _measure(content: SlipContent, size: float, width: float, shade: bool, legend: str) -> Fitted:
    font = ensure_fonts()
    style = GridStyle(font, size, shade)
    heights = tuple(measure(content.rows, style, width))
    disclaimer = 0.0
    if content.disclaimer:
        _w, h = _disclaimer_para(content.disclaimer, font, size).wrap(width, 1e6)
        disclaimer = h + size * 0.4
    footer = _footer_lines(content, legend, font, size, width) * size * 0.8 * 1.45
    footer += size * 0.3 if footer else 0
    return Fitted(content, style, heights, _header_height(size), disclaimer, footer)


def _drop_blank_materials(content: SlipContent, keep: int) -> SlipContent:
    blanks = [r for r in content.rows if r.key.startswith("mat_blank_")]
    drop = {r.key for r in blanks[keep:]}
    return replace(content, rows=tuple(r for r in content.rows if r.key not in drop))


def _with_text(content: SlipContent, key: str, text: str) -> SlipContent:
    if key == "disclaimer":
        return replace(content, disclaimer=text)
    rows = []
    for row in content.rows:
        if row.key == key:
            cells = list(row.cells)
            i = max(
                range(len(cells)), key=lambda n: len(cells[n].text) if not cells[n].label else -1
            )
            cells[i] = replace(cells[i], text=text)
            row = replace(row, cells=tuple(cells))
        rows.append(row)
    return replace(content, rows=tuple(rows))


def _text_of(content: SlipContent, key: str) -> str:
    if key == "disclaimer":
        return content.disclaimer
    row = next((r for r in content.rows if r.key == key), None)
    if row is None:
        return ""
    return max((c.text for c in row.cells if not c.label), key=len, default="")


def _shorten(content: SlipContent, width: float, height: float, shade: bool, legend: str) -> Fitted:
    """Shorten free texts (longest first in ``SHORTENABLE`` order) until the slip fits."""
    fitted = _measure(content, MIN_FONT, width, shade, legend)
    for key in (*SHORTENABLE, "disclaimer"):
        text = _text_of(content, key)
        if fitted.total <= height or len(text) <= 40:
            continue
        lo, hi = 0, len(text)  # largest prefix length that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = _with_text(content, key, text[:mid] + TRUNCATED)
            if _measure(trial, MIN_FONT, width, shade, legend).total <= height:
                lo = mid
            else:
                hi = mid - 1
        content = _with_text(content, key, text[: max(lo, 20)] + TRUNCATED)
        fitted = _measure(content, MIN_FONT, width, shade, legend)
    return replace(fitted, truncated=True)


def _spread(fitted: Fitted, height: float) -> Fitted:
    """Give spare height to the flexible (hand-written) rows, at most six lines each per flex."""
    spare = height - fitted.total
    rows = fitted.content.rows
    total_flex = sum(r.flex for r in rows)
    if spare <= 0 or total_flex <= 0:
        return fitted
    cap = fitted.style.leading * 6
    heights = [
        h + min(spare * r.flex / total_flex, cap * r.flex) if r.flex else h
        for r, h in zip(rows, fitted.heights, strict=True)
    ]
    return replace(fitted, heights=tuple(heights))


def fit(
    content: SlipContent,
    width: float,
    height: float,
    base: float,
    *,
    shade: bool = True,
    legend: str = "",
) -> Fitted:
    """The largest font size (≤ ``base``) at which ``content`` fits ``width`` × ``height``."""
    fitted = _measure(content, base, width, shade, legend)
    if fitted.total > height:
        content = _drop_blank_materials(content, MIN_BLANK_MATERIALS)
    size = base
    while True:
        fitted = _measure(content, size, width, shade, legend)
        if fitted.total <= height or size - FONT_STEP < MIN_FONT:
            break
        size -= FONT_STEP
    if fitted.total > height:
        fitted = _shorten(content, width, height, shade, legend)
    return _spread(fitted, height)


def _fit_string(text: str, font: str, size: float, width: float, floor: float) -> float:
    natural = stringWidth(text, font, size)
    return size if natural <= width else max(floor, size * width / natural)


@dataclass(frozen=True)
class HeaderPlaces:
    """Where the header puts the slip number's codes and texts (points)."""

    qr_side: float  # 0 when the header is too low for a QR code
    qr_x: float
    qr_bottom: float
    bars_height: float  # the Code 128's, ending at ``right``
    bars_bottom: float
    right: float
    line1: float  # baseline of the office name and the 补打 stamp
    line2: float  # baseline of the title and the number
    number_size: float  # the largest size of ``NO. …`` (it shrinks to its room)


def header_places(size: float, box: Box) -> HeaderPlaces:
    header = _header_height(size)
    qr = header - size * 0.35
    bars = size * LINE1 - size * 0.3
    return HeaderPlaces(
        qr_side=qr if qr_fits(qr) else 0.0,
        qr_x=box.x,
        qr_bottom=box.top - qr,
        bars_height=bars,
        bars_bottom=box.top - bars,
        right=box.right,
        line1=box.top - size * 1.2,
        line2=box.top - size * LINE1 - _title_size(size) * 1.05,
        number_size=size * 1.3,
    )


def _draw_header(canvas: Canvas, content: SlipContent, font: str, size: float, box: Box) -> float:
    top = box.top
    header = _header_height(size)
    places = header_places(size, box)
    # The number as a QR code at the left, where the header is tall enough for one.
    qr = places.qr_side
    left = box.x
    if qr:  # the blank form (no number yet) keeps the corner for the QR code printed onto it
        if content.number:
            draw_qr(canvas, content.number, places.qr_x, places.qr_bottom, qr)
        left = box.x + qr + size * 0.5
    # Line 1: office name centred; the Code 128 at the right, the 补打 stamp beside it.
    base1 = places.line1
    canvas.setFont(font, size * 1.15)
    canvas.drawCentredString(box.x + box.width / 2, base1, content.office)
    stamp_right = box.right
    if content.number:
        bars = places.bars_height
        stamp_right -= draw_code128(canvas, content.number, box.right, places.bars_bottom, bars)
    if content.reprint:
        fs = size * 0.95
        w = stringWidth(content.reprint, font, fs) + fs
        canvas.setLineWidth(0.9)
        canvas.rect(stamp_right - w, base1 - fs * 0.35, w, fs * 1.4, stroke=1, fill=0)
        canvas.setFont(font, fs)
        canvas.drawCentredString(stamp_right - w / 2, base1, content.reprint)
    # Line 2: project at the left, title centred (faux bold), number at the right.
    ts = _title_size(size)
    base2 = places.line2
    spacing = ts * 0.3
    title_w = stringWidth(content.title, font, ts) + spacing * (len(content.title) - 1)
    # Character spacing and render mode are page-wide text state: keep them inside a
    # save/restore pair so they do not leak into the rest of the page.
    canvas.saveState()
    text = canvas.beginText(box.x + (box.width - title_w) / 2, base2)
    text.setFont(font, ts)
    text.setCharSpace(spacing)
    text.setTextRenderMode(2)
    canvas.setLineWidth(ts * 0.035)
    text.textOut(content.title)
    canvas.drawText(text)
    canvas.restoreState()
    side = (box.width - title_w) / 2 - size
    # The blank form leaves room after "NO." for the number printed onto it (套打).
    number = f"NO. {content.number}" if content.number else "NO." + BLANK_NUMBER
    ns = _fit_string(number, font, places.number_size, side, size * 0.8)
    canvas.setFont(font, ns)
    canvas.drawRightString(box.right, base2, number)
    if content.project:
        project = f"项目名称：{content.project}"
        room = side - (left - box.x)
        ps = _fit_string(project, font, size, room, size * 0.7)
        canvas.setFont(font, ps)
        canvas.drawString(left, base2, project)
    return top - header


def draw_slip(canvas: Canvas, fitted: Fitted, box: Box, legend: str = "") -> None:
    """Draw a fitted slip in ``box`` (which it fits by construction)."""
    font = ensure_fonts()
    size = fitted.style.size
    y = _draw_header(canvas, fitted.content, font, size, box)
    y = draw_grid(canvas, fitted.content.rows, fitted.heights, fitted.style, box.x, y, box.width)
    content = fitted.content
    if content.disclaimer:
        para = _disclaimer_para(content.disclaimer, font, size)
        _w, h = para.wrap(box.width, 1e6)
        y -= size * 0.4
        para.drawOn(canvas, box.x, y - h)
        y -= h
    lines = _footer_lines(content, legend, font, size, box.width)
    if lines:
        fs = size * 0.8
        y -= size * 0.3 + fs * 1.1
        canvas.setFont(font, fs)
        if content.footer:
            canvas.drawString(box.x, y, content.footer)
            if lines == 2:
                y -= fs * 1.45
        if legend:
            canvas.drawRightString(box.right, y, legend)


def _is_upright(ch: str) -> bool:
    """CJK characters stand upright in vertical text; Latin letters and brackets turn."""
    return ord(ch) >= 0x2E80 and ch not in "（）()"


def draw_vertical_label(canvas: Canvas, text: str, box: Box) -> None:
    """``text`` top to bottom, centred in ``box`` (the label strip beside a slip)."""
    font = ensure_fonts()
    size = min(box.width * 0.62, 11.0)

    def advance(ch: str, fs: float) -> float:
        return fs * 1.08 if _is_upright(ch) else stringWidth(ch, font, fs) + fs * 0.3

    chars = [ch for ch in text if ch != " "] if len(text) > 1 else list(text)
    gaps = [i for i, ch in enumerate(text) if ch == " "]
    total = sum(advance(ch, size) for ch in chars) + len(gaps) * size * 0.5
    if total > box.height:
        size *= box.height / total
        total = box.height
    cx = box.x + box.width / 2
    y = box.y + (box.height + total) / 2
    canvas.setFont(font, size)
    for ch in text:
        if ch == " ":
            y -= size * 0.5
            continue
        step = advance(ch, size)
        if _is_upright(ch):
            canvas.drawCentredString(cx, y - size * 0.92, ch)
        else:
            canvas.saveState()
            # Turned a quarter clockwise: the glyph's height (descent to ascent) spans x.
            canvas.translate(cx - size * 0.3, y - size * 0.15)
            canvas.rotate(-90)
            canvas.drawString(0, 0, ch)
            canvas.restoreState()
        y -= step


def draw_cut_line(canvas: Canvas, y: float, page_width: float) -> None:
    font = ensure_fonts()
    note = "沿虚线裁开"
    fs = 6.5
    mid = page_width / 2
    half = stringWidth(note, font, fs) / 2 + 4
    canvas.saveState()
    canvas.setStrokeGray(0.45)
    canvas.setFillGray(0.45)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    canvas.line(5 * MM, y, mid - half, y)
    canvas.line(mid + half, y, page_width - 5 * MM, y)
    canvas.setFont(font, fs)
    canvas.drawCentredString(mid, y - fs * 0.35, note)
    canvas.restoreState()
