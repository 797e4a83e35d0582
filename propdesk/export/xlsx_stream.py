"""Streaming the long tables of a workbook into the file openpyxl wrote.

openpyxl builds the workbook (styles, titles, header rows, column widths, frozen panes, print
setup, charts) in write-only mode; the long bodies (明细, 有偿服务登记表, 未完成工单 ...) are then
written straight into their sheets' ``<sheetData>`` while the package is copied, as plain
SpreadsheetML rows. openpyxl's own cell writer spends ~13 µs per styled cell (8.7 s for a
17,000-order month); these rows cost about 1 µs per cell and are never held in memory whole.

Strings are always inline strings (``t="inlineStr"``) and never formulas, whatever they start
with; numbers, Decimals, dates and times are numeric cells carrying the column's style id.

Every sheet gets a ``<dimension>`` (its used range), which openpyxl's write-only mode leaves
out: readers that trust it (openpyxl's ``max_row``, some importers) then see the whole sheet.
A streamed body goes to a temporary file first, so the range is known before the sheet's
head is written.

Kept beside openpyxl because of the month workbook's budget (≤ 3 s for a 5,000-order month):
openpyxl's write-only cells took 9.1 s for the 220,000 styled cells of such a 明细 alone on
this (shared) machine.
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from xml.etree import ElementTree

from openpyxl.utils import column_index_from_string, get_column_letter

from .cells import clean_text, display_width

_EPOCH = datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Rows joined into one write.
CHUNK_ROWS = 500


@dataclass
class Body:
    """Rows to stream into ``sheet`` from row ``first_row`` on; ``styles`` gives each
    column's style id. ``footer`` (called after the rows) may return more rows, styled with
    ``footer_styles`` — e.g. totals accumulated while the rows went by."""

    sheet: str
    first_row: int
    styles: Sequence[int]
    rows: Iterable[Sequence[Any]]
    footer: Callable[[], Sequence[Sequence[Any]]] | None = None
    footer_styles: Sequence[int] | None = None
    on_rows: Callable[[int], None] | None = None
    #: Per column, the width (characters) of a column whose text wraps, else ``None``: a row
    #: whose wrapped text takes more than one line is made that many lines tall (spreadsheet
    #: programs do not grow a row written without a height, and the text would print over
    #: the next row).
    wrap_widths: Sequence[float | None] | None = None
    written: int = field(default=0, init=False)


_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    text = clean_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _serial(value: datetime) -> str:
    delta = value - _EPOCH
    return repr(delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400)


def _text(value: str) -> str:
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f"<is><t{space}>{_escape(value)}</t></is>"


def cell_xml(ref: str, value: Any, style: int) -> str:
    """One ``<c>`` element; ``None`` and empty text give an empty styled cell."""
    t = type(value)
    if value is None or (t is str and not value):
        return f'<c r="{ref}" s="{style}"/>'
    if t is str:
        return f'<c r="{ref}" s="{style}" t="inlineStr">{_text(value)}</c>'
    if t is int:
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if t is Decimal:
        return f'<c r="{ref}" s="{style}"><v>{value:f}</v></c>'
    if t is datetime:
        return f'<c r="{ref}" s="{style}"><v>{_serial(value)}</v></c>'
    if t is date:
        return f'<c r="{ref}" s="{style}"><v>{(value - _EPOCH_DATE).days}</v></c>'
    if t is bool:
        return cell_xml(ref, "是" if value else "否", style)
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    return cell_xml(ref, str(value), style)


#: Height of one line of 10 pt body text (points).
LINE_HEIGHT = 13.5


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide."""
    room = max(width - 1, 1)
    return sum(max(1, -(-display_width(line) // int(room))) for line in text.split("\n"))


def _row_open(r: str, row: Sequence[Any], wraps: Sequence[tuple[int, float]]) -> str:
    lines = max(
        (wrapped_lines(row[i], w) for i, w in wraps if i < len(row) and type(row[i]) is str),
        default=1,
    )
    return (
        f'<row r="{r}" ht="{lines * LINE_HEIGHT:g}" customHeight="1">'
        if lines > 1
        else (f'<row r="{r}">')
    )


def _rows_xml(
    rows: Iterable[Sequence[Any]],
    first: int,
    styles: Sequence[int],
    wrap_widths: Sequence[float | None] | None = None,
) -> Iterable[str]:
    """Rows as XML. The common value types are inlined here: this loop runs once per cell."""
    cols = [(get_column_letter(i + 1), f' s="{st}"') for i, st in enumerate(styles)]
    wraps = [(i, w) for i, w in enumerate(wrap_widths or ()) if w]
    n = first
    for row in rows:
        r = str(n)
        parts = [_row_open(r, row, wraps) if wraps else f'<row r="{r}">']
        add = parts.append
        for (letter, s), value in zip(cols, row, strict=False):
            t = type(value)
            if t is str:
                if value:
                    add(f'<c r="{letter}{r}"{s} t="inlineStr">{_text(value)}</c>')
                else:
                    add(f'<c r="{letter}{r}"{s}/>')
            elif value is None:
                add(f'<c r="{letter}{r}"{s}/>')
            elif t is datetime:
                add(f'<c r="{letter}{r}"{s}><v>{_serial(value)}</v></c>')
            elif t is int:
                add(f'<c r="{letter}{r}"{s}><v>{value}</v></c>')
            else:
                add(cell_xml(letter + r, value, int(s[4:-1])))
        add("</row>")
        yield "".join(parts)
        n += 1


def _stream_body(out: IO[bytes], body: Body) -> int:
    """Write the body's rows (and footer); returns the last row written (0: none)."""
    buf: list[str] = []
    count = 0
    for xml in _rows_xml(body.rows, body.first_row, body.styles, body.wrap_widths):
        buf.append(xml)
        count += 1
        if len(buf) >= CHUNK_ROWS:
            out.write("".join(buf).encode("utf-8"))
            buf.clear()
            if body.on_rows is not None:
                body.on_rows(count)
    if buf:
        out.write("".join(buf).encode("utf-8"))
        if body.on_rows is not None:
            body.on_rows(count)
    body.written = count
    if body.footer is not None:
        extra = body.footer()
        styles = body.footer_styles or body.styles
        out.write("".join(_rows_xml(extra, body.first_row + count, styles)).encode("utf-8"))
        count += len(extra)
    return body.first_row + count - 1 if count else 0


def _sheet_parts(src: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → part name (``xl/worksheets/sheet1.xml``)."""
    rels = ElementTree.fromstring(src.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(target)
    book = ElementTree.fromstring(src.read("xl/workbook.xml"))
    return {
        sheet.get("name", ""): targets[sheet.get(f"{_REL_NS}id")]
        for sheet in book.iter(f"{_MAIN_NS}sheet")
    }


_CELL_REF = re.compile(r'<c r="([A-Z]+)([0-9]+)"')
#: What may follow ``<dimension>`` in a worksheet (the schema's order).
_AFTER_DIMENSION = re.compile(r"<(?:sheetViews|sheetFormatPr|cols|sheetData)[\s/>]")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def _used(xml: str) -> tuple[int, int]:
    """The last row and column (1-based; 0 when empty) of the cells in ``xml``."""
    rows = cols = 0
    for letters, row in _CELL_REF.findall(xml):
        rows = max(rows, int(row))
        cols = max(cols, column_index_from_string(letters))
    return rows, cols


def _with_dimension(head: str, rows: int, cols: int) -> str:
    """``head`` (a worksheet's XML up to its rows' end) with its ``<dimension>``."""
    ref = f"A1:{get_column_letter(cols)}{rows}" if rows and cols else "A1"
    found = _AFTER_DIMENSION.search(head)
    if found is None:
        raise ValueError("worksheet without sheetData")
    return f'{head[: found.start()]}<dimension ref="{ref}"/>{head[found.start() :]}'


def inject(package: bytes | IO[bytes], out: IO[bytes], bodies: Sequence[Body]) -> None:
    """Copy the openpyxl-written ``package`` to ``out``, streaming each body into its sheet."""
    source = io.BytesIO(package) if isinstance(package, bytes) else package
    with zipfile.ZipFile(source) as src:
        parts = _sheet_parts(src)
        by_part = {}
        for body in bodies:
            if body.sheet not in parts:
                raise KeyError(f"no sheet {body.sheet!r} in the workbook")
            by_part[parts[body.sheet]] = body
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as dst:
            for info in src.infolist():
                found = by_part.get(info.filename)
                if not _WORKSHEET.fullmatch(info.filename):
                    dst.writestr(info, src.read(info.filename))
                    continue
                xml = src.read(info.filename).decode("utf-8")
                for empty in ("<sheetData />", "<sheetData/>"):
                    xml = xml.replace(empty, "<sheetData></sheetData>")
                head, sep, tail = xml.partition("</sheetData>")
                if not sep:
                    raise ValueError(f"{info.filename} has no sheetData")
                rows, cols = _used(head)
                with tempfile.TemporaryFile() as spool:
                    if found is not None:
                        last = _stream_body(spool, found)
                        rows = max(rows, last)
                        widths = (found.styles, found.footer_styles or ())
                        cols = max(cols, *(len(w) for w in widths)) if last else cols
                    with dst.open(info.filename, "w", force_zip64=True) as stream:
                        stream.write(_with_dimension(head, rows, cols).encode("utf-8"))
                        spool.seek(0)
                        shutil.copyfileobj(spool, stream)
                        stream.write((sep + tail).encode("utf-8"))
