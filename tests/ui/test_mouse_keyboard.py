"""Problems only a real mouse, a real keyboard or a real mistake shows (issue 13): each test
drives the widgets with clicks on a row's visual rectangle and key presses on the focused
widget, and checks where the focus is after a dialog opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from propdesk.domain.enums import Satisfaction, Status
from propdesk.domain.filters import OrderFilter
from propdesk.ui.dialogs.dispatch_dialog import DispatchDialog
from propdesk.ui.dialogs.visit_dialog import VisitDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.tabs.dispatch_tab import DispatchTab
from propdesk.ui.tabs.visit_tab import VisitTab
from tests.factories import at_work, completion, register
from tests.ui.helpers import (
    activate,
    click_row,
    focused,
    key,
    menu_command,
    message_boxes,
    type_chinese,
)


def test_a_mouse_click_on_a_pending_order_selects_it_for_dispatch(
    window: MainWindow, services, clock, qtbot
):  # type: ignore[no-untyped-def]
    first = register(services, unit_code="1-1-101")
    clock.advance(minutes=2)
    second = register(services, unit_code="1-1-102")
    page = window.show_tab(DispatchTab.title)
    assert isinstance(page, DispatchTab)
    activate(qtbot, window)
    view = page.pending_view
    # click the second (not highlighted) row with the mouse
    click_row(qtbot, view, 1)
    assert page.selected_row() is not None and page.selected_row().id == second.id
    assert second.number in page.summary.text()
    assert page.dispatch_button.isEnabled()
    # and back to the first
    click_row(qtbot, view, 0)
    assert first.number in page.summary.text()
    assert page.dispatch_button.isEnabled()


# --- the intake form by keyboard ---------------------------------------------------------------
def open_intake(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.intake
    assert form is not None and form.isVisible()
    activate(qtbot, form)
    assert focused() is form.unit
    return form


def type_call(qtbot, form, phone: str = "") -> None:  # type: ignore[no-untyped-def]
    """A call typed as a clerk does: unit, Return, Return (caller), the phone, Return,
    the category keyword, Return, Return (urgency), description."""
    qtbot.keyClicks(focused(), "1-1-101")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.caller and form.caller.text() == "张三"
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.phone
    if phone:
        focused().selectAll()
        qtbot.keyClicks(focused(), phone)
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.category  # (its line edit takes the keys)
    type_chinese(focused(), "水龙头")
    key(qtbot, Qt.Key.Key_Return)
    assert form.current_category() is not None
    assert focused() is form.urgency
    key(qtbot, Qt.Key.Key_Return)
    type_chinese(focused(), "厨房水龙头漏水")


def orders(services) -> int:  # type: ignore[no-untyped-def]
    return services.registers.count(OrderFilter())


def test_return_in_the_category_box_picks_the_only_match(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form)  # asserts the category was picked by Return
    assert form.current_category().path == "水/水龙头"
    assert form.category.currentText() == "水/水龙头"
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.last_result is not None
    assert orders(services) == 1


def test_a_second_ctrl_s_after_a_save_keeps_the_success(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form)
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    number = form.last_result.order.number
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert orders(services) == 1
    assert "已登记" in form.banner.text() and number in form.banner.text()
    assert "未保存" not in form.banner.text()
    assert form.error_field() is None


def question(qtbot, form):  # type: ignore[no-untyped-def]
    """The question the form opened, once it has the keyboard (on 返回…, the default)."""
    box = form.question
    assert box is not None and box.isVisible()
    qtbot.waitUntil(lambda: focused() is box.defaultButton())
    return box


def test_an_unusual_phone_is_questioned_before_the_save(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form, phone="1380013800")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    box = question(qtbot, form)
    assert "1380013800" in box.text()
    assert orders(services) == 0  # nothing saved, nothing cleared
    assert form.description.toPlainText() == "厨房水龙头漏水"
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.question is None)
    activate(qtbot, form)  # (the window manager gives the form back the keyboard)
    assert focused() is form.phone
    assert form.phone.selectedText() == "1380013800"
    assert form.error_field() is form.phone
    qtbot.keyClicks(focused(), "13800138000")  # corrected: the red border goes
    assert form.error_field() is None
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.question is None
    assert orders(services) == 1


def test_an_unusual_phone_may_be_kept_after_the_question(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form, phone="1380013800")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    box = question(qtbot, form)
    keep = next(b for b in box.buttons() if b.text() == "号码无误，保存")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert orders(services) == 1
    assert form.last_result is not None and form.last_result.order.phone == "1380013800"


def test_closing_the_intake_window_asks_then_starts_fresh(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    qtbot.keyClicks(focused(), "1-1-1")
    form.close()  # the title bar's close button
    box = question(qtbot, form)
    assert form.isVisible()
    key(qtbot, Qt.Key.Key_Return)  # 返回填写 (the default): nothing lost
    assert form.isVisible() and form.unit.text() == "1-1-1"
    form.close()
    box = question(qtbot, form)
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == "放弃"), Qt.MouseButton.LeftButton
    )
    assert not form.isVisible()

    form = open_intake(qtbot, window)
    assert form.unit.text() == "" and not form.banner.isVisible()
    qtbot.keyClicks(focused(), "501")
    assert form.unit.text() == "501"


def test_closing_after_a_save_forgets_the_banner(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form)
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.banner.isVisible()
    form.close()
    assert not form.isVisible() and form.question is None
    form = open_intake(qtbot, window)
    assert not form.banner.isVisible()


def test_exit_with_a_half_taken_call_asks_first(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    qtbot.keyClicks(focused(), "1-1-101")
    menu_command(qtbot, window, "工单", Qt.Key.Key_X)  # 工单 → 退出
    box = question(qtbot, form)
    assert window.isVisible()
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.question is None)
    activate(qtbot, window)
    assert window.isVisible() and form.unit.text() == "1-1-101"
    menu_command(qtbot, window, "工单", Qt.Key.Key_X)
    box = question(qtbot, form)
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() == "放弃"), Qt.MouseButton.LeftButton
    )
    assert not window.isVisible()


# --- step dialogs ----------------------------------------------------------------------------
def to_visit(services):  # type: ignore[no-untyped-def]
    order = at_work(services)
    user = services.auth.system_user()
    services.workflow.complete(order.id, completion(), user)
    services.workflow.return_slip(order.id, user)
    return order


def test_the_visit_dialog_has_no_rating_until_one_is_chosen(qtbot, window, services):  # type: ignore[no-untyped-def]
    order = to_visit(services)
    page = window.show_tab(VisitTab.title)
    assert isinstance(page, VisitTab)
    activate(qtbot, window)
    click_row(qtbot, page.view, 0)
    qtbot.mouseClick(page.visit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, VisitDialog) and dialog.isVisible()
    activate(qtbot, dialog)
    assert focused() is dialog.method  # the first field, not the 回访 button
    assert dialog.satisfaction.currentIndex() == -1
    key(qtbot, Qt.Key.Key_Return)  # Return straight away: refused, nothing recorded
    assert services.registers.order(order.id).status is Status.TO_VISIT
    assert any("评价" in b.text() for b in message_boxes(dialog))
    assert dialog.isVisible()
    for box in message_boxes(dialog):
        box.close()
    # the clerk asks and picks 一般 with the keyboard
    dialog.satisfaction.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert dialog.satisfaction.currentData() == Satisfaction.FAIR.value
    assert dialog.error_field() is None if hasattr(dialog, "error_field") else True
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert services.registers.order(order.id).status is Status.CLOSED
    assert services.registers.order(order.id).visits[0].satisfaction is Satisfaction.FAIR


def test_the_dispatch_dialog_starts_in_the_staff_list(qtbot, window, services):  # type: ignore[no-untyped-def]
    form = open_intake(qtbot, window)
    type_call(qtbot, form)
    key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # 保存并派工
    dialog = window.dispatch_dialog
    assert isinstance(dialog, DispatchDialog) and dialog.isVisible()
    activate(qtbot, dialog)
    staff_list = dialog.picker.staff_list
    assert focused() is staff_list
    order_id = form.last_result.order.id

    key(qtbot, Qt.Key.Key_Return)  # nobody ticked: refused
    assert services.registers.order(order_id).status is Status.PENDING
    boxes = message_boxes(dialog)
    assert boxes and "维修人员" in boxes[0].text()
    # only the list is marked (a border), not the whole picker; it keeps the focus
    assert "#staffList" in staff_list.styleSheet() and dialog.picker.styleSheet() == ""
    assert dialog.picker.department.styleSheet() == ""
    boxes[0].close()
    qtbot.waitUntil(lambda: focused() is staff_list)

    key(qtbot, Qt.Key.Key_Space)  # tick the first technician
    assert staff_list.styleSheet() == ""  # corrected: the border goes
    key(qtbot, Qt.Key.Key_Return)
    assert services.registers.order(order_id).status is Status.DISPATCHED


def test_a_fee_item_does_not_add_its_labour_to_typed_labour(qtbot, session, services):  # type: ignore[no-untyped-def]
    from propdesk.ui.dialogs.complete_dialog import CompleteDialog

    order = at_work(services)
    dialog = CompleteDialog(session, services.registers.order(order.id))
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.labour.setFocus()
    dialog.labour.selectAll()
    qtbot.keyClicks(focused(), "30")
    # 收费标准: 更换水龙头 (labour 30, material 45) chosen with the keyboard
    pick_fee_item(qtbot, dialog, 1)
    assert dialog.labour.text() == "30"
    assert dialog.table.rowCount() == 1
    assert "75.00" in dialog.total_label.text()
    assert "30.00" in dialog.labour_note.text()


def test_fee_items_add_their_labour_while_none_was_typed(qtbot, session, services):  # type: ignore[no-untyped-def]
    from propdesk.ui.dialogs.complete_dialog import CompleteDialog

    order = at_work(services)
    dialog = CompleteDialog(session, services.registers.order(order.id))
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    pick_fee_item(qtbot, dialog, 1)  # 更换水龙头: labour 30
    pick_fee_item(qtbot, dialog, 2)  # 疏通下水道: labour 50
    assert dialog.labour.text() == "80.00"
    assert dialog.table.rowCount() == 1  # 疏通 has no material


def pick_fee_item(qtbot, dialog, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Down on the closed 收费标准 box opens its list (arrow keys never add an item by
    themselves); Down to the item, Return adds it."""
    dialog.fee_picker.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    assert dialog.fee_picker.view().isVisible()
    rows = dialog.table.rowCount()
    for _ in range(downs):
        key(qtbot, Qt.Key.Key_Down)
    assert dialog.table.rowCount() == rows  # browsing adds nothing
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.fee_picker.view().isVisible())


def test_labour_from_fee_items_needs_no_review_typed_labour_does(qtbot, session, services):  # type: ignore[no-untyped-def]
    from propdesk.domain.enums import PriceReview
    from propdesk.ui.dialogs.complete_dialog import CompleteDialog

    reviews = []
    for typed in (False, True):
        order = at_work(services, paid=True)
        dialog = CompleteDialog(session, services.registers.order(order.id))
        qtbot.addWidget(dialog)
        dialog.show()
        activate(qtbot, dialog)
        type_chinese(dialog.work_done, "疏通下水道")
        pick_fee_item(qtbot, dialog, 2)  # 疏通下水道: labour 50, no material
        if typed:
            dialog.labour.setFocus()
            dialog.labour.selectAll()
            qtbot.keyClicks(focused(), "60")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert not message_boxes(dialog)
        reviews.append(services.registers.order(order.id).price_review)
    assert reviews == [None, PriceReview.PENDING]
