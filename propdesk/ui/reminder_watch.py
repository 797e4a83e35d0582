"""Announces each follow-up reminder once, when it falls due for the user's role: the window
shows it in the notice bar (and the tray when minimised). Checked on every minute tick (the
today board takes the same list from ``session.reminders_updated``, so a tick computes the
reminders once); reminders already due when the window opens are listed on the board, not
announced."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from propdesk.domain.reminders import Reminder

from .session import Session

Key = tuple[int, str, datetime]


def _key(r: Reminder) -> Key:
    return (r.order_id, r.kind.value, r.due_at)


class ReminderWatcher(QObject):
    #: Reminders that just fell due (list of ``Reminder``), each announced once.
    announced = Signal(list)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._seen: set[Key] | None = None
        session.ticked.connect(self.check)

    def check(self, _now: object = None) -> list[Reminder]:
        """Announce the due reminders not announced before; returns them."""
        due = self.session.services.followups.reminders(self.session.now(), user=self.session.user)
        self.session.reminders_updated.emit(due)
        if self._seen is None:  # the first look: what is due already is on the board
            self._seen = {_key(r) for r in due}
            return []
        fresh = [r for r in due if _key(r) not in self._seen]
        self._seen.update(_key(r) for r in fresh)
        if fresh:
            self.announced.emit(fresh)
        return fresh
