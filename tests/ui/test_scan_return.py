"""扫码回单 as a scanner does it: digits typed into the focused field, then Return — on the
today board and in the 回单 dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from propdesk.domain.enums import Status
from propdesk.ui.dialogs.step_dialogs import ReturnSlipDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.tabs.today_tab import TodayTab
from tests.factories import db_dump, order_in_status
from tests.ui.helpers import message_texts, type_chinese


def scan(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """What a USB scanner sends: the characters of the code, then Return."""
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def board(window: MainWindow) -> TodayTab:
    page = window.show_tab(TodayTab.title)
    assert isinstance(page, TodayTab)
    return page


def test_scanning_a_completed_slip_returns_it_at_once(qtbot, window, services, clock, clerk):
    order = order_in_status(services, clock, Status.COMPLETED)
    clock.advance(minutes=15)
    field = board(window).scan_field
    scan(qtbot, field.edit, order.number)
    after = services.registers.order(order.id)
    assert after.status is Status.TO_VISIT and after.slip_returned_at == clock.now
    assert "已回单" in field.answer.text() and clerk.display_name in field.answer.text()
    assert field.edit.text() == "" and field.edit.hasFocus()  # ready for the next slip


def test_unknown_or_returned_slips_are_refused_in_chinese(qtbot, window, services, clock):
    returned = order_in_status(services, clock, Status.TO_VISIT)
    field = board(window).scan_field
    before = db_dump(services)
    scan(qtbot, field.edit, "2099000001")
    assert "没有编号为“2099000001”的工单" in field.answer.text()
    scan(qtbot, field.edit, returned.number)
    assert "已于" in field.answer.text() and "未做更改" in field.answer.text()
    assert db_dump(services) == before


def test_a_slip_without_arrival_opens_arrival_then_completion(qtbot, window, services, clock):
    order = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(hours=2)
    scanned_at = clock.now
    field = board(window).scan_field
    scan(qtbot, field.edit, order.number)
    assert "尚未录入到达时间" in field.answer.text()
    assert services.registers.order(order.id).status is Status.DISPATCHED  # nothing yet

    (arrive,) = field.open_steps
    assert arrive.windowTitle().startswith("到场")
    qtbot.mouseClick(arrive.ok_button, Qt.MouseButton.LeftButton)
    (complete,) = field.open_steps
    assert complete.windowTitle().startswith("完工")
    type_chinese(complete.work_done, "更换水龙头")
    qtbot.mouseClick(complete.ok_button, Qt.MouseButton.LeftButton)

    after = services.registers.order(order.id)
    assert after.status is Status.TO_VISIT and after.slip_returned_at == scanned_at
    assert after.work_done == "更换水龙头"
    assert "已回单" in field.answer.text()


def test_return_dialog_takes_only_this_orders_slip(qtbot, session, services, clock):
    order = order_in_status(services, clock, Status.COMPLETED)
    other = order_in_status(services, clock, Status.COMPLETED)
    dialog = ReturnSlipDialog(session, services.registers.order(order.id))
    qtbot.addWidget(dialog)
    dialog.show()
    scan(qtbot, dialog.scan_edit, other.number)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert any(other.number in t and "不是本工单" in t for t in message_texts(dialog))
    assert services.registers.order(order.id).status is Status.COMPLETED
    assert services.registers.order(other.id).status is Status.COMPLETED

    scan(qtbot, dialog.scan_edit, order.number)
    assert services.registers.order(order.id).status is Status.TO_VISIT
