"""The table every part of the 交接班记录 is drawn as: a spanned title row and the column heads,
both repeated on every page the table continues on, then the rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .paper import MM

OVERDUE_RED = colors.Color(0.75, 0.0, 0.0)

# (head, width in mm); a width of 0 takes what the others leave
Columns = Sequence[tuple[str, float]]


def column_widths(columns: Columns, total: float) -> list[float]:
    fixed = [w * MM for _n, w in columns if w]
    return [*fixed, total - sum(fixed)]


def titled_part(
    title: str,
    columns: Columns,
    rows: list[list[Paragraph]],
    para: Callable[[str, ParagraphStyle], Paragraph],
    heading: ParagraphStyle,
    head: ParagraphStyle,
    font: str,
    width: float,
) -> list[Flowable]:
    """A numbered part of the sheet: its table, titled with its row count, or only the title
    and 无 when it has no rows. ``para(text, style)`` makes a paragraph of plain text."""
    if not rows:
        return [para(f"{title}：无", heading), Spacer(1, 4 * MM)]
    data: list[list[Paragraph | str]] = [[para(f"{title}（{len(rows)}）", heading)]]
    data[0] += [""] * (len(columns) - 1)
    data.append([para(name, head) for name, _w in columns])
    data += rows
    table = Table(data, colWidths=column_widths(columns, width), repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("SPAN", (0, 0), (-1, 0)),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("BOTTOMPADDING", (0, 0), (0, 0), 4),
                ("GRID", (0, 1), (-1, -1), 0.5, colors.black),
                ("BOX", (0, 1), (-1, -1), 1.0, colors.black),
                ("BACKGROUND", (0, 1), (-1, 1), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 1), (-1, -1), 3),
                ("RIGHTPADDING", (0, 1), (-1, -1), 3),
            ]
        )
    )
    return [table, Spacer(1, 4 * MM)]
