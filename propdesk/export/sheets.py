"""What every exported sheet shares: column widths, frozen header, print setup, title lines,
the styled header row, and the small tables written through openpyxl."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins

from .cells import HEADER_FILL, TOTAL_FILL, CellStyle, display_width, plain
from .columns import Column
from .xlsx_stream import LINE_HEIGHT, Body, wrapped_lines

TITLE = CellStyle(bold=True, size=14, border=False)
NOTE = CellStyle(size=9, border=False, colour="595959")
SECTION = CellStyle(bold=True, size=11, border=False)
WRAPPED_NOTE = CellStyle(size=9, border=False, colour="595959", wrap=True)
HEADER = CellStyle(bold=True, fill=HEADER_FILL, align="center", wrap=True)
#: Height of one line of a 9 pt note (points).
NOTE_LINE_HEIGHT = 12.5

#: Printable width of A4 (mm) inside the side margins, landscape and portrait.
A4_PRINTABLE_MM = {True: 297 - 2 * 0.4 * 25.4, False: 210 - 2 * 0.4 * 25.4}
#: The smallest print scale a sheet is shrunk to before it spreads over more pages across.
MIN_PRINT_SCALE = 0.7


def column_mm(width: float) -> float:
    """A column's printed width: ``width`` characters of the default font (7 px each at
    96 dpi) plus 5 px of padding, as Excel and LibreOffice lay it out."""
    return (7 * width + 5) * 25.4 / 96


def pages_across(widths: Sequence[float], landscape: bool) -> int:
    """Pages side by side a table needs so that it prints at ``MIN_PRINT_SCALE`` or more
    (41 columns of 明细 squeezed onto one A4 would print at a third of their size)."""
    total = sum(column_mm(w) for w in widths)
    return max(1, math.ceil(total * MIN_PRINT_SCALE / A4_PRINTABLE_MM[landscape]))


class Styles:
    """The body and total styles of each cell kind, registered in one workbook."""

    def __init__(self) -> None:
        self._body: dict[str, CellStyle] = {}
        self._total: dict[str, CellStyle] = {}

    def body(self, kind: str) -> CellStyle:
        if kind not in self._body:
            self._body[kind] = CellStyle(kind)
        return self._body[kind]

    def total(self, kind: str) -> CellStyle:
        if kind not in self._total:
            self._total[kind] = CellStyle(kind, bold=True, fill=TOTAL_FILL)
        return self._total[kind]


STYLES = Styles()


def new_sheet(
    wb: Workbook,
    title: str,
    widths: Sequence[float],
    *,
    header_row: int,
    freeze_col: int = 0,
    landscape: bool = True,
) -> WriteOnlyWorksheet:
    """A write-only sheet with widths, panes frozen below ``header_row`` and the print setup
    (A4, landscape, fit to page width — or to as many pages across as keep the text at 70 %
    or more, with the frozen columns repeated on each — header rows repeated, page numbers
    in a footer that clears the bottom margin). Set everything here: a write-only sheet
    takes no layout once rows are written."""
    ws: WriteOnlyWorksheet = wb.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"{get_column_letter(freeze_col + 1)}{header_row + 1}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = 9  # A4
    across = pages_across(widths, landscape)
    ws.page_setup.fitToWidth = across
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = across == 1
    # the footer sits 0.3" from the edge, well inside the 0.75" bottom margin
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.75, header=0.3, footer=0.3)
    ws.print_title_rows = f"1:{header_row}"
    if across > 1:
        ws.page_setup.pageOrder = "overThenDown"  # a band of rows, then the next
        if freeze_col:
            ws.print_title_cols = f"A:{get_column_letter(freeze_col)}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return ws


def table_width(ws: WriteOnlyWorksheet) -> float:
    """The sheet's columns' total width (characters), as set by ``new_sheet``."""
    return sum(d.width or 0 for d in ws.column_dimensions.values())


def title_rows(ws: WriteOnlyWorksheet, title: str, *notes: str) -> int:
    """The sheet's title and note lines (the first rows of the sheet); returns the number of
    rows written. A note longer than the table is wrapped in a cell merged across the table,
    its row as tall as its lines, so it never spills past the table's right edge."""
    ws.append([TITLE.cell(ws, title)])
    columns = len(ws.column_dimensions)
    width = table_width(ws)
    for row, note in enumerate(notes, start=2):
        lines = math.ceil(display_width(note) / max(width - 2, 10)) if width else 1
        if lines > 1 and columns > 1:
            ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
            ws.row_dimensions[row].height = NOTE_LINE_HEIGHT * lines
            ws.append([WRAPPED_NOTE.cell(ws, note)])
        else:
            ws.append([NOTE.cell(ws, note)])
    return 1 + len(notes)


def header_row(ws: WriteOnlyWorksheet, headers: Sequence[str]) -> None:
    ws.append([HEADER.cell(ws, h) for h in headers])


def styled_row(
    ws: WriteOnlyWorksheet,
    values: Sequence[Any],
    kinds: Sequence[str],
    total: bool = False,
    *,
    row: int | None = None,
) -> None:
    """A row of the small tables, each value styled by its column's kind. Given its ``row``
    number, a row whose wrapped text (kind ``longtext``) takes several lines is made that
    tall (nothing grows it by itself, and the text would print over the next row)."""
    pick = STYLES.total if total else STYLES.body
    if row is not None:
        lines = max(
            (
                wrapped_lines(v, ws.column_dimensions[get_column_letter(i)].width or 10)
                for i, (v, k) in enumerate(zip(values, kinds, strict=True), start=1)
                if k == "longtext" and isinstance(v, str) and v
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[row].height = lines * LINE_HEIGHT
    ws.append([pick(k).cell(ws, plain(v)) for v, k in zip(values, kinds, strict=True)])


def body_for(
    ws: WriteOnlyWorksheet,
    columns: Sequence[Column[Any]],
    first_row: int,
    rows: Any,
    **kw: Any,
) -> Body:
    """A streamed body for ``ws`` whose cells take the body style of each column's kind."""
    styles = [STYLES.body(c.kind).style_id(ws) for c in columns]
    footer_styles = [STYLES.total(c.kind).style_id(ws) for c in columns]
    wraps = [c.fitted_width if c.kind == "longtext" else None for c in columns]
    return Body(
        ws.title, first_row, styles, rows, footer_styles=footer_styles, wrap_widths=wraps, **kw
    )
