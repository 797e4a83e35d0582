"""The real start-up path: open the database, the log-in dialog (modal, as at the desk), the
main window; the window's title, user and database come from what was opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from propdesk.ui.app import GuiOptions, run_gui
from propdesk.ui.login_dialog import LoginDialog
from propdesk.ui.main_window import MainWindow


def visible(cls: type) -> object:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible())


def test_log_in_then_the_main_window(qtbot, services, clerk, db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    # per-PC preferences go to a temporary folder, not the tester's home
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    services.auth.set_initial_password("admin", "abc12345")
    seen: dict[str, str] = {}
    errors: list[BaseException] = []

    def guarded(step: Callable[[], None]) -> Callable[[], None]:
        """A failing step closes every window (the run ends, the test fails) instead of
        leaving the modal log-in or the window waiting for a click that never comes."""

        def run() -> None:
            try:
                step()
            except BaseException as exc:
                errors.append(exc)
                QApplication.closeAllWindows()

        return run

    def log_in() -> None:
        dialog = visible(LoginDialog)
        assert isinstance(dialog, LoginDialog)
        dialog.username.setText("clerk")
        dialog.password.setText("secret123")
        dialog.accept()
        QTimer.singleShot(0, guarded(look_and_close))

    def look_and_close() -> None:
        window = visible(MainWindow)
        assert isinstance(window, MainWindow)
        seen["title"] = window.windowTitle()
        seen["user"] = window.user_label.text()
        seen["db"] = window.db_label.text()
        window.close()  # the last window: the program ends

    QTimer.singleShot(0, guarded(log_in))
    code = run_gui(GuiOptions(db=str(db_path)))
    assert not errors, errors
    assert code == 0
    assert "物业服务中心" in seen["title"]
    assert "前台小王" in seen["user"]
    assert str(db_path) in seen["db"]
    assert QSettings().value("login/user") == "clerk"  # offered next time
