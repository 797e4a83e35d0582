"""The printer calibration page: on the paper being calibrated, millimetre rulers and
cross-hairs at known distances from the sheet's edges, with how to turn what the clerk
measures into the correction (横向偏移, 纵向偏移, 缩放).

Every mark keeps 15 mm from the edges: printers with hardware margins cannot print nearer.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from propdesk.domain.enums import PaperMode

from .fonts import ensure_fonts
from .paper import MM, sheet_for
from .pdf import render_pdf

#: Distance of the corner cross-hairs from the sheet's edges (mm).
INSET_MM = 20.0
CROSS_MM = 6.0  # half the length of a cross-hair's arms


def cross_positions(paper: PaperMode) -> dict[str, tuple[float, float]]:
    """The cross-hairs, in mm from the sheet's top left corner: A top left, B top right,
    C bottom left."""
    sheet = sheet_for(paper)
    w, h = sheet.width / MM, sheet.height / MM
    return {
        "A": (INSET_MM, INSET_MM),
        "B": (w - INSET_MM, INSET_MM),
        "C": (INSET_MM, h - INSET_MM),
    }


def _cross(
    canvas: Canvas, name: str, x_mm: float, y_mm: float, height: float, right_side: bool
) -> None:
    x, y = x_mm * MM, height - y_mm * MM
    arm = CROSS_MM * MM
    canvas.setLineWidth(0.7)
    canvas.line(x - arm, y, x + arm, y)
    canvas.line(x, y - arm, x, y + arm)
    canvas.circle(x, y, 2 * MM, stroke=1, fill=0)
    canvas.setFont(ensure_fonts(), 8)
    label = f"{name}（{x_mm:g}, {y_mm:g} mm）"
    below = y - 5 * MM if y_mm < 50 else y + 3 * MM
    if right_side:  # written towards the middle of the sheet, never past its edge
        canvas.drawRightString(x - 2.5 * MM, below, label)
    else:
        canvas.drawString(x + 2.5 * MM, below, label)


#: Where the rulers lie: this far inside the top (horizontal) and left (vertical) edges.
RULER_MM = 30


def _ruler(canvas: Canvas, height: float, length_mm: float, vertical: bool) -> None:
    """A ruler along the line ``RULER_MM`` inside the top (or left) edge, from where the
    other ruler lies to 15 mm (30 mm, vertically: cross C's label) before the far edge,
    numbered in mm from the sheet's edge."""
    font = ensure_fonts()
    canvas.setLineWidth(0.5)
    start, end = RULER_MM, int(length_mm) - (RULER_MM if vertical else 15)
    for mm in range(start, end + 1):
        tick = 4 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5
        if vertical:
            x, y = RULER_MM * MM, height - mm * MM
            canvas.line(x, y, x + tick * MM, y)
            if mm % 10 == 0:
                canvas.setFont(font, 6)
                canvas.drawString(x + 5 * MM, y - 2, str(mm))
        else:
            x, y = mm * MM, height - RULER_MM * MM
            canvas.line(x, y, x, y - tick * MM)
            if mm % 10 == 0:
                canvas.setFont(font, 6)
                canvas.drawCentredString(x, y - 7 * MM, str(mm))


INSTRUCTIONS = (
    "用直尺从纸张左边、上边量出十字 A 中心的位置，与括号中的标称位置比较：",
    "横向偏移 = 现值 −（实测左距 − 标称左距），纵向偏移 = 现值 −（实测上距 − 标称上距），毫米。",
    "量出十字 A 到 B 的距离：缩放 = 现值 × 标称距离 ÷ 实测距离",
    "（例：现值 100%，标称 {ab:g} mm，实测 {ab_less:g} mm，填 {pct:.1f}%）。",
    "在“打印机校准”中按打印机和纸张填写后保存，再打一张核对，偏差应在 0.5 毫米以内。",
)


def render_calibration_page(paper: PaperMode, printer: str, note: str = "") -> bytes:
    """The calibration page for ``paper`` as PDF bytes, naming ``printer``."""
    sheet = sheet_for(paper)
    w_mm, h_mm = sheet.width / MM, sheet.height / MM
    crosses = cross_positions(paper)
    ab = crosses["B"][0] - crosses["A"][0]

    def draw(canvas: Canvas) -> None:
        font = ensure_fonts()
        _ruler(canvas, sheet.height, w_mm, vertical=False)
        _ruler(canvas, sheet.height, h_mm, vertical=True)
        for name, (x, y) in crosses.items():
            _cross(canvas, name, x, y, sheet.height, x > w_mm / 2)
        left = (RULER_MM + 12) * MM
        canvas.setFont(font, 9)
        y = sheet.height - (RULER_MM + 14) * MM
        canvas.drawString(left, y, f"打印机校准页    打印机：{printer}    纸张：{paper.label}")
        if note:
            y -= 12
            canvas.drawString(left, y, note)
        canvas.setFont(font, 7)
        for line in INSTRUCTIONS:
            y -= 10
            text = line.format(ab=ab, ab_less=ab - 1, pct=100 * ab / (ab - 1))
            canvas.drawString(left, y, text)
        canvas.showPage()

    return render_pdf(sheet.size, f"打印机校准页 {printer}", draw)
