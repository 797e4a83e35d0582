"""One run of the program at a desk: the log-in, the main window, and 注销 / 切换用户 back to
the log-in for the next shift (the program keeps running; the database stays open).

Nothing blocks: the log-in dialog is opened with ``open()`` and the window is built when it is
accepted, so the event loop (and a test or the walkthrough) drives it all. The program ends
when the log-in is cancelled or the window is closed with 退出."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication

from propdesk.services import Services

from .login_dialog import LoginDialog

if TYPE_CHECKING:
    from .first_start_dialog import DataPlaces
    from .main_window import MainWindow

LAST_USER_KEY = "login/user"


class Desk(QObject):
    """``start()`` opens the log-in; ``window`` is the signed-in user's main window."""

    #: The program is done (log-in cancelled, or 退出): the caller quits the event loop.
    finished = Signal()

    def __init__(
        self,
        services: Services,
        db_label: str,
        prefs: QSettings,
        restored: Any = None,
        *,
        safety: bool = True,
        places: Callable[[], DataPlaces] | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.db_label = db_label
        self.prefs = prefs
        self.restored = restored  # a restore made at start, audited by the first session
        self.safety = safety
        self.places = places  # where the data lives: shown on a new office's first log-in
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self._safety: object = None

    def start(self) -> LoginDialog:
        office = self.services.reference.settings().office_name
        last_user = str(self.prefs.value(LAST_USER_KEY, ""))
        login = LoginDialog(self.services.auth, office, last_user)
        login.accepted.connect(self._logged_in)
        login.rejected.connect(self.finished)
        self.login = login
        login.open()
        login.raise_()
        login.activateWindow()
        return login

    def _logged_in(self) -> None:
        from .main_window import MainWindow
        from .session import Session

        login = self.login
        assert login is not None and login.user is not None
        login.deleteLater()
        self.login = None
        self.prefs.setValue(LAST_USER_KEY, login.user.username)
        window = MainWindow(Session(self.services, login.user, self.prefs, self.db_label))
        window.closed.connect(self._window_closed)
        self.window = window
        window.show()
        window.raise_()
        window.activateWindow()
        if self.safety:
            from .safety_hook import install_safety

            self._safety = install_safety(window, window.session, self.restored)
        self.restored = None
        if login.first_start and self.places is not None:  # a new office's first log-in
            from .first_start_dialog import open_first_start

            open_first_start(window.session, self.places(), window)

    def _window_closed(self, logging_out: bool) -> None:
        window = self.window
        self.window = None
        self._safety = None
        if window is not None:
            window.deleteLater()  # its timers, idle lock and backups go with it
        if logging_out:
            QTimer.singleShot(0, self.start)
        else:
            self.finished.emit()


def run_desk(app: QApplication, desk: Desk) -> int:
    """The event loop of a desk: runs until the desk is finished."""
    app.setQuitOnLastWindowClosed(False)  # between two shifts no window is open
    desk.finished.connect(app.quit)
    desk.start()
    try:
        return int(app.exec())
    finally:
        app.setQuitOnLastWindowClosed(True)
