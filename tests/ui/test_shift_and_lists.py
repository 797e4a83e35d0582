"""Issue 13, item 12, through real input: 注销 / 切换用户 with each user's own last tab, the
log-in box starting in the user name, 有偿收费's 只看未收 and search, Down from a search box
into the results, units in natural order, red borders gone once a field is corrected."""

from __future__ import annotations

from PySide6.QtCore import Qt

from propdesk.domain.enums import FeeStatus, Role
from propdesk.ui.desk import Desk
from propdesk.ui.login_dialog import LoginDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from propdesk.ui.tabs.dispatch_tab import DispatchTab
from propdesk.ui.tabs.fee_tab import FeeTab
from propdesk.ui.tabs.register_tab import RegisterTab
from propdesk.ui.tabs.today_tab import TodayTab
from tests.factories import at_work, completion, make_user, register
from tests.ui.helpers import activate, focused, key, menu_command


def log_in(qtbot, desk: Desk, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    login = desk.login
    assert isinstance(login, LoginDialog) and login.isVisible()
    activate(qtbot, login)
    assert focused() is login.username  # never the password first
    assert login.username.selectedText() == login.username.text()  # typing replaces it
    qtbot.keyClicks(focused(), username)
    key(qtbot, Qt.Key.Key_Return)  # Return after the name: on to the password
    assert focused() is login.password
    qtbot.keyClicks(focused(), "secret123")
    key(qtbot, Qt.Key.Key_Return)
    window = desk.window
    assert window is not None and window.isVisible()
    assert window.session.user.username == username
    activate(qtbot, window)
    return window


def test_log_out_and_in_as_another_user_each_with_their_own_tab(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    make_user(services, Role.RECEPTIONIST, "clerk")
    make_user(services, Role.FINANCE, "finance")
    services.auth.set_initial_password("admin", "abc12345")  # not a first start
    desk = Desk(services, "test.db", prefs, safety=False)
    desk.start()
    first = log_in(qtbot, desk, "clerk")
    key(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 派工
    assert first.tabs.currentWidget() is first.pages[DispatchTab.title]

    menu_command(qtbot, first, "工单", Qt.Key.Key_L)  # 工单 → 注销 / 切换用户
    assert not first.isVisible()
    qtbot.waitUntil(lambda: desk.login is not None and desk.login.isVisible())
    assert desk.login.username.text() == "clerk"
    second = log_in(qtbot, desk, "finance")  # typed over the remembered name
    assert second is not first
    # the clerk's 派工 is not the finance user's tab
    assert second.tabs.currentWidget() is second.pages[TodayTab.title]
    key(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)  # 有偿收费
    menu_command(qtbot, second, "工单", Qt.Key.Key_L)
    qtbot.waitUntil(lambda: desk.login is not None and desk.login.isVisible())
    third = log_in(qtbot, desk, "clerk")
    assert third.tabs.currentWidget() is third.pages[DispatchTab.title]

    finished = []
    desk.finished.connect(lambda: finished.append(True))
    menu_command(qtbot, third, "工单", Qt.Key.Key_X)  # 退出: the program ends
    assert finished and desk.login is None


def fee_window(qtbot, services, prefs) -> tuple[MainWindow, FeeTab]:  # type: ignore[no-untyped-def]
    finance = make_user(services, Role.FINANCE, "finance")
    window = MainWindow(Session(services, finance, prefs))
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    page = window.show_tab(FeeTab.title)
    assert isinstance(page, FeeTab)
    return window, page


def completed_paid(services, unit_code: str, caller: str):  # type: ignore[no-untyped-def]
    order = at_work(services, unit_code=unit_code, caller_name=caller, paid=True)
    user = services.auth.system_user()
    if services.workflow.complete(order.id, completion(), user).order.awaiting_price_review:
        services.paths.approve_price(order.id, user)  # the 水龙头 is outside the 收费标准
    return services.registers.order(order.id)


def test_fee_tab_filters_unpaid_and_searches(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    a = completed_paid(services, "1-1-101", "张三")
    b = completed_paid(services, "1-1-102", "李四")
    window, page = fee_window(qtbot, services, prefs)
    services.fees.set_status(b.id, FeeStatus.PAID, window.session.user, receipt_no="R1")
    page.reload()
    assert {r.id for r in page.model.records()} == {a.id, b.id}

    qtbot.mouseClick(
        page.unpaid_only, Qt.MouseButton.LeftButton, pos=page.unpaid_only.rect().center()
    )
    assert page.unpaid_only.isChecked()
    assert [r.id for r in page.model.records()] == [a.id]
    qtbot.mouseClick(
        page.unpaid_only, Qt.MouseButton.LeftButton, pos=page.unpaid_only.rect().center()
    )

    page.search.setFocus()
    qtbot.keyClicks(focused(), "1-1-102")
    key(qtbot, Qt.Key.Key_Return)
    assert [r.id for r in page.model.records()] == [b.id]
    assert page.count_label.text() == "共 1 条"
    key(qtbot, Qt.Key.Key_Down)  # into the results
    assert focused() is page.view
    assert page.selected_row() is not None and page.selected_row().id == b.id


def test_down_from_the_register_search_moves_into_the_results(qtbot, window, services):  # type: ignore[no-untyped-def]
    register(services, unit_code="1-1-101")
    second = register(services, unit_code="1-1-102")
    page = window.show_tab(RegisterTab.title)
    assert isinstance(page, RegisterTab)
    activate(qtbot, window)
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is page.filters.search
    qtbot.keyClicks(focused(), "1-1-102")
    key(qtbot, Qt.Key.Key_Down)  # without waiting for the search's pause
    assert focused() is page.view
    assert [r.id for r in page.model.records()] == [second.id]
    assert page.view.current_record().id == second.id
    key(qtbot, Qt.Key.Key_Return)  # opens it
    assert second.id in window.order_windows


def test_units_are_listed_in_natural_order(qtbot, window, services):  # type: ignore[no-untyped-def]
    admin = services.auth.system_user()
    for code in ("1-1-1001", "1-1-201", "1-1-1101"):
        services.reference.save_unit(admin, code=code, owner_name="住户", phone="13900000000")
    page = window.show_tab(BaseDataTab.title)
    assert isinstance(page, BaseDataTab)
    codes = [r.code for r in page.units.model.records()]
    assert codes.index("1-1-201") < codes.index("1-1-1001") < codes.index("1-1-1101")
    # the intake's unit completer lists them so too
    matches = [u.code for u in services.reference.search_units("1-1-", 50)]
    assert matches.index("1-1-102") < matches.index("1-1-201") < matches.index("1-1-1001")
