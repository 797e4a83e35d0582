"""Locks the program after the idle time set in the office settings (无操作自动锁定): every
window is hidden — residents' names and phones with them — until the logged-in user types
their password again (the same 5-failures lockout applies). 0 minutes: never locks.

Idle time is measured on the session's clock, so tests move it by hand."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError

from .session import Session

CHECK_EVERY_MS = 30_000

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockDialog(QDialog):
    """The only window while locked: the user's password, or quit."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("lockDialog")
        self.setWindowTitle("报事报修派工系统 — 已锁定")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        user = session.user
        layout = QVBoxLayout(self)
        title = QLabel(
            f"<b>程序已锁定</b><br>长时间无操作，程序已自动锁定。<br>"
            f"请输入 {user.display_name}（{user.username}）的密码解锁。",
            self,
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        self.password = QLineEdit(self)
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.password)
        self.error = QLabel(self)
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #c00000;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.quit_button = QPushButton("退出程序", self)
        self.quit_button.setObjectName("lockQuit")
        self.quit_button.clicked.connect(QApplication.quit)
        self.unlock_button = QPushButton("解锁", self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(360)

    def try_unlock(self) -> bool:
        try:
            self.session.services.auth.login(self.session.user.username, self.password.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.password.clear()
            return False
        self.password.clear()
        self.accept()
        return True

    def reject(self) -> None:  # Esc must not unlock
        return


class IdleLock(QObject):
    """Watches the user's input; ``check()`` locks once the idle time has passed."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.last_activity: datetime = session.now()
        self.dialog: LockDialog | None = None
        self._hidden: list[QWidget] = []
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _ACTIVITY and not self.locked:
            self.last_activity = self.session.now()
        return False

    def check(self) -> bool:
        """Lock if the idle time has passed; True when locked now."""
        minutes = self.session.settings().idle_lock_minutes
        if self.locked or minutes <= 0:
            return False
        if (self.session.now() - self.last_activity).total_seconds() < minutes * 60:
            return False
        self.lock()
        return True

    def lock(self) -> LockDialog:
        if self.dialog is not None:
            return self.dialog
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and not isinstance(w, LockDialog)
        ]
        for w in self._hidden:
            w.hide()
        self.dialog = LockDialog(self.session)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.show()
        return self.dialog

    def _unlocked(self) -> None:
        for w in self._hidden:
            w.show()
        self._hidden = []
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.last_activity = self.session.now()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
