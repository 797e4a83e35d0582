"""Every window fits a 1366×768 screen with a taskbar (the print preview was 760 px tall and
its 打印 / 关闭 buttons were below the screen's edge), and Qt's own dialogs speak Chinese."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QWidget

from propdesk.ui.application import create_application
from propdesk.ui.screen_fit import MAX_CLIENT
from propdesk.ui.session import Session
from tests.factories import register, staff_id


def dispatched(services):  # type: ignore[no-untyped-def]
    order = register(services)
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    return services.registers.order(order.id)


def in_progress(services):  # type: ignore[no-untyped-def]
    order = dispatched(services)
    services.workflow.arrive(order.id, services.auth.system_user())
    return services.registers.order(order.id)


def _preview(session: Session) -> QWidget:
    from propdesk.ui.print_preview import SlipPreviewDialog

    return SlipPreviewDialog(session, dispatched(session.services).id)


def _intake(session: Session) -> QWidget:
    from propdesk.ui.dialogs.intake_form import IntakeForm

    return IntakeForm(session)


def _order_window(session: Session) -> QWidget:
    from propdesk.ui.dialogs.order_window import OrderWindow

    return OrderWindow(session, dispatched(session.services).id)


def _complete(session: Session) -> QWidget:
    from propdesk.ui.dialogs.complete_dialog import CompleteDialog

    return CompleteDialog(session, in_progress(session.services))


def _incomplete(session: Session) -> QWidget:
    from propdesk.ui.dialogs.incomplete_dialog import IncompleteDialog

    return IncompleteDialog(session, in_progress(session.services))


def _dispatch(session: Session) -> QWidget:
    from propdesk.ui.dialogs.dispatch_dialog import DispatchDialog

    return DispatchDialog(session, register(session.services))


def _audit(session: Session) -> QWidget:
    from propdesk.ui.audit_dialog import AuditDialog

    return AuditDialog(session)


def _import(session: Session) -> QWidget:
    from propdesk.ui.import_dialog import ImportDialog

    return ImportDialog(session, "units")


def _day_print(session: Session) -> QWidget:
    from propdesk.ui.batch_print import DayPrintDialog

    dispatched(session.services)
    return DayPrintDialog(session, session.now().date())


def _handover(session: Session) -> QWidget:
    from propdesk.ui.handover_print import HandoverPrintDialog

    return HandoverPrintDialog(session)


def _calibration(session: Session) -> QWidget:
    from propdesk.ui.calibration_dialog import CalibrationDialog

    return CalibrationDialog(session)


def _backups(session: Session) -> QWidget:
    from propdesk.ui.backup_dialog import BackupDialog

    return BackupDialog(session)


def _login(session: Session) -> QWidget:
    from propdesk.ui.login_dialog import LoginDialog

    return LoginDialog(session.services.auth, "物业服务中心")


WINDOWS: dict[str, Callable[[Session], QWidget]] = {
    "打印预览": _preview,
    "新建工单": _intake,
    "工单详情": _order_window,
    "完工": _complete,
    "未完成": _incomplete,
    "派工": _dispatch,
    "审计日志": _audit,
    "导入": _import,
    "批量打印": _day_print,
    "交接班记录": _handover,
    "打印机校准": _calibration,
    "备份与恢复": _backups,
    "登录": _login,
}


@pytest.mark.parametrize("name", list(WINDOWS))
def test_the_window_and_its_buttons_fit_a_small_screen(qtbot, session, name):  # type: ignore[no-untyped-def]
    widget = WINDOWS[name](session)
    qtbot.addWidget(widget)
    widget.show()
    budget = MAX_CLIENT.height()
    assert widget.height() <= budget, f"{name}: {widget.height()} px tall"
    assert widget.minimumSizeHint().height() <= budget
    # laid out at the budget's height, every button is inside the window
    widget.resize(widget.width(), min(widget.height(), budget))
    QApplication.processEvents()
    for button in widget.findChildren(QAbstractButton):
        if button.isVisibleTo(widget):
            bottom = button.mapTo(widget, button.rect().bottomLeft()).y()
            assert bottom <= widget.height(), f"{name}: “{button.text()}” cut off"


def test_qt_dialogs_speak_chinese(qtbot, session):  # type: ignore[no-untyped-def]
    """The save dialog of 导出Excel and a message box's button, in Qt's own words."""
    from propdesk.ui.export_run import ask_save_path
    from propdesk.ui.messages import show_message

    create_application()  # what the program does at start: loads qtbase_zh_CN
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = show_message(None, "测试")
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["确定"]
    box.close()

    seen: dict[str, list[str]] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        seen["buttons"] = [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
        dialog.reject()

    QTimer.singleShot(200, look)
    assert ask_save_path(session, QWidget(), "导出工单到Excel", "工单.xlsx") is None
    text = " ".join(seen["labels"] + seen["buttons"])
    assert "查找范围" in text and "文件名称" in text and "保存" in text and "取消" in text
    for english in ("Look in", "File name", "Save", "Cancel", "Files of type"):
        assert english not in text
