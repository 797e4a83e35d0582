"""扫码回单: a USB scanner types a slip's number and Enter; the slip is recorded as returned
at once (with the time and the clerk) when the order is completed. When the paper holds what
the program does not have yet (arrival, completion), the steps to key first are named and
nothing is written; a number that is unknown, or a slip already returned, is refused in
Chinese and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from propdesk.domain.enums import Kind, Status
from propdesk.domain.errors import NotFound, UserError
from propdesk.domain.records import OrderRecord, OrderResult, UserRecord

from .registers import RegisterService
from .workflow import WorkflowService

SCAN_FIELD = "扫码回单"
ARRIVE, COMPLETE = "arrive", "complete"


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan did: ``result`` when the 回单 was recorded; otherwise the steps to key
    from the paper first (``needs``: "arrive" and/or "complete"), nothing written."""

    order: OrderRecord
    result: OrderResult | None
    needs: tuple[str, ...]
    message: str


def _refused(text: str) -> UserError:
    return UserError(f"{SCAN_FIELD}：{text}", SCAN_FIELD)


def scanned_number(text: str) -> str:
    """The number as the scanner typed it, without spaces or a leading ``NO.``."""
    number = "".join(text.split())
    return number[3:] if number.upper().startswith("NO.") else number


def scan_return(
    registers: RegisterService, workflow: WorkflowService, text: str, user: UserRecord
) -> ScanOutcome:
    """Record the 回单 of the slip scanned as ``text`` (see the module docstring)."""
    number = scanned_number(text)
    if not number:
        raise _refused("请扫描派工单上的条码（或输入工单编号后按回车）")
    try:
        order = registers.by_number(number)
    except NotFound:
        raise _refused(f"没有编号为“{number}”的工单，未做任何更改") from None
    if order.slip_returned_at is not None:
        raise _refused(
            f"工单 {number} 的派工单已于 {order.slip_returned_at:%Y-%m-%d %H:%M} 回单，"
            "本次扫码未做更改"
        )
    if order.status is Status.COMPLETED:
        result = workflow.return_slip(order.id, user, expected_version=order.version)
        at = result.order.slip_returned_at
        when = f"{at:%H:%M:%S}" if at else ""
        return ScanOutcome(
            result.order, result, (), f"工单 {number} 已回单（{when}，{user.display_name}）"
        )
    if order.status is Status.DISPATCHED:
        needs = (COMPLETE,) if order.kind is Kind.MATTER else (ARRIVE, COMPLETE)
    elif order.status is Status.IN_PROGRESS:
        needs = (COMPLETE,)
    else:
        raise _refused(f"工单 {number} 状态为“{order.status.label}”，不能回单，未做任何更改")
    missing = "到达时间和完成情况" if ARRIVE in needs else "完成情况"
    return ScanOutcome(order, None, needs, f"工单 {number} 尚未录入{missing}：请按派工单填写")
