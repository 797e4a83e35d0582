"""记跟进 from the order window: the dialog as a clerk fills it, refusals keep it open, the note
shows in the timeline (进度) and the follow-up log tab."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from propdesk.domain.enums import Status
from propdesk.domain.followup import NoteInput, NoteKind, NoteResult
from propdesk.ui.dialogs.note_dialog import NoteDialog
from propdesk.ui.dialogs.order_window import OrderWindow
from tests.factories import order_in_status
from tests.ui.helpers import message_texts, type_chinese

SHOTS = os.environ.get("PROPDESK_SHOTS")


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save what the user sees when ``PROPDESK_SHOTS`` names a folder (to look at)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # lay out what the last reload added
        widget.grab().save(str(Path(SHOTS) / name))


def test_note_from_the_order_window_lands_in_the_timeline(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    clock.advance(minutes=16)
    w = OrderWindow(session, order.id)
    qtbot.addWidget(w)
    w.show()
    assert w.note_button.isEnabled()
    qtbot.mouseClick(w.note_button, Qt.MouseButton.LeftButton)
    dialog = w.dialog
    assert isinstance(dialog, NoteDialog) and dialog.isVisible()
    todo = dialog.findChild(QLabel, "noteTodo")
    assert todo is not None and "到场确认电话" in todo.text()
    assert dialog.kind.currentText() == "致电业主"
    dialog.result_box.setCurrentIndex(dialog.result_box.findText("未到场"))
    type_chinese(dialog.text, "师傅还没到，业主在家等")
    dialog.next_at.check.setChecked(True)
    shot(dialog, "note-dialog.png")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [note] = services.followups.notes(order.id)
    assert (note.kind, note.result, note.text) == (
        NoteKind.CALL_OWNER,
        NoteResult.NOT_ARRIVED,
        "师傅还没到，业主在家等",
    )
    assert note.next_at == clock.now + timedelta(minutes=30)
    # the window reloaded from the broadcast: the note is in 进度 and 跟进记录
    steps = [e.step for e in w.events.records()]
    assert steps == ["登记", "派工", "跟进·致电业主"]
    last = w.events.records()[-1]
    assert last.is_note and "【未到场】师傅还没到" in last.text and "约定回电" in last.text
    assert w.notes.rowCount() == 1
    w.parts.setCurrentIndex(0)
    w.resize(1100, 700)
    shot(w, "order-timeline-notes.png")


def test_a_refused_note_keeps_the_dialog_and_names_the_field(qtbot, session, services, clock):  # type: ignore[no-untyped-def]
    order = order_in_status(services, clock, Status.DISPATCHED)
    w = OrderWindow(session, order.id)
    qtbot.addWidget(w)
    w.show()
    dialog = w.open_action("note")
    assert isinstance(dialog, NoteDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText("上报主管"))
    assert not dialog.result_box.isEnabled()  # a report upwards has no result
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert any("请填写跟进内容" in t for t in message_texts(dialog))
    assert "c00000" in dialog.text.styleSheet()
    assert services.followups.notes(order.id) == []


def test_finance_sees_the_log_but_may_not_add_to_it(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    from propdesk.domain.enums import Role
    from propdesk.ui.session import Session
    from tests.factories import make_user

    order = order_in_status(services, clock, Status.DISPATCHED)
    finance = Session(services, make_user(services, Role.FINANCE), prefs)
    w = OrderWindow(finance, order.id)
    qtbot.addWidget(w)
    assert not w.note_button.isEnabled()
    assert w.open_action("note") is None


def test_follow_up_models_pass_the_model_tester(qtmodeltester, services, clock):  # type: ignore[no-untyped-def]
    from propdesk.ui.models.followup_models import (
        RemindersModel,
        notes_model,
        timeline,
        timeline_model,
    )

    order = order_in_status(services, clock, Status.DISPATCHED)
    user = services.auth.system_user()
    clock.advance(minutes=20)
    services.followups.add_note(
        order.id, NoteInput(NoteKind.CALL_OWNER, "未到", NoteResult.NOT_ARRIVED), user
    )
    notes = services.followups.notes(order.id)
    fresh = services.registers.order(order.id)
    for model, records in (
        (timeline_model(), timeline(fresh.events, notes)),
        (notes_model(), notes),
        (
            RemindersModel(clock.now, services.reference.settings().rules),
            services.followups.reminders(clock.now),
        ),
    ):
        model.set_records(records)
        assert model.rowCount() == len(records) > 0
        qtmodeltester.check(model)
