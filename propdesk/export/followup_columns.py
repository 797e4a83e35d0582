"""Columns of the month workbook's 跟进记录 sheet (the follow-up notes of the month's orders)."""

from __future__ import annotations

from propdesk.domain.report_rows import FollowUpLine

from .columns import Column


def follow_up_columns() -> list[Column[FollowUpLine]]:
    return [
        Column("工单编号", "text", 12, lambda r: r.number),
        Column("房号/位置", "text", 12, lambda r: r.place),
        Column("跟进时间", "datetime", 16.5, lambda r: r.note.at),
        Column("方式", "text", 12, lambda r: r.note.kind.label),
        Column("结果", "text", 8, lambda r: r.note.result.label if r.note.result else ""),
        Column("跟进内容", "text", 40, lambda r: r.note.text),
        Column("约定回电", "datetime", 16.5, lambda r: r.note.next_at),
        Column("记录人", "text", 10, lambda r: r.note.user_name),
    ]
