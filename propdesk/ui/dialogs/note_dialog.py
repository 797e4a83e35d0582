"""记跟进: one line of the order's follow-up log — how (致电业主, 催办 …), the result where a
call has one, what was said, an agreed next contact, and when (now, or earlier for 补记).
The order's pending reminders are listed on top, so the clerk sees what the call is for."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.domain.records import OrderRecord, OrderResult
from propdesk.domain.reminders import ReminderKind

from ..session import Session
from ..widgets.combos import fill, select
from ..widgets.time_edit import OptionalTimeEdit
from .action_base import ActionDialog

#: The kind of note that answers each reminder (preselected when opened from one; the
#: reminders a step answers come here when that step is not open to the user).
ANSWERS: dict[ReminderKind, NoteKind] = {
    ReminderKind.ESCALATE_DISPATCH: NoteKind.ESCALATE,
    ReminderKind.DISPATCH_OVERDUE: NoteKind.CALL_STAFF,
    ReminderKind.CONFIRM_CALL: NoteKind.CALL_OWNER,
    ReminderKind.RECALL: NoteKind.CALL_OWNER,
    ReminderKind.CHASE: NoteKind.CHASE,
    ReminderKind.ESCALATED: NoteKind.CALL_STAFF,
    ReminderKind.CALL_BACK: NoteKind.CALL_OWNER,
    ReminderKind.COMPLAINT_CONTACT: NoteKind.CALL_OWNER,
    ReminderKind.COMPLAINT_PLAN: NoteKind.PLAN,
    ReminderKind.VISIT: NoteKind.CALL_OWNER,
    ReminderKind.SECOND_VISIT: NoteKind.CALL_OWNER,
    ReminderKind.PRICE_REVIEW: NoteKind.OTHER,
}


class NoteDialog(ActionDialog):
    def __init__(
        self,
        session: Session,
        order: OrderRecord,
        parent: QWidget | None = None,
        *,
        answering: ReminderKind | None = None,
    ) -> None:
        super().__init__(session, order, "记跟进", parent)
        now = session.now()
        pending = session.services.followups.order_reminders(order.id, now, upcoming=False)
        if pending:
            lines = "<br>".join(
                f"{r.kind.label}（到期 {r.due_at:%m-%d %H:%M}）：{r.what}" for r in pending
            )
            todo = QLabel(f"<b>待跟进</b><br>{lines}", self)
            todo.setObjectName("noteTodo")
            todo.setWordWrap(True)
            todo.setStyleSheet("color:#8b0000;")
            self.form.addRow(todo)
        self.kind = QComboBox(self)
        fill(self.kind, [(k.label, k.value) for k in NoteKind])
        self.add_field("方式*", self.kind, "方式")
        self.result_box = QComboBox(self)
        fill(self.result_box, [("（无）", None)] + [(r.label, r.value) for r in NoteResult])
        self.add_field("结果", self.result_box, "结果")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("noteText")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        self.text.setPlaceholderText("如：业主说师傅已到场；工程部答复10分钟内到")
        self.add_field("跟进内容*", self.text, "跟进内容")
        self.next_at = OptionalTimeEdit("约定", now + timedelta(minutes=30), self)
        self.add_field("约定回电时间", self.next_at, "约定回电时间")
        self.add_time("跟进时间")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if answering is not None:
            select(self.kind, ANSWERS[answering].value)
        self._kind_changed()
        self.resize(520, 440)
        self.text.setFocus()

    def _kind_changed(self) -> None:
        takes = NoteKind(self.kind.currentData()).takes_result
        self.result_box.setEnabled(takes)
        if not takes:
            self.result_box.setCurrentIndex(0)

    def perform(self) -> OrderResult:
        result = self.result_box.currentData()
        return self.session.services.followups.add_note(
            self.order.id,
            NoteInput(
                kind=NoteKind(self.kind.currentData()),
                text=self.text.toPlainText(),
                result=NoteResult(result) if result else None,
                next_at=self.next_at.value(),
                at=self.time_edit.value(),
            ),
            self.session.user,
        )
