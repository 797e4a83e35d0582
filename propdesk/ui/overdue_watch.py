"""Every minute: re-evaluate deadlines with the (injected) clock, announce each order that
turned overdue since the last check exactly once, and tell the tabs the time moved on."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from propdesk.domain.records import Changes, OrderRow

from .session import Session

CHECK_INTERVAL_MS = 60_000


class OverdueWatcher(QObject):
    #: Orders that just turned overdue (list of ``OrderRow``), each announced once.
    announced = Signal(list)
    #: The number of overdue orders now.
    count_changed = Signal(int)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.since: datetime = session.now()
        self.count = 0
        self._announced: set[tuple[int, datetime | None]] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        session.changed.connect(self._on_changes)

    def start(self) -> None:
        self.update_count()
        self.timer.start()

    def check(self) -> list[OrderRow]:
        """One tick (the timer calls it; tests call it after moving the clock)."""
        now = self.session.now()
        rows = self.session.services.registers.newly_overdue(self.since) if now > self.since else []
        self.since = max(self.since, now)
        fresh = [r for r in rows if (r.id, r.due_at) not in self._announced]
        self._announced.update((r.id, r.due_at) for r in fresh)
        self.session.ticked.emit(now)
        if fresh:
            self.session.broadcast(Changes.orders(*(r.id for r in fresh)))
            self.announced.emit(fresh)
        self.update_count()
        return fresh

    def update_count(self) -> None:
        count = self.session.services.registers.overdue_count()
        if count != self.count:
            self.count = count
        self.count_changed.emit(count)

    def _on_changes(self, changes: Changes) -> None:
        if changes.order_ids or changes.settings:
            self.update_count()
