"""The lifecycle's side paths in the order window, clicked as a clerk does (issue 11): 委外 and
its result, 业主拒绝 (已备案), 未完成 back to 待派工, 审价 by the 工程主管, 重要/备注."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from propdesk.domain.enums import Role, Status
from propdesk.domain.records import CompletionInput, MaterialInput
from propdesk.ui.dialogs.order_window import OrderWindow
from propdesk.ui.session import Session
from tests.factories import at_work, make_user, register, staff_id
from tests.ui.helpers import message_texts, type_chinese


def shots(tmp_path: Path) -> Path:
    """Where screenshots go: ``PROPDESK_SHOTS`` when set (to look at them), else tmp."""
    return Path(os.environ.get("PROPDESK_SHOTS", tmp_path))


def open_window(qtbot, session: Session, order_id: int) -> OrderWindow:  # type: ignore[no-untyped-def]
    w = OrderWindow(session, order_id)
    qtbot.addWidget(w)
    w.show()
    return w


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """A left click; on a check box, on its indicator (a stretched box is empty on the right)."""
    if isinstance(widget, QCheckBox):
        pos = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_outsource_then_the_firms_result(qtbot, session, services, clock, tmp_path):  # type: ignore[no-untyped-def]
    order = register(services)
    user = services.auth.system_user()
    services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])
    clock.advance(minutes=12)
    services.workflow.arrive(order.id, user)
    clock.advance(minutes=10)
    w = open_window(qtbot, session, order.id)
    click(qtbot, w.buttons["outsource"])
    dialog = w.dialog
    assert dialog is not None and dialog.isVisible()
    type_chinese(dialog.firm, "蓝天玻璃公司")
    type_chinese(dialog.contact, "刘经理 13911112222")
    dialog.price.setText("380")
    click(qtbot, dialog.ok_button)  # consent not ticked: refused, naming it
    assert dialog.isVisible()
    assert any("客户同意" in t for t in message_texts(dialog))
    for box in dialog.findChildren(type(dialog.error_box)):
        box.close()
    click(qtbot, dialog.consent)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert w.order.status is Status.OUTSOURCED
    assert "蓝天玻璃公司" in w.info.values["委外"].text()
    assert "结果待登记" in w.info.values["委外"].text()
    assert {k for k, b in w.buttons.items() if b.isEnabled()} == {"outsource_result"}
    w.resize(1200, 760)
    qtbot.wait(10)
    assert w.grab().save(str(shots(tmp_path) / "order-outsourced.png"))

    clock.advance(days=1)
    click(qtbot, w.buttons["outsource_result"])
    type_chinese(w.dialog.result_text, "已更换钢化玻璃")
    click(qtbot, w.dialog.ok_button)
    assert w.order.status is Status.COMPLETED
    assert w.events.rowCount() == len(w.order.events)
    assert [e.action for e in w.order.events][-2:] == ["outsource", "outsource_result"]


def test_the_owner_declines_and_the_order_is_on_record(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = open_window(qtbot, session, order.id)
    click(qtbot, w.buttons["decline"])
    type_chinese(w.dialog.reason, "业主不同意收费")
    click(qtbot, w.dialog.ok_button)
    assert w.order.status is Status.DECLINED
    assert w.info.values["业主拒绝原因"].text() == "业主不同意收费"
    assert not any(b.isEnabled() for b in w.buttons.values())


def test_incomplete_waits_for_the_owner(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = at_work(services)
    clock.advance(minutes=30)
    w = open_window(qtbot, session, order.id)
    click(qtbot, w.buttons["incomplete"])
    type_chinese(w.dialog.reason, "业主要求改天")
    click(qtbot, w.dialog.ok_button)
    assert w.order.status is Status.PENDING and len(w.order.dispatches) == 1
    assert w.buttons["dispatch"].isEnabled()


def test_the_supervisor_approves_an_unlisted_price(qtbot, services, prefs, clock):  # type: ignore[no-untyped-def]
    supervisor = make_user(services, Role.SUPERVISOR, "zhuguan")
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    order = at_work(services, paid=True)
    user = services.auth.system_user()
    clock.advance(minutes=30)
    line = MaterialInput("进口龙头", "1", "个", "260")
    services.workflow.complete(order.id, CompletionInput("更换", "30", [line]), user)
    as_clerk = open_window(qtbot, Session(services, clerk, prefs), order.id)
    assert as_clerk.approve_button.isVisible() and not as_clerk.approve_button.isEnabled()
    assert "待审价" in as_clerk.header.text()
    w = open_window(qtbot, Session(services, supervisor, prefs), order.id)
    click(qtbot, w.approve_button)
    click(qtbot, w.dialog.ok_button)
    assert w.order.price_review is not None and not w.order.awaiting_price_review
    assert not w.approve_button.isEnabled()
    assert w.info.values["审价"].text().startswith("已审价")


def test_the_review_marks_a_typed_labour_fee_and_the_unlisted_lines(
    qtbot, services, prefs, clock, tmp_path
):  # type: ignore[no-untyped-def]
    """审价 shows what waits: a labour fee typed over the 收费标准 items' labour, and fee lines
    priced outside it; a line or labour taken from the 收费标准 is not marked."""
    supervisor = Session(services, make_user(services, Role.SUPERVISOR, "zhuguan"), prefs)
    user = services.auth.system_user()
    fee = services.reference.fee_items()[0]  # 更换水龙头: labour 30, material 45

    def completed(labour: str, lines, items):  # type: ignore[no-untyped-def]
        order = register(services, paid=True)
        services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])
        services.workflow.arrive(order.id, user)
        clock.advance(minutes=30)
        inp = CompletionInput("更换", labour, lines, labour_items=items)
        return services.workflow.complete(order.id, inp, user).order

    def summary(order) -> str:  # type: ignore[no-untyped-def]
        w = open_window(qtbot, supervisor, order.id)
        click(qtbot, w.approve_button)
        label = w.dialog.findChild(QLabel, "priceSummary")
        text = label.text()
        w.dialog.grab().save(str(shots(tmp_path) / f"approve-price-{order.id}.png"))
        w.dialog.close()
        return text

    listed = MaterialInput(fee.name, "1", fee.unit, "45", fee.id)
    typed = completed("80", [listed], [fee.id])  # labour typed over the item's 30
    assert typed.awaiting_price_review and typed.labour_unlisted
    text = summary(typed)
    assert "人工费 80.00 元" in text and "收费标准外" in text and "收费标准人工 30.00 元" in text
    assert text.count("收费标准外") == 1  # the 收费标准 line is not marked

    line = MaterialInput("进口龙头", "1", "个", "260")
    from_items = completed("30", [listed, line], [fee.id])  # labour as the item's
    assert from_items.awaiting_price_review and not from_items.labour_unlisted
    text = summary(from_items)
    assert text.count("收费标准外") == 1
    assert "进口龙头 1个 × 260.00 元" in text.split("收费标准外")[0].rsplit("<br>", 1)[-1]

    both = completed("50", [line], [])  # typed labour, no item: both marked
    assert summary(both).count("收费标准外") == 2


def test_important_and_remark(qtbot, session, services):  # type: ignore[no-untyped-def]
    order = register(services)
    w = open_window(qtbot, session, order.id)
    click(qtbot, w.notes_button)
    click(qtbot, w.dialog.important)
    type_chinese(w.dialog.remark, "钥匙在门卫室")
    click(qtbot, w.dialog.ok_button)
    assert w.order.important and w.order.remark == "钥匙在门卫室"
    assert "重要" in w.header.text()
    assert w.info.values["备注"].text() == "钥匙在门卫室"


def test_the_supervisors_today_board_lists_prices_to_review(qtbot, services, prefs, clock):  # type: ignore[no-untyped-def]
    from propdesk.ui.main_window import MainWindow
    from propdesk.ui.tabs.today_tab import TodayTab

    supervisor = make_user(services, Role.SUPERVISOR, "zhuguan")
    order = at_work(services, paid=True)
    user = services.auth.system_user()
    line = MaterialInput("进口龙头", "1", "个", "260")
    services.workflow.complete(order.id, CompletionInput("更换", "30", [line]), user)
    w = MainWindow(Session(services, supervisor, prefs))
    qtbot.addWidget(w)
    w.show()
    page = w.show_tab(TodayTab.title)
    assert isinstance(page, TodayTab)
    page.reload()
    assert page.price_box.isVisible() and "待审价（1）" in page.price_box.title()
    assert [r.number for r in page.price_model.records()] == [order.number]
    clerk_window = MainWindow(Session(services, make_user(services, Role.RECEPTIONIST), prefs))
    qtbot.addWidget(clerk_window)
    clerk_window.show()
    clerk_page = clerk_window.show_tab(TodayTab.title)
    assert not clerk_page.price_box.isVisible()
