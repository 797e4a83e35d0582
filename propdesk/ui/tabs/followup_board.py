"""待跟进 on the today board: the reminders due for the user's role (前台 the calls and chases,
工程主管 the escalations, 经理 the escalated complaints), sorted by due time, red once late,
with what to do in words. Double-click (or Enter) opens the order with the note dialog
ready. The list is reloaded on changes and refreshed on each minute tick from the window's
``ReminderWatcher`` (``session.reminders_updated``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from propdesk.domain.reminders import Reminder

from ..models.followup_models import RemindersModel
from ..session import Session
from ..widgets.record_view import RecordView


class FollowUpBoard(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("待跟进", parent)
        self.session = session
        self.setObjectName("board_follow_up")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.model = RemindersModel(session.now(), session.settings().rules, self)
        self.view = RecordView(self)
        self.view.setObjectName("followUpList")
        self.view.setModel(self.model)
        self.view.remember_columns(session.prefs, "follow_up")
        self.view.record_activated.connect(self._open)
        layout.addWidget(self.view)
        session.reminders_updated.connect(self.show_reminders)

    def reload(self) -> None:
        self.show_reminders(
            self.session.services.followups.reminders(self.session.now(), user=self.session.user)
        )

    def show_reminders(self, rows: list[Reminder]) -> None:
        """Show ``rows`` (the reminders due now, as the service lists them)."""
        now = self.session.now()
        self.model.set_clock(now, self.session.settings().rules)
        self.model.set_records(rows)
        self._show_title(now)

    def on_tick(self, now: datetime) -> None:
        """A minute passed: recolour (the list itself comes with ``reminders_updated``)."""
        self.model.set_clock(now)
        self._show_title(now)

    def _show_title(self, now: datetime) -> None:
        rows = self.model.records()
        late = sum(1 for r in rows if r.is_overdue(now, self.model.rules))
        extra = f"，其中逾期 {late} 条" if late else ""
        self.setTitle(f"待跟进（{len(rows)}{extra}）")
        alarm = "QGroupBox { color: #b00000; font-weight: bold; }"
        style = alarm if late else "QGroupBox { font-weight: bold; }"
        if self.styleSheet() != style:  # a new style sheet re-polishes the whole list
            self.setStyleSheet(style)

    def _open(self, reminder: Reminder) -> None:
        self.session.follow_up_requested.emit(reminder.order_id, reminder.kind.value)
