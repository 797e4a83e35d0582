"""Wires the safety features into the window (its 系统 menu is ``safety_menu``).

``install_safety(window, session)`` — called once the window is up —
starts the background backups (the start-up check and backup in a worker thread, then every
few hours while data changed, and one on exit) and the idle lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from propdesk.domain.errors import DatabaseDamaged, UserError
from propdesk.domain.permissions import Perm
from propdesk.services.instance_lock import InstanceLock
from propdesk.services.workspace import data_dir, translate_fault

from .idle_lock import IdleLock
from .messages import show_message
from .safety_menu import open_backup_dialog
from .session import Session

if TYPE_CHECKING:  # the backup service loads with the first backup, after the window is up
    from propdesk.domain.retention import BackupInfo
    from propdesk.services.backup import StartupReport

#: How often the window asks whether a periodic backup is due (it is, every few hours).
PERIODIC_CHECK_MS = 10 * 60 * 1000


class _Relay(QObject):
    """Lives in the GUI thread; a worker emits ``done`` and the slot runs in the GUI thread."""

    done = Signal(object, object)  # (callback, result)


class _Job(QRunnable):
    def __init__(
        self,
        session: Session,
        work: Callable[[], Any],
        relay: _Relay,
        callback: Callable[[Any], None],
    ) -> None:
        super().__init__()
        self.session, self.work, self.relay, self.callback = session, work, relay, callback

    def run(self) -> None:
        try:
            result: Any = self.work()
        except UserError as exc:
            result = exc
        finally:
            # this thread's own connection (peewee keeps one per thread): not left open
            self.session.services.ctx.db.close()
        self.relay.done.emit(self.callback, result)


class BackgroundBackups(QObject):
    """The automatic backups of a running window."""

    #: after each automatic backup attempt: a ``StartupReport``, ``BackupInfo`` or ``UserError``
    finished = Signal(object)

    def __init__(self, session: Session, window: QMainWindow) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.busy = False
        self.relay = _Relay(self)
        self.relay.done.connect(lambda callback, result: callback(result))
        self.timer = QTimer(self)
        self.timer.setInterval(PERIODIC_CHECK_MS)
        self.timer.timeout.connect(self.maybe_periodic)
        self.last_message: QMessageBox | None = None

    def start(self) -> None:
        """The start-up check and backup right after the window appears, then the timer."""
        QTimer.singleShot(0, self, self.run_startup)  # not once the window is gone
        self.timer.start()

    def _run(self, work: Callable[[], Any], callback: Callable[[Any], None]) -> None:
        self.busy = True
        self.pool.start(_Job(self.session, work, self.relay, callback))

    def run_startup(self) -> None:
        if not self.busy:
            self._run(self.session.services.backups.startup, self._startup_done)

    def maybe_periodic(self) -> bool:
        if self.busy or not self.session.services.backups.periodic_due():
            return False
        self._run(self.session.services.backups.periodic, self._periodic_done)
        return True

    def wait(self) -> None:
        self.pool.waitForDone()
        QApplication.processEvents()

    def _startup_done(self, report: StartupReport | UserError) -> None:
        self.busy = False
        if isinstance(report, UserError):
            from propdesk.services.backup import StartupReport

            report = StartupReport(error=report.message)
        if report.damaged:
            self.last_message = self._warn(report.damaged, offer_restore=True)
        elif report.error:
            self.last_message = self._warn(f"启动时自动备份未完成：{report.error}")
        elif report.backup is not None:
            self._status(report.backup)
        self.finished.emit(report)

    def _periodic_done(self, result: BackupInfo | UserError | None) -> None:
        self.busy = False
        if isinstance(result, UserError):
            self.last_message = self._warn(f"定时自动备份未完成：{result.message}")
        elif result is not None:
            self._status(result)
        self.finished.emit(result)

    def at_exit(self) -> BackupInfo | UserError | None:
        """The exit backup (after any running one), synchronously."""
        self.timer.stop()
        self.pool.waitForDone()
        try:
            return self.session.services.backups.at_exit()
        except UserError as exc:
            return exc

    def _status(self, info: BackupInfo) -> None:
        self.window.statusBar().showMessage(
            f"已自动备份（{info.kind.label}，{info.taken_at:%H:%M}）", 15_000
        )

    def _warn(self, text: str, offer_restore: bool = False) -> QMessageBox:
        box = show_message(self.window, text, "数据安全")
        box.setObjectName("safetyWarning")
        if offer_restore and self.session.can(Perm.BACKUP):
            button = box.addButton("从备份恢复…", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda: open_backup_dialog(self.session, self.window))
        return box


@dataclass
class Safety:
    backups: BackgroundBackups
    idle_lock: IdleLock
    warning: QMessageBox | None = None


def install_safety(
    window: QMainWindow, session: Session, restored_at_start: tuple[BackupInfo, str] | None = None
) -> Safety:
    """Once the window is shown: the background backups (the exit one runs when the
    application quits), the idle lock, the warning for a database on a network share, and
    the audit row of a restore made at start (before anyone had logged in)."""
    backups = BackgroundBackups(session, window)
    lock = IdleLock(session, window)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(backups.at_exit)
    if restored_at_start is not None:
        info, kept = restored_at_start
        session.services.audit_log.record(
            session.user,
            "database",
            "restore",
            info.name,
            f"启动时数据库已损坏，原文件保留为：{kept}",
        )
    warning = session.services.backups.location_warning()
    box = show_message(window, warning, "数据库位置") if warning else None
    backups.start()
    return Safety(backups, lock, box)


_fault_boxes: list[QMessageBox] = []


def show_fault(exc: BaseException) -> QMessageBox | None:
    """A database fault that escaped to the top (a read while the disk or network went away)
    shown as its Chinese message (without blocking); ``None`` when ``exc`` is not one."""
    fault = translate_fault(exc)
    if fault is None:
        return None
    parent = QApplication.activeWindow()
    box = show_message(parent, fault.message, "数据库错误")
    if parent is None:  # nothing else keeps a parentless box alive until it is closed
        _fault_boxes.append(box)
        box.finished.connect(lambda _r: _fault_boxes.remove(box))
    return box


def acquire_instance_lock() -> InstanceLock:
    """This PC's one-copy lock (``UserError`` when the program already runs); keep the
    returned object for the life of the program."""
    return InstanceLock(data_dir()).acquire()


def recover_damaged(database: Path, error: DatabaseDamaged) -> tuple[BackupInfo, str] | None:
    """At start, the database is damaged: offer a restore from its backups (modal, there is
    no window yet). Returns what was restored, or ``None`` (the clerk chose to quit)."""
    from .backup_dialog import DamagedStartDialog

    dialog = DamagedStartDialog(database, error.message)
    dialog.exec()
    return dialog.restored
