"""The intake form: refusals name the field and keep the input, warnings never block, common
areas take a location, Enter walks the fields, 保存并派工 opens dispatch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from propdesk.domain.enums import AreaType, Kind, Status
from propdesk.domain.filters import OrderFilter
from propdesk.ui.dialogs.dispatch_dialog import DispatchDialog
from propdesk.ui.dialogs.intake_form import IntakeForm
from propdesk.ui.session import Session
from tests.factories import closed_order, register
from tests.ui.helpers import activate, press, type_chinese


def open_form(qtbot, session: Session) -> IntakeForm:  # type: ignore[no-untyped-def]
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    activate(qtbot, form)
    return form


def choose_category(form: IntakeForm, path: str) -> None:
    form.category.setCurrentIndex(form.category.findText(path))


def order_count(session: Session) -> int:
    return session.services.registers.count(OrderFilter())


def test_missing_description_is_named_and_nothing_is_saved(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Tab)  # leaving the field resolves the exact code
    assert form.caller.text() == "张三"
    choose_category(form, "水/水龙头")
    before = order_count(session)

    qtbot.keyClick(form.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert order_count(session) == before
    assert form.last_result is None
    assert "问题描述" in form.banner.text()
    assert form.error_field() is form.description
    assert form.description.hasFocus()
    # everything typed is still there
    assert form.unit.text() == "1-1-101"
    assert form.caller.text() == "张三"
    assert form.current_category() is not None


def test_missing_category_and_unknown_unit_are_named(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    qtbot.keyClicks(form.unit, "9-9-999")
    type_chinese(form.description, "漏水")
    before = order_count(session)
    assert form.save() is None
    assert "类别" in form.banner.text()
    assert form.error_field() is form.category

    choose_category(form, "水/水龙头")
    qtbot.keyClicks(form.phone, "13800138000")
    type_chinese(form.caller, "张三")
    assert form.save() is None
    assert "房号“9-9-999”不在房屋台账中" in form.banner.text()
    assert form.error_field() is form.unit
    assert order_count(session) == before
    assert form.description.toPlainText() == "漏水"


def test_duplicate_warning_shows_but_does_not_block(qtbot, session, services):  # type: ignore[no-untyped-def]
    first = register(services, unit_code="1-1-101", category="水/水龙头")
    form = open_form(qtbot, session)
    qtbot.keyClicks(form.unit, "1-1-101")
    press(qtbot, form.unit, Qt.Key.Key_Return)
    # the unit's history lists the open order
    assert form.side.history.rowCount() == 1
    assert form.side.history.record(0).number == first.number
    choose_category(form, "水/水龙头")
    assert "重复报修" in form.side.warning_text()
    assert first.number in form.side.warning_text()

    type_chinese(form.description, "又漏了")
    result = form.save()
    assert result is not None
    assert any(w.code == "duplicate" for w in result.warnings)
    assert "重复报修" in form.banner.text()


def test_rework_warning_for_same_category_done_recently(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    closed_order(services, clock, unit_code="3-2-1502", category="水/水龙头")
    form = open_form(qtbot, session)
    form.unit.choose_code("3-2-1502")
    choose_category(form, "水/水龙头")
    assert "返修" in form.side.warning_text()
    choose_category(form, "电/灯具")
    assert form.side.warning_text() == ""


def test_category_sets_default_urgency_and_department(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    choose_category(form, "水/爆管")
    assert form.urgency.currentText() == "紧急"
    assert "工程部" in form.department.text()
    form.kind.setCurrentIndex(form.kind.findData(Kind.MATTER.value))
    assert form.caller_label.text().startswith("报事人")
    assert form.category.findText("水/爆管") == -1
    choose_category(form, "投诉/噪音扰民")
    assert "客服部" in form.department.text()


def test_common_area_takes_a_location(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    form.area.setCurrentIndex(form.area.findData(AreaType.COMMON.value))
    assert form.place.currentWidget() is form.location
    assert form.place_label.text().startswith("公区位置")
    type_chinese(form.caller, "巡检员老周")
    qtbot.keyClicks(form.phone, "13911112222")
    choose_category(form, "公共设施/路灯")
    type_chinese(form.description, "路灯不亮")
    assert form.save() is None
    assert form.error_field() is form.location
    type_chinese(form.location, "中心花园")
    result = form.save()
    assert result is not None
    assert result.order.area_type is AreaType.COMMON
    assert result.order.place == "中心花园"


def test_enter_moves_through_the_fields_in_order(qtbot, session):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    assert form.unit.hasFocus()
    qtbot.keyClicks(form.unit, "1-1-102")
    press(qtbot, form.unit, Qt.Key.Key_Return)  # nothing highlighted: take the typed code
    assert form.caller.hasFocus()
    assert form.caller.text() == "李四"
    qtbot.keyClick(form.caller, Qt.Key.Key_Return)
    assert form.phone.hasFocus()
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)
    assert form.category.hasFocus()
    choose_category(form, "电/灯具")
    qtbot.keyClick(form.category, Qt.Key.Key_Return)
    assert form.urgency.hasFocus()
    qtbot.keyClick(form.urgency, Qt.Key.Key_Return)
    assert form.description.hasFocus()
    type_chinese(form.description, "客厅灯不亮")
    qtbot.keyClick(form.description, Qt.Key.Key_Return)
    assert form.appointment.check.hasFocus()
    assert form.description.toPlainText() == "客厅灯不亮"  # Enter did not add a line


def test_save_and_dispatch_opens_the_dispatch_dialog(qtbot, window, session):  # type: ignore[no-untyped-def]
    form = window.open_intake()
    assert form is not None
    activate(qtbot, form)
    form.unit.choose_code("3-2-1502")
    choose_category(form, "电/跳闸")
    type_chinese(form.description, "总闸跳了合不上")
    qtbot.keyClick(form.description, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    result = form.last_result
    assert result is not None
    dialog = window.dispatch_dialog
    assert isinstance(dialog, DispatchDialog) and dialog.isVisible()
    assert dialog.order.id == result.order.id
    dialog.picker.check_staff("王师傅")
    dialog.accept()
    order = session.services.registers.order(result.order.id)
    assert order.status is Status.DISPATCHED
    assert order.last_dispatch is not None and order.last_dispatch.staff_names == ("王师傅",)


def test_receive_time_can_be_set_back_for_a_late_entry(qtbot, session, clock):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, session)
    form.unit.choose_code("1-1-101")
    choose_category(form, "水/水龙头")
    type_chinese(form.description, "夜间来电，补登")
    earlier = clock.now.replace(hour=1, minute=30)
    form.received.set_value(earlier)
    result = form.save()
    assert result is not None
    assert result.order.received_at == earlier


def test_developer_warranty_order_is_not_sent_to_dispatch(qtbot, window, session):  # type: ignore[no-untyped-def]
    form = window.open_intake()
    form.unit.choose_code("1-1-102")
    choose_category(form, "门窗/窗户")
    type_chinese(form.description, "新房窗户漏风")
    form.developer.setChecked(True)
    result = form.save(then_dispatch=True)
    assert result is not None and result.order.status is Status.DEVELOPER
    assert window.dispatch_dialog is None
