"""A double-click on a 待跟进 row opens the dialog that answers the reminder: 审价 for a price
waiting for the 工程主管, 派工 for an order left undispatched, 回访 / 二次回访 for a visit due,
and the note dialog (with the answering kind chosen) for the calls and chases."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from propdesk.domain.enums import Role, Status
from propdesk.domain.records import CompletionInput, MaterialInput
from propdesk.domain.reminders import ReminderKind
from propdesk.ui.dialogs.dispatch_dialog import DispatchDialog
from propdesk.ui.dialogs.note_dialog import ANSWERS, NoteDialog
from propdesk.ui.dialogs.path_dialogs import ApprovePriceDialog
from propdesk.ui.dialogs.visit_dialog import VisitDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.today_tab import TodayTab
from tests.factories import closed_order, make_user, order_in_status


def open_window(qtbot, services, user, prefs) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(Session(services, user, prefs))
    qtbot.addWidget(w)
    w.show()
    return w


def double_click_reminder(qtbot, window: MainWindow, order_id: int, kind: ReminderKind):  # type: ignore[no-untyped-def]
    """Double-click the row of the order's reminder of ``kind`` on the 待跟进 list (after a
    minute tick at the test's clock); returns the dialog the order window opened."""
    window.reminder_watcher.check()
    today = window.show_tab(TodayTab.title)
    assert isinstance(today, TodayTab)
    board = today.follow_up
    rows = board.model.records()
    row = next(i for i, r in enumerate(rows) if r.order_id == order_id and r.kind is kind)
    view = board.view
    index = view.model().index(row, 2)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = window.order_windows[order_id].dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_price_review_opens_the_approval(qtbot, services, clock, prefs, tmp_path):  # type: ignore[no-untyped-def]
    o = order_in_status(services, clock, Status.IN_PROGRESS, paid=True)
    line = MaterialInput("进口水龙头", "1", "个", "180")
    done = services.workflow.complete(
        o.id, CompletionInput("更换水龙头", "30", [line]), services.auth.system_user()
    ).order
    assert done.awaiting_price_review and done.completed_at is not None
    clock.set(done.completed_at + timedelta(minutes=20))
    boss = make_user(services, Role.SUPERVISOR, "zhuguan")
    w = open_window(qtbot, services, boss, prefs)
    dialog = double_click_reminder(qtbot, w, o.id, ReminderKind.PRICE_REVIEW)
    assert isinstance(dialog, ApprovePriceDialog)
    shots = Path(os.environ.get("PROPDESK_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert dialog.grab().save(str(shots / "approve-price-from-board.png"))
    w.activateWindow()
    assert w.grab().save(str(shots / "today-price-review-notice.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not services.registers.order(o.id).awaiting_price_review
    today = w.show_tab(TodayTab.title)
    assert isinstance(today, TodayTab)
    assert [r.kind for r in today.follow_up.model.records()] == []  # the approval answered it
    w.close()


def test_an_undispatched_order_opens_dispatch_for_the_supervisor(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    o = order_in_status(services, clock, Status.PENDING)
    clock.advance(hours=1)
    boss = make_user(services, Role.SUPERVISOR, "zhuguan")
    w = open_window(qtbot, services, boss, prefs)
    dialog = double_click_reminder(qtbot, w, o.id, ReminderKind.DISPATCH_OVERDUE)
    assert isinstance(dialog, DispatchDialog)
    w.close()


def test_the_desk_reports_an_undispatched_order_with_a_note(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    o = order_in_status(services, clock, Status.PENDING)
    clock.advance(hours=1)
    dialog = double_click_reminder(qtbot, window, o.id, ReminderKind.ESCALATE_DISPATCH)
    assert isinstance(dialog, NoteDialog) and dialog.kind.currentText() == "上报主管"


def test_a_visit_due_opens_the_visit(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    o = order_in_status(services, clock, Status.TO_VISIT)
    clock.advance(days=3)
    dialog = double_click_reminder(qtbot, window, o.id, ReminderKind.VISIT)
    assert isinstance(dialog, VisitDialog) and dialog.windowTitle().startswith("回访")


def test_a_second_visit_due_opens_the_second_visit(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    o = closed_order(services, clock, unit_code="1-1-101", important=True)
    assert o.closed_at is not None
    clock.set(o.closed_at + timedelta(days=31))
    dialog = double_click_reminder(qtbot, window, o.id, ReminderKind.SECOND_VISIT)
    assert isinstance(dialog, VisitDialog) and dialog.windowTitle().startswith("二次回访")


def test_a_step_closed_to_the_user_falls_back_to_the_note(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    """The front desk may not approve prices: answering a 审价 reminder (as from an older
    notice) opens the note dialog instead; every reminder kind has a note that answers it."""
    assert set(ANSWERS) == set(ReminderKind)
    o = order_in_status(services, clock, Status.IN_PROGRESS)
    ow = window.open_order(o.id)
    dialog = ow.answer(ReminderKind.PRICE_REVIEW)
    assert isinstance(dialog, NoteDialog) and dialog.kind.currentText() == "其他"
