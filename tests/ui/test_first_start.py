"""A new office's first start, through the real start-up path: no database yet, so the
program creates the default one in the data folder, asks for the 管理员 password, then shows
where the data and backups live and offers to import the 房屋台账 from Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from propdesk.ui.app import GuiOptions, run_gui
from propdesk.ui.first_start_dialog import DataPlaces, FirstStartDialog
from propdesk.ui.login_dialog import LoginDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from tests.factories import FakeClock, make_services

PASSWORD = "office2026"


class FileManager(QObject):
    """Stands where the desktop's file manager is: Qt routes ``file:`` URLs here."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


@pytest.fixture
def file_manager():  # type: ignore[no-untyped-def]
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    yield manager
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PC where the program has never run: an empty data folder, no configured database."""
    home = tmp_path / "appdata" / "propdesk"
    monkeypatch.setenv("PROPDESK_HOME", str(home))
    monkeypatch.delenv("PROPDESK_DB", raising=False)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    return home


def units_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["楼栋", "单元", "房号", "业主姓名", "联系电话"])
    wb.active.append(["8栋", "1单元", "801", "孙八", "13500135000"])
    wb.active.append(["8栋", "1单元", "802", "周九", "13600136000"])
    wb.save(path)
    return path


def top(cls: type) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None
    )


class Steps:
    """Drives the program's own modal loops from timers. A failed step (or a window that never
    shows) is kept and every window closed, so ``run_gui`` returns and the test fails."""

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def when_shown(self, cls: type, step: Callable[[QWidget], None], tries: int = 300) -> None:
        """Run ``step`` with the visible ``cls`` window as soon as there is one."""
        if self.error is not None:
            return
        widget = top(cls)
        if widget is None and tries:
            QTimer.singleShot(10, lambda: self.when_shown(cls, step, tries - 1))
            return
        try:
            if widget is None:
                raise AssertionError(f"{cls.__name__} never appeared")
            step(widget)
        except BaseException as exc:  # noqa: BLE001 - re-raised by check()
            self.error = exc
            for window in QApplication.topLevelWidgets():
                if isinstance(window, QDialog) and window.isVisible():
                    window.reject()
            QApplication.closeAllWindows()

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def click(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_creates_the_database_then_offers_the_units_import(
    qtbot, office: Path, file_manager: FileManager, tmp_path: Path
):  # type: ignore[no-untyped-def]
    xlsx = units_workbook(tmp_path / "units.xlsx")
    seen: dict[str, object] = {}
    steps = Steps()

    def set_password(login: QWidget) -> None:
        assert isinstance(login, LoginDialog) and login.first_start
        assert (office / "propdesk.db").is_file()  # created before the log-in is asked
        assert login.username.text() == "admin" and login.username.isReadOnly()
        assert login.ok_button.text() == "设置密码并登录"
        qtbot.keyClicks(login.password, PASSWORD)
        qtbot.keyClicks(login.confirm, PASSWORD)
        qtbot.keyClick(login.confirm, Qt.Key.Key_Return)
        steps.when_shown(FirstStartDialog, look_at_places)

    def look_at_places(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstStartDialog)
        seen["labels"] = {
            name: dialog.findChild(QWidget, f"{name}Label").text()  # type: ignore[union-attr]
            for name in ("dataDir", "database", "backupsDir", "logsDir")
        }
        click(qtbot, dialog.open_buttons["backupsDir"])
        click(qtbot, dialog.open_buttons["dataDir"])
        click(qtbot, dialog.import_button)
        importer = dialog.import_dialog
        assert importer is not None and importer.isVisible()
        qtbot.keyClicks(importer.path, str(xlsx))
        click(qtbot, importer.check_button)
        seen["check"] = importer.summary.text()
        click(qtbot, importer.import_button)
        box = next(b for b in dialog.findChildren(QMessageBox) if b.isVisible())
        seen["message"] = box.text()
        click(qtbot, box.button(QMessageBox.StandardButton.Ok))
        seen["status"] = dialog.import_status.text()
        seen["button"] = dialog.import_button.text()
        click(qtbot, dialog.done_button)
        seen["closed"] = not dialog.isVisible()
        steps.when_shown(MainWindow, look_and_close)

    def look_and_close(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        units = window.session.services.reference
        seen["owner"] = units.unit_by_code("8-1-801").owner_name
        seen["user"] = window.user_label.text()
        window.close()

    steps.when_shown(LoginDialog, set_password)
    assert run_gui(GuiOptions()) == 0
    steps.check()

    database = office / "propdesk.db"
    assert seen["labels"] == {
        "dataDir": str(office),
        "database": str(database.resolve()),
        "backupsDir": str(database.resolve().parent / "backups"),
        "logsDir": str(office / "logs"),
    }
    assert file_manager.opened == [str(database.resolve().parent / "backups"), str(office)]
    assert "检查通过：共 2 户：新增 2" in str(seen["check"])
    assert seen["message"] == "已导入房屋台账：共 2 户：新增 2，更新 0，无变化 0"
    assert seen["status"] == "已导入：共 2 户：新增 2，更新 0，无变化 0"
    assert seen["button"] == "再导入一个文件…"
    assert seen["closed"] and seen["owner"] == "孙八"
    assert "管理员" in str(seen["user"])
    # the next start is an ordinary log-in with the password just set, and no welcome
    services = make_services(database, FakeClock(datetime.now()), with_data=False)
    assert services.auth.login("admin", PASSWORD).username == "admin"


def test_an_existing_database_starts_without_the_welcome(qtbot, office: Path):  # type: ignore[no-untyped-def]
    office.mkdir(parents=True)
    services = make_services(office / "propdesk.db", FakeClock(datetime.now()))
    services.auth.set_initial_password("admin", PASSWORD)
    services.ctx.db.close()
    seen: dict[str, object] = {}
    steps = Steps()

    def log_in(login: QWidget) -> None:
        assert isinstance(login, LoginDialog) and not login.first_start
        qtbot.keyClicks(login.username, "admin")
        qtbot.keyClicks(login.password, PASSWORD)
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        steps.when_shown(MainWindow, look_and_close)

    def look_and_close(window: QWidget) -> None:
        QApplication.processEvents()
        seen["welcome"] = window.findChildren(FirstStartDialog)
        window.close()

    steps.when_shown(LoginDialog, log_in)
    assert run_gui(GuiOptions()) == 0
    steps.check()
    assert seen["welcome"] == []


def test_on_a_server_there_is_no_backup_folder_to_open(qtbot, session: Session, tmp_path: Path):  # type: ignore[no-untyped-def]
    places = DataPlaces(tmp_path, "db.example/propdesk", None, tmp_path / "logs")
    dialog = FirstStartDialog(session, places)
    qtbot.addWidget(dialog)
    assert set(dialog.open_buttons) == {"dataDir"}
    assert dialog.findChild(QWidget, "backupsDirLabel") is None
    texts = [w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text")]
    assert any("由服务器备份" in t for t in texts)
