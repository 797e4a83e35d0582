"""The order window: only legal steps are enabled, refusals show the service's message and keep
the dialog, a stale window gets the conflict and reloads, 未完成 / 不满意 / 取消 paths."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from propdesk.domain.enums import Role, Satisfaction, Status
from propdesk.ui.dialogs.order_window import OrderWindow
from propdesk.ui.dialogs.visit_dialog import VisitDialog
from propdesk.ui.messages import CONFLICT_TEXT
from propdesk.ui.session import Session
from tests.factories import at_work, closed_order, completion, make_user, register, staff_id
from tests.ui.helpers import message_texts, type_chinese


def order_window(qtbot, session: Session, order_id: int) -> OrderWindow:  # type: ignore[no-untyped-def]
    w = OrderWindow(session, order_id)
    qtbot.addWidget(w)
    w.show()
    return w


def enabled(w: OrderWindow) -> set[str]:
    return {key for key, button in w.buttons.items() if button.isEnabled()}


def test_only_the_legal_steps_are_enabled(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    assert enabled(w) == {"dispatch", "cancel", "to_developer", "decline"}
    assert w.buttons["dispatch"].text() == "派工"
    assert not w.buttons["complete"].isEnabled()
    assert "待派工" in w.buttons["complete"].toolTip()
    assert w.open_action("complete") is None  # refused without a dialog

    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    w.reload()
    # a receptionist may not re-assign (工程主管 does), so 改派 is shown but disabled
    assert w.buttons["dispatch"].text() == "改派"
    assert enabled(w) == {"arrive", "cancel", "to_developer", "outsource", "decline"}
    assert "无权" in w.buttons["dispatch"].toolTip()


def test_supervisor_may_redispatch(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    supervisor = make_user(services, Role.SUPERVISOR)
    session = Session(services, supervisor, prefs)
    order = register(services)
    services.workflow.dispatch(order.id, supervisor, staff_ids=[staff_id(services)])
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("dispatch")
    assert dialog is not None
    dialog.picker.set_selected([staff_id(services, "王师傅")])
    dialog.accept()
    assert w.order.status is Status.DISPATCHED
    assert [d.staff_names for d in w.order.dispatches] == [("李师傅",), ("王师傅",)]
    assert w.dispatches.rowCount() == 2


def test_out_of_order_time_is_refused_and_the_dialog_stays(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)
    clock.advance(minutes=10)
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    clock.advance(minutes=10)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("arrive")
    assert dialog is not None
    dialog.time_edit.set_value(clock.now - timedelta(minutes=30))  # before the dispatch
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert any("到达时间" in t and "不能早于派工时间" in t for t in message_texts(dialog))
    assert w.order.status is Status.DISPATCHED
    # a proper late entry (补单) is accepted
    dialog.time_edit.set_value(clock.now - timedelta(minutes=5))
    dialog.accept()
    assert w.order.status is Status.IN_PROGRESS
    assert w.order.arrived_at == (clock.now - timedelta(minutes=5)).replace(second=0)


def test_stale_window_gets_the_conflict_and_reloads(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("dispatch")
    assert dialog is not None
    dialog.picker.check_staff("李师傅")
    # another desk corrects the phone number meanwhile
    services.intake.update_fields(order.id, {"phone": "13900001111"}, services.auth.system_user())
    dialog.accept()
    assert CONFLICT_TEXT in message_texts(w)
    assert not dialog.isVisible()
    assert w.order.phone == "13900001111"  # reloaded
    assert w.order.status is Status.PENDING  # nothing written


def test_step_taken_elsewhere_reads_as_a_conflict(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("dispatch")
    dialog.picker.check_staff("李师傅")
    # someone at another desk dispatches first
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    dialog.accept()
    assert message_texts(w) == [CONFLICT_TEXT]
    assert w.order.status is Status.DISPATCHED
    assert len(w.order.dispatches) == 1


def test_completion_refusal_names_the_material_line(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = at_work(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("complete")
    type_chinese(dialog.work_done, "换水龙头")
    row = dialog.table.add_line("水龙头", "1", "个", "abc")
    assert "金额有误" in dialog.total_label.text()
    dialog.accept()
    assert dialog.isVisible()
    assert any("第1行单价" in t for t in message_texts(dialog))
    assert dialog.table.currentRow() == row
    dialog.table.item(row, 3).setText("12.5")
    assert "12.50" in dialog.total_label.text()
    dialog.accept()
    assert w.order.status is Status.COMPLETED
    assert w.order.material_fen == 1250


def test_incomplete_redispatches_the_same_order(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)
    user = services.auth.system_user()
    services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])
    clock.advance(minutes=10)
    services.workflow.arrive(order.id, user)
    clock.advance(minutes=20)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("incomplete")
    type_chinese(dialog.reason, "需购买配件")
    dialog.appointment.set_value(clock.now + timedelta(days=1))
    assert not dialog.picker.isEnabled()
    qtbot.mouseClick(
        dialog.redispatch, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.redispatch.height() // 2)
    )
    assert dialog.redispatch.isChecked() and dialog.picker.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert w.order.status is Status.DISPATCHED
    assert w.order.number == order.number
    assert len(w.order.dispatches) == 2
    assert w.order.dispatches[0].incomplete_reason == "需购买配件"
    assert w.order.appointment_at is not None


def test_unhappy_visit_can_reopen(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = at_work(services)
    user = services.auth.system_user()
    services.workflow.complete(order.id, completion(), user)
    services.workflow.return_slip(order.id, user)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("visit")
    assert isinstance(dialog, VisitDialog)
    assert not dialog.reopen.isEnabled()
    dialog.set_satisfaction(Satisfaction.UNSATISFIED)
    assert dialog.reopen.isEnabled()
    dialog.reopen.setChecked(True)
    type_chinese(dialog.opinion, "还在漏")
    dialog.accept()
    assert w.order.status is Status.PENDING
    assert w.order.visits[0].reopened
    assert w.buttons["dispatch"].isEnabled()


def test_cancel_needs_a_reason(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("cancel")
    dialog.accept()
    assert any("取消原因" in t for t in message_texts(dialog))
    assert dialog.fields["取消原因"].styleSheet() != ""
    type_chinese(dialog.reason, "业主已自行修好")
    dialog.accept()
    assert w.order.status is Status.CANCELLED
    assert w.order.number == order.number
    assert enabled(w) == set()


def test_window_follows_changes_made_elsewhere(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    result = services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    session.broadcast(result)
    assert w.order.status is Status.DISPATCHED
    assert "已派工" in w.header.text()
    assert w.info.values["处理部门"].text() == "工程部"


def test_developer_warranty_path(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("to_developer")
    type_chinese(dialog.note, "交房一年内，开发商保修")
    dialog.accept()
    assert w.order.status is Status.DEVELOPER
    assert enabled(w) == {"developer_result"}
    dialog = w.open_action("developer_result")
    dialog.accept()
    assert any("处理结果" in t for t in message_texts(dialog))
    type_chinese(dialog.result_text, "开发商已更换窗户密封条")
    dialog.accept()
    assert w.order.status is Status.TO_VISIT
    assert w.order.work_done == "开发商已更换窗户密封条"


def test_correcting_intake_fields(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    dialog = w.open_action("edit")
    assert dialog is not None
    dialog.accept()
    assert any("没有修改任何内容" in t for t in message_texts(dialog))
    dialog.phone.setText("13911112222")
    dialog.urgency.setCurrentIndex(dialog.urgency.findText("紧急"))
    assert set(dialog.changed_values()) == {"phone", "urgency_id"}
    dialog.accept()
    assert w.order.phone == "13911112222"
    assert w.order.urgency_name == "紧急"
    assert w.order.events[-1].action_label == "修改"

    # a closed order: only a manager, with a reason
    done = closed_order(services, clock, unit_code="1-1-102")
    w2 = order_window(qtbot, session, done.id)
    assert not w2.edit_button.isEnabled()


def test_reload_leaves_no_stale_labels_behind(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = order_window(qtbot, session, order.id)
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    w.reload()
    QApplication.processEvents()  # new labels are shown by their layout on the next turn
    shown = [label.text() for label in w.info.findChildren(QLabel) if label.isVisible()]
    assert shown.count("时限：") == 1
    assert sum(t.startswith("派工 ") for t in shown) == 0  # the old 派工 deadline is gone
