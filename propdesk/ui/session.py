"""The logged-in session every widget is given: services, user, preferences and the one
``changed`` signal that broadcasts what each service call changed (Anki's OpChanges).

Widgets never talk to each other directly: a tab asks for an order window through
``open_order_requested``; the main window (which composes everything) answers it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from propdesk.domain.permissions import Perm, user_can
from propdesk.domain.records import Changes, OrderResult, UserRecord
from propdesk.domain.settings import OfficeSettings
from propdesk.services import Services

#: Opens the slip preview for an order (``order_id``, parent widget). The printing module
#: sets it at start-up (``Session.slip_printer``); while it is ``None`` no print button shows.
SlipPrinter = Callable[[int, QWidget | None], None]


class Session(QObject):
    """One user's working session in the window."""

    #: Broadcast after every successful service call (argument: ``Changes``).
    changed = Signal(object)
    #: The minute timer fired (argument: ``datetime`` now); registers recolour deadlines.
    ticked = Signal(object)
    #: Requests answered by the main window.
    open_order_requested = Signal(int)
    new_order_requested = Signal()
    dispatch_requested = Signal(int)
    #: Open an order with the note dialog ready (order id, the reminder's kind code).
    follow_up_requested = Signal(int, str)
    #: The follow-up reminders due for this user, worked out on the minute tick (a list).
    reminders_updated = Signal(object)

    def __init__(
        self,
        services: Services,
        user: UserRecord,
        prefs: QSettings,
        db_label: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # reads limited to what this user may see (维修工: own orders; masked phones)
        self.services = services.for_viewer(user)
        self.user = user
        self.prefs = prefs
        self.db_label = db_label
        self.slip_printer: SlipPrinter | None = None
        self._settings: OfficeSettings | None = None

    # --- reads ------------------------------------------------------------------------
    def now(self) -> datetime:
        """The services' clock (injected; tests move it)."""
        return self.services.ctx.now()

    def settings(self) -> OfficeSettings:
        """Office settings, cached until a change with ``settings=True`` is broadcast."""
        if self._settings is None:
            self._settings = self.services.reference.settings()
        return self._settings

    def can(self, perm: Perm) -> bool:
        return user_can(self.user.username, self.user.role, perm)

    # --- changes ----------------------------------------------------------------------
    def broadcast(self, changes: Changes | OrderResult) -> None:
        """Tell every tab and window what changed."""
        if isinstance(changes, OrderResult):
            changes = changes.changes
        if changes.settings:
            self._settings = None
        self.changed.emit(changes)

    # --- printing seam ----------------------------------------------------------------
    def can_print(self) -> bool:
        return self.slip_printer is not None and self.can(Perm.PRINT)

    def print_slip(self, order_id: int, parent: QWidget | None = None) -> None:
        """Hand the order to the slip printer (preview dialog), when one is installed."""
        if self.slip_printer is not None:
            self.slip_printer(order_id, parent)
