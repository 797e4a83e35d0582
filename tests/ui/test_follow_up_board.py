"""待跟进 on the today board, driven by an injected clock: the confirmation call shows at +15
minutes and not before, a note clears it, red once late, each role sees its own, a new one
is announced once, and a double-click on the row opens the order with the note dialog."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from propdesk.domain.enums import Role, Status
from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.domain.records import Changes
from propdesk.domain.reminders import ReminderKind
from propdesk.ui.dialogs.note_dialog import NoteDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.models.record_model import OVERDUE_BG
from propdesk.ui.session import Session
from propdesk.ui.tabs.today_tab import TodayTab
from tests.factories import make_user, order_in_status
from tests.ui.conftest import OFFSCREEN_LIMITS

SHOTS = os.environ.get("PROPDESK_SHOTS")


def board(window: MainWindow):  # type: ignore[no-untyped-def]
    today = window.show_tab(TodayTab.title)
    assert isinstance(today, TodayTab)
    return today.follow_up


def tick(window: MainWindow) -> None:
    """The minute timer firing (the clock was moved by the test)."""
    window.watcher.check()


def kinds(fb) -> list[ReminderKind]:  # type: ignore[no-untyped-def]
    return [r.kind for r in fb.model.records()]


def test_confirmation_call_appears_at_15_minutes_and_a_note_clears_it(window, services, clock):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    t = order.dispatched_at
    fb = board(window)
    clock.set(t + timedelta(minutes=14, seconds=59))
    tick(window)
    assert kinds(fb) == []
    assert window.notices.isHidden()
    clock.set(t + timedelta(minutes=15))
    tick(window)
    assert kinds(fb) == [ReminderKind.CONFIRM_CALL]
    assert fb.title() == "待跟进（1）"
    # announced once in the notice bar
    texts = [t for t in window.notices.texts() if "到场确认电话" in t]
    assert len(texts) == 1 and order.number in texts[0] and "到期 10:17" in texts[0]
    tick(window)
    assert len([t for t in window.notices.texts() if "到场确认电话" in t]) == 1
    # not red yet; red once ``reminder_red_minutes`` (10) have passed
    index = fb.model.index(0, 0, QModelIndex())
    assert fb.model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    clock.set(t + timedelta(minutes=25))
    tick(window)
    brush = fb.model.data(fb.model.index(0, 0, QModelIndex()), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and brush.color() == OVERDUE_BG
    assert "逾期 1" in fb.title()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        window.grab().save(str(Path(SHOTS) / "today-follow-up.png"))
    services.followups.add_note(
        order.id,
        NoteInput(NoteKind.CALL_OWNER, "师傅已到", NoteResult.ARRIVED),
        window.session.user,
    )
    window.session.broadcast(Changes.orders(order.id))
    assert kinds(fb) == []


def test_double_click_opens_the_order_with_the_note_dialog_ready(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    clock.set(order.dispatched_at + timedelta(minutes=16))
    tick(window)
    fb = board(window)
    view = fb.view
    assert view.model().rowCount() == 1
    rect = view.visualRect(view.model().index(0, 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ow = window.order_windows[order.id]
    dialog = ow.dialog
    assert isinstance(dialog, NoteDialog) and dialog.isVisible()
    assert dialog.kind.currentText() == "致电业主"  # the note that answers a confirmation call
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "note-dialog-from-board.png"))


def test_a_setting_change_moves_the_reminder_on_the_board(window, services, clock):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    fb = board(window)
    admin = services.auth.system_user()
    rules = replace(services.reference.settings().rules, first_call_minutes=30)
    window.session.broadcast(services.reference.update_settings(admin, rules=rules))
    clock.set(order.dispatched_at + timedelta(minutes=29))
    tick(window)
    assert kinds(fb) == []
    clock.set(order.dispatched_at + timedelta(minutes=30))
    tick(window)
    assert kinds(fb) == [ReminderKind.CONFIRM_CALL]


def test_each_role_sees_its_own(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    clock.set(order.dispatched_at + timedelta(hours=2))
    seen = {}
    for role in (Role.RECEPTIONIST, Role.SUPERVISOR, Role.MANAGER, Role.FINANCE):
        session = Session(services, make_user(services, role), prefs)
        w = MainWindow(session)
        qtbot.addWidget(w)
        w.show()
        seen[role] = kinds(board(w))
        w.close()
    assert seen[Role.RECEPTIONIST] == [ReminderKind.CONFIRM_CALL, ReminderKind.CHASE]
    assert seen[Role.SUPERVISOR] == [ReminderKind.ESCALATED]
    assert seen[Role.MANAGER] == [ReminderKind.ESCALATED]
    assert seen[Role.FINANCE] == []


def test_settings_page_moves_the_follow_up_rules(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    """The four follow-up numbers on 系统设置, typed by the administrator, change what the
    reminders do."""
    from propdesk.domain.enums import Kind
    from tests.ui.test_base_data import base_tab

    order = order_in_status(services, clock, Status.DISPATCHED)
    complaint = order_in_status(services, clock, Status.PENDING, Kind.MATTER)
    services.auth.set_initial_password("admin", "abc12345")
    w = MainWindow(Session(services, services.auth.user("admin"), prefs))
    qtbot.addWidget(w)
    w.show()
    page = base_tab(w).settings_page
    for key, value in (
        ("first_call_minutes", 20),
        ("escalate_minutes", 45),
        ("complaint_contact_hours", 6),
        ("reminder_red_minutes", 3),
    ):
        spin = page.numbers[key]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(value))
        assert spin.value() == value, key
    page.save()
    rules = services.reference.settings().rules
    assert (rules.first_call_minutes, rules.escalate_minutes) == (20, 45)
    assert (rules.complaint_contact_hours, rules.reminder_red_minutes) == (6, 3)
    d = order.dispatched_at

    def repair(at):  # type: ignore[no-untyped-def]
        return [r for r in services.followups.reminders(at) if r.order_id == order.id]

    fu = services.followups
    assert [r.kind for r in repair(d + timedelta(minutes=20))] == [ReminderKind.CONFIRM_CALL]
    assert repair(d + timedelta(minutes=19)) == []
    assert ReminderKind.ESCALATED not in [r.kind for r in repair(d + timedelta(minutes=44))]
    assert ReminderKind.ESCALATED in [r.kind for r in repair(d + timedelta(minutes=45))]
    six = complaint.received_at + timedelta(hours=6)
    mine = [r for r in fu.reminders(six) if r.order_id == complaint.id]
    assert ReminderKind.COMPLAINT_CONTACT in [r.kind for r in mine]
    early = [r for r in fu.reminders(six - timedelta(seconds=1)) if r.order_id == complaint.id]
    assert ReminderKind.COMPLAINT_CONTACT not in [r.kind for r in early]
    [call] = repair(d + timedelta(minutes=20))
    assert not call.is_overdue(d + timedelta(minutes=22), rules)
    assert call.is_overdue(d + timedelta(minutes=23), rules)
    w.close()


def test_call_back_complaint_and_escalation_on_the_board(window, services, clock):  # type: ignore[no-untyped-def]
    from propdesk.domain.enums import Kind
    from tests.factories import MATTER_CATEGORY, register

    fb = board(window)
    order = order_in_status(services, clock, Status.IN_PROGRESS)
    back = clock.now + timedelta(hours=2)
    services.followups.add_note(
        order.id,
        NoteInput(NoteKind.CALL_OWNER, "下午两点再确认", NoteResult.ARRIVED, next_at=back),
        window.session.user,
    )
    clock.set(back - timedelta(seconds=1))
    tick(window)
    assert ReminderKind.CALL_BACK not in kinds(fb)
    clock.set(back)
    tick(window)
    assert ReminderKind.CALL_BACK in kinds(fb)

    first = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="噪音")
    clock.advance(days=20)
    second = register(services, kind=Kind.MATTER, category=MATTER_CATEGORY, description="又噪音")
    clock.set(second.received_at + timedelta(hours=12) - timedelta(seconds=1))
    tick(window)
    contact = [r for r in fb.model.records() if r.kind is ReminderKind.COMPLAINT_CONTACT]
    assert [r.order_id for r in contact] == [first.id]  # the first one is long due
    clock.set(second.received_at + timedelta(hours=12))
    tick(window)
    rows = {r.order_id: r for r in fb.model.records() if r.kind is ReminderKind.COMPLAINT_CONTACT}
    assert set(rows) == {first.id, second.id}
    assert rows[second.id].escalated and not rows[first.id].escalated
    row = fb.model.records().index(rows[second.id])
    text = fb.model.data(fb.model.index(row, 5, QModelIndex()), Qt.ItemDataRole.DisplayRole)
    assert text.startswith("【升级】")


@pytest.mark.qt_log_ignore(
    OFFSCREEN_LIMITS,
    r"No such signal QPlatformNativeInterface::systemTrayWindowChanged",  # no tray offscreen
)
def test_a_reminder_falling_due_while_minimised_goes_to_the_tray_once(
    qtbot, session, services, clock, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *a: shown.append((title, text))
    )
    order = order_in_status(services, clock, Status.DISPATCHED)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.tray is not None)
    w.hide()  # minimised to the tray
    clock.set(order.dispatched_at + timedelta(minutes=15))
    w.reminder_watcher.check()
    w.reminder_watcher.check()
    follow = [text for title, text in shown if title == "待跟进"]
    assert len(follow) == 1 and "到场确认电话" in follow[0] and order.number in follow[0]
    w.close()
