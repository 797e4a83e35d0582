"""The intake form's 当场答复, 重要 and 备注 (issue 11), and the office's channel list with
the out-of-hours default — clicked and typed as a clerk does."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from propdesk.domain.enums import Channel, Kind, Status
from propdesk.domain.errors import UserError
from propdesk.ui.dialogs.intake_form import IntakeForm
from propdesk.ui.session import Session
from tests.factories import order_input
from tests.ui.helpers import activate, press, type_chinese


def open_form(qtbot, session: Session) -> IntakeForm:  # type: ignore[no-untyped-def]
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    activate(qtbot, form)
    return form


def tick(qtbot, box: QCheckBox) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def choose(form: IntakeForm, combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_a_consultation_answered_at_the_desk(qtbot, session, services, tmp_path):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    assert not form.extras.answered.isEnabled()  # 报修: must be dispatched
    choose(form, form.kind, Kind.MATTER.value)
    assert form.extras.answered.isEnabled() and not form.extras.answer.isEnabled()
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Tab)
    form.category.setCurrentIndex(form.category.findText("咨询"))
    type_chinese(form.description, "物业费怎么缴")
    tick(qtbot, form.extras.answered)
    assert form.extras.answer.isEnabled() and form.extras.answer.hasFocus()
    assert not form.save_dispatch_button.isEnabled()  # answered: nothing to dispatch
    type_chinese(form.extras.answer, "可在服务中心前台或APP缴纳")
    type_chinese(form.extras.remark, "业主为老人")
    shot = Path(os.environ.get("PROPDESK_SHOTS", tmp_path)) / "intake-answered.png"
    assert form.grab().save(str(shot))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    result = form.last_result
    assert result is not None
    order = result.order
    assert order.status is Status.TO_VISIT and order.answered_at_desk
    assert (order.work_done, order.remark) == ("可在服务中心前台或APP缴纳", "业主为老人")
    assert "待回访" in form.banner.text()
    assert not form.extras.answered.isChecked() and form.extras.remark.text() == ""
    assert form.save_dispatch_button.isEnabled()


def test_an_empty_answer_is_named(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    choose(form, form.kind, Kind.MATTER.value)
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Tab)
    form.category.setCurrentIndex(form.category.findText("咨询"))
    type_chinese(form.description, "停车卡办理")
    tick(qtbot, form.extras.answered)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.last_result is None
    assert "答复内容" in form.banner.text()
    assert form.error_field() is form.extras.answer and form.extras.answer.hasFocus()


def test_complaints_are_ticked_important_unless_the_clerk_says_no(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    choose(form, form.kind, Kind.MATTER.value)
    form.category.setCurrentIndex(form.category.findText("投诉/噪音扰民"))
    assert form.extras.important.isChecked()
    tick(qtbot, form.extras.important)
    form.category.setCurrentIndex(form.category.findText("咨询"))
    form.category.setCurrentIndex(form.category.findText("投诉/噪音扰民"))
    assert not form.extras.important.isChecked()  # the clerk's choice stands


def test_a_complaint_is_not_offered_an_answer_at_the_desk(qtbot, session):  # type: ignore[no-untyped-def]
    """当场答复 completes the order and a complaint needs its 整改方案 first (issue 12)."""
    form = open_form(qtbot, session)
    choose(form, form.kind, Kind.MATTER.value)
    form.category.setCurrentIndex(form.category.findText("咨询"))
    tick(qtbot, form.extras.answered)
    assert form.extras.answered.isChecked()
    form.category.setCurrentIndex(form.category.findText("投诉/噪音扰民"))
    assert not form.extras.answered.isEnabled() and not form.extras.answered.isChecked()
    assert form.extras.answer_text() == ""
    form.category.setCurrentIndex(form.category.findText("建议"))
    assert form.extras.answered.isEnabled()


def test_the_channel_list_and_the_out_of_hours_default(qtbot, services, clerk, prefs, clock):  # type: ignore[no-untyped-def]
    admin = services.auth.system_user()
    labels = lambda form: [form.channel.itemText(i) for i in range(form.channel.count())]  # noqa: E731
    form = open_form(qtbot, Session(services, clerk, prefs))
    assert labels(form) == [c.label for c in Channel]
    assert form.channel.currentData() == Channel.PHONE.value  # 10:00, the desk is open
    form.close()
    services.reference.update_settings(
        admin,
        channels=("monitor", "phone", "wechat"),
        rules=replace(services.reference.settings().rules, work_end=time(9, 30)),
    )
    clock.set(datetime(2026, 11, 20, 10, 0))
    form = open_form(qtbot, Session(services, clerk, prefs))
    assert labels(form) == ["监控中心", "电话", "微信"]
    assert form.channel.currentData() == Channel.MONITOR.value  # after the desk's 下班 09:30


def test_a_phone_that_cannot_be_a_number_is_refused_before_saving(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Tab)
    form.phone.clear()
    qtbot.keyClicks(form.phone, "12345")
    form.category.setCurrentIndex(form.category.findText("水/水龙头"))
    type_chinese(form.description, "漏水")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.last_result is None and form.question is None
    assert "联系电话" in form.banner.text() and "不足7位" in form.banner.text()
    assert form.error_field() is form.phone
    assert form.description.toPlainText() == "漏水"  # nothing cleared


def test_a_channel_the_office_added_is_offered_at_intake(qtbot, services, clerk, prefs):  # type: ignore[no-untyped-def]
    services.reference.update_settings(
        services.auth.system_user(), channels=("phone", "传真", "wechat")
    )
    form = open_form(qtbot, Session(services, clerk, prefs))
    labels = [form.channel.itemText(i) for i in range(form.channel.count())]
    assert labels == ["电话", "传真", "微信"]
    form.channel.setFocus()
    qtbot.keyClick(form.channel, Qt.Key.Key_Down)  # closed combo: Down picks the next
    assert form.channel.currentText() == "传真"
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Tab)
    type_chinese(form.caller, "张三")
    qtbot.keyClicks(form.phone, "13800138000")
    form.category.setCurrentIndex(form.category.findText("水/水龙头"))
    type_chinese(form.description, "传真报修：水龙头漏水")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.last_result is not None, form.banner.text()
    order = services.registers.order(form.last_result.order.id)
    assert order.channel == "传真"
    with pytest.raises(UserError) as info:  # a channel the office does not have
        services.intake.register(order_input(services, channel="飞鸽"), clerk)
    assert info.value.field == "来源渠道"
