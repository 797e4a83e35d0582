"""The follow-up part of the handover sheet (交接班回访跟进记录): what the next shift must chase
(待跟进, due and coming) and the contacts made today, drawn as two tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from .handover import FollowUpPart
from .paper import MM

OVERDUE_RED = colors.Color(0.75, 0.0, 0.0)
PENDING_COLUMNS = (("工单", 24), ("房号/位置", 28), ("事项", 26), ("到期", 32), ("要做什么", 0))
NOTE_COLUMNS = (
    ("时间", 22),
    ("工单", 24),
    ("房号/位置", 26),
    ("方式", 22),
    ("结果", 14),
    ("记录人", 18),
    ("约定回电", 22),
    ("跟进内容", 0),
)


def _widths(columns: Sequence[tuple[str, float]], total: float) -> list[float]:
    fixed = [w * MM for _n, w in columns if w]
    return [*fixed, total - sum(fixed)]


def _table(
    title: Paragraph,
    columns: Sequence[tuple[str, float]],
    rows: list[list[Paragraph]],
    head: ParagraphStyle,
    font: str,
    width: float,
) -> Table:
    data: list[list[Paragraph | str]] = [[title] + [""] * (len(columns) - 1)]
    data.append([Paragraph(name, head) for name, _w in columns])
    data += rows
    table = Table(data, colWidths=_widths(columns, width), repeatRows=2)
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
    return table


def follow_up_flowables(
    part: FollowUpPart,
    para: Callable[[str, ParagraphStyle], Paragraph],
    style: ParagraphStyle,
    head: ParagraphStyle,
    heading: ParagraphStyle,
    font: str,
    width: float,
    first_number: int,
) -> list[Flowable]:
    """The two tables, numbered on from the sheet's sections; ``para(text, style)`` makes a
    paragraph of plain text."""
    red = ParagraphStyle("red", parent=style, textColor=OVERDUE_RED)
    out: list[Flowable] = []
    n = first_number
    title = f"{n}、交接班回访跟进记录 — 待跟进（交下一班）"
    if part.pending:
        rows = []
        for r in part.pending:
            late = r.due_at <= part.now
            due_style = red if late else style
            when = f"{r.due_at:%m-%d %H:%M}" + ("（已到期）" if late else "")
            todo = r.what
            rows.append(
                [
                    para(r.number, style),
                    para(r.place, style),
                    para(r.kind.label, style),
                    para(when, due_style),
                    para(todo, style),
                ]
            )
        head_title = para(f"{title}（{len(rows)}）", heading)
        out += [_table(head_title, PENDING_COLUMNS, rows, head, font, width), Spacer(1, 4 * MM)]
    else:
        out += [para(f"{title}：无", heading), Spacer(1, 4 * MM)]
    n += 1
    title = f"{n}、交接班回访跟进记录 — 本日跟进"
    if part.notes:
        rows = [
            [
                para(f"{line.note.at:%m-%d %H:%M}", style),
                para(line.number, style),
                para(line.place, style),
                para(line.note.kind.label, style),
                para(line.note.result.label if line.note.result else "", style),
                para(line.note.user_name, style),
                para(f"{line.note.next_at:%m-%d %H:%M}" if line.note.next_at else "", style),
                para(line.note.text, style),
            ]
            for line in part.notes
        ]
        head_title = para(f"{title}（{len(rows)}）", heading)
        out += [_table(head_title, NOTE_COLUMNS, rows, head, font, width), Spacer(1, 4 * MM)]
    else:
        out += [para(f"{title}：无", heading), Spacer(1, 4 * MM)]
    return out
