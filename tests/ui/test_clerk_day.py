"""A clerk's whole job, by keyboard and mouse: log in, take a call (unit completer, category,
urgency), see the order on the today board and in the register, dispatch, arrival, completion
with a material line, slip back, return visit — the order closes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from propdesk.domain.enums import Satisfaction, Status
from propdesk.services import Services
from propdesk.ui.dialogs.complete_dialog import CompleteDialog
from propdesk.ui.login_dialog import LoginDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.register_tab import RegisterTab
from propdesk.ui.tabs.today_tab import TodayTab
from tests.ui.helpers import activate, double_click_row, row_of, type_chinese


def log_in(qtbot, services: Services):  # type: ignore[no-untyped-def]
    dialog = LoginDialog(services.auth, "物业服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_start  # a new database: admin has no password yet
    dialog.switch_to_login()
    qtbot.keyClicks(dialog.username, "clerk")
    qtbot.keyClicks(dialog.password, "secret123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == LoginDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.user is not None
    return dialog.user


def take_call(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.intake
    assert form is not None and form.isVisible()
    activate(qtbot, form)
    assert form.unit.hasFocus()  # the clerk starts typing the unit at once

    # 房号: type part of it, pick the match from the popup
    qtbot.keyClicks(form.unit, "1502")
    popup = form.unit.completer().popup()
    assert popup.isVisible()
    assert any("3-2-1502" in t and "王五" in t for t in form.unit.match_texts())
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.unit.text() == "3-2-1502"
    assert form.caller.hasFocus()  # picking the unit moved on
    assert form.caller.text() == "王五"
    assert form.phone.text() == "13700137000"
    assert "王五" in form.side.unit_label.text()

    # 类别: a keyword through the input method, then choose from the completer
    type_chinese(form.category.lineEdit(), "龙头")
    cat_popup = form.category.completer().popup()
    assert cat_popup.isVisible()
    qtbot.keyClick(cat_popup, Qt.Key.Key_Down)
    qtbot.keyClick(cat_popup, Qt.Key.Key_Return)
    assert form.current_category() is not None
    assert form.current_category().path == "水/水龙头"
    assert form.urgency.currentText() == "一般"  # the category's default
    assert "工程部" in form.department.text()

    # 紧急程度 by arrow key: 一般 -> 紧急
    form.urgency.setFocus()
    qtbot.keyClick(form.urgency, Qt.Key.Key_Up)
    assert form.urgency.currentText() == "紧急"

    # Enter moves on to 问题描述
    qtbot.keyClick(form.urgency, Qt.Key.Key_Return)
    assert form.description.hasFocus()
    type_chinese(form.description, "厨房水龙头漏水，关不住")

    qtbot.keyClick(form.description, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    result = form.last_result
    assert result is not None
    assert result.order.unit_code == "3-2-1502"
    assert result.order.urgency_name == "紧急"
    assert result.order.number in form.banner.text()
    assert form.unit.text() == "" and form.description.toPlainText() == ""  # ready for next call
    return result.order


def test_a_whole_order_by_keyboard_and_mouse(qtbot, services, clerk, prefs):  # type: ignore[no-untyped-def]
    user = log_in(qtbot, services)
    window = MainWindow(Session(services, user, prefs, "test.db"))
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)

    order = take_call(qtbot, window)

    # the today board lists it under 待派工
    today = window.show_tab(TodayTab.title)
    assert isinstance(today, TodayTab)
    pending = today.views["to_dispatch"]
    assert row_of(pending, order.number) >= 0
    assert today.counts["to_dispatch"] == 1
    assert "待派工（1）" in today.boxes["to_dispatch"].title()

    # and so does the register
    register = window.show_tab(RegisterTab.title)
    assert isinstance(register, RegisterTab)
    assert row_of(register.view, order.number) >= 0
    assert register.count_label.text() == "共 1 条工单"

    # double-click on the board opens the order window
    window.show_tab(TodayTab.title)
    double_click_row(qtbot, pending, row_of(pending, order.number))
    ow = window.order_windows[order.id]
    assert ow.isVisible()
    assert ow.buttons["complete"].isEnabled() is False

    # 派工 to 李师傅
    qtbot.mouseClick(ow.buttons["dispatch"], Qt.MouseButton.LeftButton)
    dialog = ow.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.picker.check_staff("李师傅")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ow.order.status is Status.DISPATCHED
    assert ow.order.last_dispatch.staff_names == ("李师傅",)

    # 到场
    services.ctx.clock.advance(minutes=8)
    qtbot.mouseClick(ow.buttons["arrive"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ow.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ow.order.status is Status.IN_PROGRESS

    # 完工 with labour and a line from the fee schedule, total shown live
    services.ctx.clock.advance(minutes=30)
    qtbot.mouseClick(ow.buttons["complete"], Qt.MouseButton.LeftButton)
    complete = ow.dialog
    assert isinstance(complete, CompleteDialog)
    type_chinese(complete.work_done, "更换厨房水龙头")
    complete.labour.clear()
    qtbot.keyClicks(complete.labour, "20")
    item = next(f for f in complete.fee_items.values() if f.name == "更换水龙头")
    complete.fee_picker.setCurrentIndex(complete.fee_picker.findData(item.id))
    complete.fee_picker.activated.emit(complete.fee_picker.currentIndex())
    assert complete.labour.text() == "20"  # the typed labour stands; the item adds material
    assert complete.table.rowCount() == 1
    assert "65.00" in complete.total_label.text()
    qtbot.mouseClick(complete.ok_button, Qt.MouseButton.LeftButton)
    assert ow.order.status is Status.COMPLETED
    assert ow.order.total_fen == 6500
    assert ow.materials.rowCount() == 1
    assert ow.materials.index(0, 0).data() == "更换水龙头"

    # 回单, then 回访 满意: closed
    services.ctx.clock.advance(hours=1)
    qtbot.mouseClick(ow.buttons["return_slip"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ow.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ow.order.status is Status.TO_VISIT
    services.ctx.clock.advance(hours=2)
    qtbot.mouseClick(ow.buttons["visit"], Qt.MouseButton.LeftButton)
    type_chinese(ow.dialog.opinion, "师傅很及时")
    ow.dialog.set_satisfaction(Satisfaction.SATISFIED)
    qtbot.mouseClick(ow.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ow.order.status is Status.CLOSED
    assert [e.action_label for e in ow.order.events] == [
        "登记",
        "派工",
        "到场",
        "完工",
        "回单",
        "回访",
    ]
    assert ow.events.rowCount() == 6
    assert services.registers.order(order.id).status is Status.CLOSED

    # the board no longer lists it
    window.show_tab(TodayTab.title)
    assert row_of(pending, order.number) == -1
    window.close()
