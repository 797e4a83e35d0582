"""The default 套打 layout, measured from the program's own slip: the blank 维修服务单 on
241×140 continuous paper is fitted and placed exactly as a print would be, and each field
goes where that slip prints its value. So values printed with the default layout land in the
boxes of the program's own form (printed blank, or by a print shop from it). Needs ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from reportlab.pdfbase.pdfmetrics import stringWidth

from propdesk.domain.enums import AreaType, Channel, Kind, MaterialSource, PaperMode, Status
from propdesk.domain.numbering import format_number
from propdesk.domain.records import OrderRecord
from propdesk.domain.settings import OfficeSettings

from .codes import code128_width
from .content import SlipContent, build_slip
from .copies import legend
from .fonts import ensure_fonts
from .grid import GridStyle, PlacedCell, cell_height, check_marks, place_cells, text_top
from .layout import _header_height, fit, header_places
from .overlay_fields import CELL_FIELDS, CODE128, NUMBER, QR, REPRINT, CellField
from .overlay_layout import OverlayLayout, Placement
from .paper import MM, Box, sheet_for
from .render import split_slot

#: The paper of the program's own form that the default layout matches.
FORM_PAPER = PaperMode.OVERLAY
#: A footer as long as a print's (time and a clerk's name): it decides the form's spacing.
FORM_PRINTED_AT = datetime(2000, 1, 1)
FORM_PRINTED_BY = "前台人员"
NOTE = (
    "套打布局：每个字段的位置（毫米，从纸的左上角量起）、宽度、字号（磅）、是否换行。"
    "默认布局与本程序自己的 241×140 维修服务单的格子一致；修改后下次打印即生效。"
    "各项设置的含义见说明书“套打”一节。"
)


def blank_order() -> OrderRecord:
    """An in-home repair with nothing filled in: its slip is the program's blank form."""
    return OrderRecord(
        id=0, number=format_number(2000, 1), kind=Kind.REPAIR, matter_type=None,
        area_type=AreaType.HOME, channel=Channel.PHONE, status=Status.PENDING,
        received_at=FORM_PRINTED_AT, receiver_name="", caller_name="", phone="", unit_id=None,
        unit_code="", location="", category_id=0, category_name="", description="",
        urgency_id=0, urgency_name="", is_emergency=False, appointment_at=None, paid=False,
        material_source=MaterialSource.CENTRE, developer_warranty=False, department_id=None,
        department_name="", due_at=None, due_kind=None, dispatched_at=None, arrived_at=None,
        completed_at=None, slip_returned_at=None, visited_at=None, closed_at=None,
        cancel_reason="", developer_note="", work_done="", labour_fen=0, material_fen=0,
        total_fen=0, fee_status=None, fee_paid_at=None, receipt_no="", fee_note="",
        satisfaction=None, is_rework=False, version=0,
    )  # fmt: skip


def blank_form(settings: OfficeSettings) -> SlipContent:
    """The program's own form: labels and boxes, every value blank, no box ticked."""
    sheet = sheet_for(FORM_PAPER)
    content = build_slip(
        blank_order(),
        settings,
        blank_material_rows=sheet.blank_material_rows,
        printed_at=FORM_PRINTED_AT,
        printed_by=FORM_PRINTED_BY,
    )
    drops = {(f.row, f.index): f.drop for f in CELL_FIELDS.values() if f.drop}
    rows = []
    for row in content.rows:
        cells, n = [], 0
        for cell in row.cells:
            if not cell.label:
                text = drops.get((row.key, n), "")
                checks = tuple((o, False) for o, _t in cell.checks)
                cell = replace(cell, text=text, checks=checks)
                n += 1
            cells.append(cell)
        rows.append(replace(row, cells=tuple(cells)))
    return replace(content, rows=tuple(rows))


def _form_row(field: CellField) -> str:
    """The form's row for ``field``: material lines are the form's blank lines."""
    if field.row.startswith("mat_"):
        return "mat_blank_" + field.row.removeprefix("mat_")
    return field.row


@dataclass(frozen=True)
class _Page:
    """Points (origin bottom left) to the layout's millimetres (origin top left)."""

    height: float

    def x(self, x: float) -> float:
        return x / MM

    def y(self, y: float) -> float:
        return (self.height - y) / MM


