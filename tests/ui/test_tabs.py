"""The work tabs: 派工 (dispatch from the queue), 回访 (visit queue), 有偿收费 (finance),
统计报表 (closed to roles without the right), and the today board reacting to changes."""

from __future__ import annotations

from propdesk.domain.enums import FeeStatus, Kind, Role, Satisfaction, Status
from propdesk.domain.records import Changes
from propdesk.ui.dialogs.fee_dialog import FeeStatusDialog
from propdesk.ui.dialogs.visit_dialog import VisitDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.dispatch_tab import DispatchTab
from propdesk.ui.tabs.fee_tab import FeeTab
from propdesk.ui.tabs.stats_tab import StatsTab
from propdesk.ui.tabs.today_tab import TodayTab
from propdesk.ui.tabs.visit_tab import VisitTab
from tests.factories import at_work, completion, make_user, register, staff_id
from tests.ui.helpers import message_texts


def tab(window: MainWindow, cls):  # type: ignore[no-untyped-def]
    page = window.show_tab(cls.title)
    assert isinstance(page, cls)
    return page


def to_visit(services, **kw):  # type: ignore[no-untyped-def]
    order = at_work(services, **kw)
    user = services.auth.system_user()
    if services.workflow.complete(order.id, completion(), user).order.awaiting_price_review:
        services.paths.approve_price(order.id, user)  # the 水龙头 is outside the 收费标准
    services.workflow.return_slip(order.id, user)
    return order


def test_dispatch_tab_dispatches_the_oldest_first(window, services, clock):  # type: ignore[no-untyped-def]
    first = register(services, unit_code="1-1-101")
    clock.advance(minutes=2)
    second = register(services, unit_code="1-1-102")
    page = tab(window, DispatchTab)
    assert [r.number for r in page.pending.records()] == [first.number, second.number]
    assert page.selected_row().id == first.id
    assert first.number in page.summary.text()
    assert page.picker.department_id() is None  # a repair: choose the technician

    assert page.dispatch_selected() is None  # nobody chosen: refused, shown
    assert any("维修人员" in t for t in message_texts(page))
    page.picker.check_staff("王师傅")
    result = page.dispatch_selected()
    assert result is not None and result.order.status is Status.DISPATCHED
    # the queue reloaded from the broadcast
    assert [r.number for r in page.pending.records()] == [second.number]
    assert [r.number for r in page.dispatched.records()] == [first.number]
    assert page.pending_box.title() == "待派工（1）"


def test_matter_may_go_to_a_department(window, services):  # type: ignore[no-untyped-def]
    matter = register(services, kind=Kind.MATTER, category="投诉/噪音扰民")
    page = tab(window, DispatchTab)
    assert page.picker.department.currentText() == "客服部"
    result = page.dispatch_selected()
    assert result is not None
    assert result.order.status is Status.DISPATCHED
    assert result.order.department_name == "客服部"
    assert services.registers.order(matter.id).last_dispatch.staff_ids == ()


def test_dispatch_tab_hands_the_slip_to_the_printer(window, services, session):  # type: ignore[no-untyped-def]
    printed: list[int] = []
    session.slip_printer = lambda order_id, parent: printed.append(order_id)
    order = register(services)
    page = tab(window, DispatchTab)
    page.picker.check_staff("李师傅")
    page.dispatch_selected(print_slip=True)
    assert printed == [order.id]


def test_visit_tab_lists_oldest_first_and_closes_on_visit(window, services, clock):  # type: ignore[no-untyped-def]
    a = to_visit(services, unit_code="1-1-101")
    clock.advance(minutes=30)
    b = to_visit(services, unit_code="1-1-102")
    register(services)  # still pending: not in the queue
    page = tab(window, VisitTab)
    assert [r.number for r in page.model.records()] == [a.number, b.number]
    page.view.select_row(0)
    dialog = page.open_dialog(VisitDialog)
    assert isinstance(dialog, VisitDialog)
    dialog.set_satisfaction(Satisfaction.FAIR)
    dialog.accept()
    assert services.registers.order(a.id).status is Status.CLOSED
    assert [r.number for r in page.model.records()] == [b.number]
    assert page.count_label.text() == "共 1 条"


def test_fee_tab_finance_marks_collected(qtbot, services, prefs, clock):  # type: ignore[no-untyped-def]
    finance = make_user(services, Role.FINANCE)
    paid = to_visit(services, paid=True)
    register(services, unit_code="1-1-102")  # free: not listed
    window = MainWindow(Session(services, finance, prefs))
    qtbot.addWidget(window)
    window.show()
    page = tab(window, FeeTab)
    assert [r.number for r in page.model.records()] == [paid.number]
    assert page.fee_button.isEnabled()
    page.view.select_row(0)
    dialog = page.open_dialog(FeeStatusDialog)
    assert isinstance(dialog, FeeStatusDialog)
    dialog.set_status(FeeStatus.PAID)
    dialog.accept()  # no receipt number: refused, named
    assert dialog.isVisible()
    assert any("收据号" in t for t in message_texts(dialog))
    dialog.receipt.setText("SJ0001")
    dialog.accept()
    order = services.registers.order(paid.id)
    assert order.fee_status is FeeStatus.PAID and order.receipt_no == "SJ0001"
    assert page.model.record(0).fee_status is FeeStatus.PAID
    fee_col = page.model.columns.index(next(c for c in page.model.columns if c.title == "收费状态"))
    assert page.model.index(0, fee_col).data() == "已收"
    # waiving needs a manager
    dialog = page.open_dialog(FeeStatusDialog)
    dialog.set_status(FeeStatus.WAIVED)
    dialog.reason.setText("老人")
    dialog.accept()
    assert any("无权" in t for t in message_texts(dialog))
    window.close()


def test_stats_tab_needs_the_right_to_view_statistics(window):  # type: ignore[no-untyped-def]
    # the tab's figures, charts and exports: tests/ui/test_statistics_tab.py
    page = tab(window, StatsTab)
    assert "无权查看统计报表" in page.caption.text()
    assert not page.export_button.isEnabled()


def test_today_board_follows_broadcast_changes(window, services, session):  # type: ignore[no-untyped-def]
    page = tab(window, TodayTab)
    assert page.counts["to_dispatch"] == 0
    order = register(services)
    session.broadcast(Changes.orders(order.id))
    assert page.counts["to_dispatch"] == 1
    result = services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    session.broadcast(result)
    assert page.counts["to_dispatch"] == 0
    assert page.counts["not_arrived"] == 1


def test_hidden_tab_reloads_when_shown(window, services, session):  # type: ignore[no-untyped-def]
    page = tab(window, VisitTab)
    window.show_tab(TodayTab.title)
    order = to_visit(services)
    session.broadcast(Changes.orders(order.id))
    assert page.stale  # not visible: only marked
    window.show_tab(VisitTab.title)
    assert not page.stale
    assert [r.id for r in page.model.records()] == [order.id]


def test_today_board_turns_over_at_midnight(window, services, clock):  # type: ignore[no-untyped-def]
    register(services)
    page = tab(window, TodayTab)
    page.reload()  # (made behind the window's back: no broadcast)
    assert page.counts["unfinished_today"] == 1
    assert "11月20日" in page.date_label.text()
    clock.advance(hours=15)  # 01:00 the next day
    window.watcher.check()
    assert "11月21日" in page.date_label.text()
    assert page.counts["unfinished_today"] == 0  # yesterday's order is not today's
    assert page.counts["to_dispatch"] == 1
