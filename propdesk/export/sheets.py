"""What every exported sheet shares: column widths, frozen header, print setup, title lines,
the styled header row, and the small tables written through openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins

from .cells import HEADER_FILL, TOTAL_FILL, CellStyle, plain
from .columns import Column
from .xlsx_stream import Body

TITLE = CellStyle(bold=True, size=14, border=False)
NOTE = CellStyle(size=9, border=False, colour="595959")
SECTION = CellStyle(bold=True, size=11, border=False)
HEADER = CellStyle(bold=True, fill=HEADER_FILL, align="center", wrap=True)


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
    (A4, landscape, fit to page width, header rows repeated, page numbers). Set everything
    here: a write-only sheet takes no layout once rows are written."""
    ws: WriteOnlyWorksheet = wb.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"{get_column_letter(freeze_col + 1)}{header_row + 1}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_title_rows = f"1:{header_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return ws


def title_rows(ws: WriteOnlyWorksheet, title: str, *notes: str) -> int:
    """The sheet's title and note lines; returns the number of rows written."""
    ws.append([TITLE.cell(ws, title)])
    for note in notes:
        ws.append([NOTE.cell(ws, note)])
    return 1 + len(notes)


def header_row(ws: WriteOnlyWorksheet, headers: Sequence[str]) -> None:
    ws.append([HEADER.cell(ws, h) for h in headers])


def styled_row(
    ws: WriteOnlyWorksheet, values: Sequence[Any], kinds: Sequence[str], total: bool = False
) -> None:
    """A row of the small tables, each value styled by its column's kind."""
    pick = STYLES.total if total else STYLES.body
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
    return Body(ws.title, first_row, styles, rows, footer_styles=footer_styles, **kw)