def default_layout(settings: OfficeSettings | None = None) -> OverlayLayout:
    """Each field where the program's own 241×140 slip prints it (``settings`` give the
    disclaimer and the copies' legend, which set the form's spacing)."""
    settings = settings or OfficeSettings()
    ensure_fonts()
    sheet = sheet_for(FORM_PAPER)
    body, _strip = split_slot(sheet, sheet.slots[0])
    content = blank_form(settings)
    fitted = fit(
        content, body.width, body.height, sheet.base_font, shade=False, legend=legend(settings)
    )
    page = _Page(sheet.height)
    grid_top = body.top - _header_height(fitted.style.size)
    cells: dict[tuple[str, int], PlacedCell] = {}
    for p in place_cells(fitted.content.rows, fitted.heights, body.x, grid_top, body.width):
        if not p.cell.label:
            cells[(p.row.key, sum(1 for c in p.row.cells[: p.index] if not c.label))] = p
    fields: dict[str, Placement] = {}
    for name, field in CELL_FIELDS.items():
        placed = cells.get((_form_row(field), field.index))
        if placed is not None:
            fields[name] = _cell_placement(placed, fitted.style, field, page)
    fields.update(_header_fields(content.number, fitted.style.size, body, page))
    return OverlayLayout(sheet.width / MM, sheet.height / MM, fields, "")


def _cell_placement(p: PlacedCell, style: GridStyle, field: CellField, page: _Page) -> Placement:
    """Where the slip prints the value of ``p`` (as ``draw_cell`` places it)."""
    inner = p.width - 2 * style.pad_x
    x = p.x + style.pad_x
    if p.cell.checks:
        content = cell_height(p.cell, style, p.width)
        top = text_top(style, p.top, p.height, content, p.valign_top)
        marks = check_marks(p.cell, style, x, top, inner)
        side = marks[0].side
        return Placement(
            page.x(x),
            page.y(top),
            inner / MM,
            size=style.size,
            marks={m.text: (page.x(m.box_x), page.y(m.box_y + side)) for m in marks},
            box_mm=side / MM,
        )
    top = text_top(style, p.top, p.height, style.size * 1.28, p.valign_top)
    if field.drop:
        shift = stringWidth(field.drop, style.font, style.size)
        x, inner = x + shift, inner - shift
    wrap = p.valign_top
    height = p.height - 2 * style.pad_y if wrap else 0.0
    return Placement(
        page.x(x), page.y(top), inner / MM, height / MM, style.size, wrap, p.cell.align
    )


def _header_fields(number: str, size: float, body: Box, page: _Page) -> dict[str, Placement]:
    """The number, its codes and the 补打 stamp where the slip's header puts them."""
    font = ensure_fonts()
    places = header_places(size, body)
    out = {}
    if places.qr_side:
        top = places.qr_bottom + places.qr_side
        out[QR] = Placement(page.x(places.qr_x), page.y(top), height_mm=places.qr_side / MM)
    bars = code128_width(number)
    out[CODE128] = Placement(
        page.x(places.right - bars),
        page.y(places.bars_bottom + places.bars_height),
        height_mm=places.bars_height / MM,
    )
    # The number where the slip prints it after "NO. ", right-aligned on the title's line.
    ns = places.number_size
    width = stringWidth(number, font, ns) * 1.6
    out[NUMBER] = Placement(
        page.x(places.right - width), page.y(places.line2 + ns), width / MM, size=ns, align="right"
    )
    # The 补打 stamp's text, left of the Code 128 on the office name's line.
    fs = size * 0.95
    stamp = stringWidth("补打 2000-01-01", font, fs) + fs
    right = places.right - bars - fs / 2
    out[REPRINT] = Placement(
        page.x(right - stamp), page.y(places.line1 + fs), stamp / MM, size=fs, align="center"
    )
    return out


def render_blank_form(settings: OfficeSettings | None = None) -> bytes:
    """The program's own form printed blank (241×140): what the default layout fills in,
    for a print shop to print carbonless sets from, or to try a layout on."""
    from .pdf import render_pdf
    from .render import SlipJob, draw_slips

    settings = settings or OfficeSettings()
    sheet = sheet_for(PaperMode.CONT_241X140)
    job = SlipJob(replace(blank_form(settings), number="", footer=""), ("",))
    return render_pdf(
        sheet.size, "派工单（空白）", lambda c: draw_slips(c, sheet, [job], legend(settings))
    )
