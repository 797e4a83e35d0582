"""Cell kinds of the exported workbooks: number formats, styles, Chinese-aware widths and the
text rule (user text is always text, never a formula)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from propdesk.domain.kpi import Average, Ratio
from propdesk.domain.money import fen_to_yuan

FONT_NAME = "宋体"

#: Cell kinds and their Excel number formats.
NUMBER_FORMATS: dict[str, str] = {
    "text": "General",
    "longtext": "General",  # free text: wrapped in its column, the row grows to show it
    "int": "0",
    "yuan": "#,##0.00",
    "datetime": "yyyy-mm-dd hh:mm",
    "date": "yyyy-mm-dd",
    "percent": "0.0%",
    "minutes": "0.0",
    "days": "0",
}

_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")

#: Characters XML 1.0 cannot carry (openpyxl refuses them; we drop them).
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Leading characters that make a spreadsheet read text as a formula.
FORMULA_LEAD = ("=", "+", "-", "@")


def clean_text(value: str) -> str:
    return ILLEGAL_XML.sub("", value) if ILLEGAL_XML.search(value) else value


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


def ratio_value(r: Ratio) -> Decimal | None:
    """A rate as the cell value (Excel shows it with the percent format)."""
    return r.value


def minutes_value(a: Average) -> Decimal | None:
    return a.minutes


def text_cell(ws: WriteOnlyWorksheet, value: str, style: Any = None) -> WriteOnlyCell:
    """A cell that holds ``value`` as text whatever it starts with (``=SUM(A1)`` stays the
    text ``=SUM(A1)``, never a formula)."""
    cell = WriteOnlyCell(ws)
    cell._value = clean_text(value)  # set directly: assigning .value would guess a formula
    cell.data_type = "s"
    if style is not None:
        style.apply(cell)
    return cell


class CellStyle:
    """A named combination of number format, font, fill, border and alignment."""

    def __init__(
        self,
        kind: str = "text",
        *,
        bold: bool = False,
        size: float = 10,
        fill: PatternFill | None = None,
        border: bool = True,
        align: str | None = None,
        wrap: bool = False,
        colour: str | None = None,
    ) -> None:
        self.number_format = NUMBER_FORMATS[kind]
        self.font = Font(name=FONT_NAME, size=size, bold=bold, color=colour)
        self.fill = fill
        self.border = BORDER if border else None
        horizontal = align or ("center" if kind in ("datetime", "date") else None)
        wrap = wrap or kind == "longtext"
        self.alignment = (
            Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
            if horizontal or wrap
            else Alignment(vertical="center")
        )

    def apply(self, cell: WriteOnlyCell) -> WriteOnlyCell:
        cell.number_format = self.number_format
        cell.font = self.font
        if self.fill is not None:
            cell.fill = self.fill
        if self.border is not None:
            cell.border = self.border
        cell.alignment = self.alignment
        return cell

    def cell(self, ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
        """A styled cell for the openpyxl-written parts (titles, headers, small tables)."""
        if isinstance(value, str):
            return text_cell(ws, value, self)
        cell = WriteOnlyCell(ws, value)
        return self.apply(cell)

    def style_id(self, ws: WriteOnlyWorksheet) -> int:
        """The workbook's index of this style (the ``s`` attribute of streamed cells)."""
        return int(self.apply(WriteOnlyCell(ws)).style_id)


def plain(value: Any) -> Any:
    """Values the writers accept: str, int, Decimal, datetime, date or ``None``."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, str | int | Decimal | datetime | date):
        return value
    return str(value)
