"""The main window's frame: title and status bar, overdue announcements (once, in the window),
per-PC memory of tab, geometry and column widths, first-start password, log-in refusals."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt

from propdesk.domain.enums import Role
from propdesk.ui.login_dialog import LoginDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.register_tab import RegisterTab
from propdesk.ui.tabs.visit_tab import VisitTab
from tests.factories import make_staff_user, make_user, register, staff_id
from tests.ui.helpers import activate


def test_title_and_status_bar(window, services, session):  # type: ignore[no-untyped-def]
    settings = services.reference.settings()
    assert settings.office_name in window.windowTitle()
    assert "前台小王" in window.user_label.text() and "前台" in window.user_label.text()
    assert "test.db" in window.db_label.text()
    assert window.overdue_button.text() == "超时工单：0"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "今日工作台",
        "报事报修",
        "派工",
        "回访",
        "有偿收费",
        "统计报表",
        "基础资料",
    ]


def test_overdue_is_announced_once_and_counted(window, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)  # dispatch due in 5 minutes
    assert window.watcher.check() == []
    assert window.notices.isHidden()

    clock.advance(minutes=6)
    fresh = window.watcher.check()
    assert [r.id for r in fresh] == [order.id]
    assert not window.notices.isHidden()
    assert any(order.number in t and "派工已超时" in t for t in window.notices.texts())
    assert window.overdue_button.text() == "超时工单：1"

    clock.advance(minutes=1)
    assert window.watcher.check() == []  # not announced again
    # (the follow-up reminder 上报工程主管 that fell due with it is announced beside it)
    assert len([t for t in window.notices.texts() if "已超时" in t]) == 1

    # dispatching clears the count; a new deadline (arrival) turning overdue is news again
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    window.watcher.update_count()
    assert window.overdue_button.text() == "超时工单：0"
    clock.advance(minutes=16)
    again = window.watcher.check()
    assert [r.id for r in again] == [order.id]
    assert "到场已超时" in window.notices.texts()[0]
    window.notices.dismiss()
    assert window.notices.isHidden()


def test_the_minute_timer_drives_the_checks(window):  # type: ignore[no-untyped-def]
    assert window.watcher.timer.isActive()
    assert window.watcher.timer.interval() == 60_000


def test_remembers_tab_geometry_and_columns(qtbot, services, clerk, prefs):  # type: ignore[no-untyped-def]
    first = MainWindow(Session(services, clerk, prefs))
    qtbot.addWidget(first)
    first.show()
    first.resize(1000, 560)
    size = (first.width(), first.height())
    register_tab = first.show_tab(RegisterTab.title)
    assert isinstance(register_tab, RegisterTab)
    register_tab.view.setColumnWidth(0, 177)
    first.show_tab(VisitTab.title)
    first.close()
    assert isinstance(prefs.value("window/geometry"), QByteArray)

    second = MainWindow(Session(services, clerk, prefs))
    qtbot.addWidget(second)
    second.show()
    assert second.tabs.currentWidget() is second.pages[VisitTab.title]
    # (the offscreen screen is narrower than the window: restoreGeometry keeps the width
    # on screen, so the height tells that the geometry came back)
    assert second.height() == size[1] != 768
    again = second.pages[RegisterTab.title]
    assert isinstance(again, RegisterTab)
    assert again.view.columnWidth(0) == 177
    second.close()


def test_roles_without_register_cannot_open_intake(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    finance = make_user(services, Role.FINANCE)
    w = MainWindow(Session(services, finance, prefs))
    qtbot.addWidget(w)
    w.show()
    assert w.open_intake() is None
    assert w.intake is None
    w.close()


def test_first_start_sets_the_admin_password(qtbot, services):  # type: ignore[no-untyped-def]
    dialog = LoginDialog(services.auth, "物业服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_start and dialog.username.text() == "admin"
    qtbot.keyClicks(dialog.password, "abc12345")
    qtbot.keyClicks(dialog.confirm, "abc12399")
    dialog.accept()
    assert "不一致" in dialog.error.text()
    assert dialog.user is None
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "abc12345")
    dialog.accept()
    assert dialog.user is not None and dialog.user.username == "admin"
    assert not services.auth.needs_password("admin")
    assert services.auth.login("admin", "abc12345").role is Role.ADMIN


def test_wrong_password_is_refused_in_the_dialog(qtbot, services, clerk):  # type: ignore[no-untyped-def]
    services.auth.set_initial_password("admin", "abc12345")
    dialog = LoginDialog(services.auth, "物业服务中心", last_user="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.first_start
    assert dialog.password.hasFocus() or dialog.username.text() == "clerk"
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.accept()
    assert dialog.user is None
    assert dialog.error.text() == "用户名或密码错误"
    assert dialog.isVisible()


def test_technician_sees_own_orders_with_masked_phones(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    tech = make_staff_user(services, Role.TECHNICIAN, staff_id(services, "王师傅"))
    mine = register(services, unit_code="1-1-101")
    register(services, unit_code="1-1-102")  # not dispatched to him
    services.workflow.dispatch(
        mine.id, services.auth.system_user(), staff_ids=[staff_id(services, "王师傅")]
    )
    w = MainWindow(Session(services, tech, prefs))
    qtbot.addWidget(w)
    w.show()
    page = w.show_tab(RegisterTab.title)
    assert isinstance(page, RegisterTab)
    assert [r.id for r in page.model.records()] == [mine.id]
    phone_col = next(i for i, c in enumerate(page.model.columns) if c.title == "电话")
    assert page.model.index(0, phone_col).data() == "138****8000"
    ow = w.open_order(mine.id)
    assert ow.info.values["联系电话"].text() == "138****8000"
    assert ow.buttons["arrive"].isEnabled()  # he keys in his own work
    assert not ow.buttons["cancel"].isEnabled()
    w.close()


def test_ctrl_n_opens_the_intake_form_from_an_order_window(qtbot, window, services):  # type: ignore[no-untyped-def]
    order = register(services)
    ow = window.open_order(order.id)
    activate(qtbot, ow)
    qtbot.keyClick(ow, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.intake is not None and window.intake.isVisible()
