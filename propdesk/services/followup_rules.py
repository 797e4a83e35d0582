"""Checks the order steps make against the follow-up log (in the caller's transaction)."""

from __future__ import annotations

from typing import Any

from propdesk.db import followup_repo
from propdesk.domain.enums import Kind, MatterType
from propdesk.domain.errors import UserError


def require_complaint_plan(row: dict[str, Any]) -> None:
    """A complaint (报事·投诉) is completed only once its 整改方案 is in the follow-up log."""
    complaint = (
        row["kind"] == Kind.MATTER.value and row["matter_type"] == MatterType.COMPLAINT.value
    )
    if complaint and not followup_repo.has_plan(row["id"]):
        raise UserError(
            "投诉须先提交整改方案（在跟进记录中记一条“整改方案”）后才能完工", "整改方案"
        )
