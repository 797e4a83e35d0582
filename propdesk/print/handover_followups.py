"""The follow-up part of the handover sheet (交接班回访跟进记录): what the next shift must chase
(待跟进, due and coming) and the contacts made today, drawn as two tables."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from .handover import FollowUpPart
from .handover_table import OVERDUE_RED, titled_part

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
    out += titled_part(title, PENDING_COLUMNS, rows, para, heading, head, font, width)
    n += 1
    title = f"{n}、交接班回访跟进记录 — 本日跟进"
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
    out += titled_part(title, NOTE_COLUMNS, rows, para, heading, head, font, width)
    return out
