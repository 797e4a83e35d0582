"""The 回访 tab's second-visit queue (issue 11): an important order, once visited and closed,
waits for its second visit within the office's days; the second visit takes it off."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from propdesk.domain.enums import Kind, Satisfaction, VisitMethod
from propdesk.ui.dialogs.visit_dialog import VisitDialog
from propdesk.ui.tabs.visit_tab import VisitTab
from tests.factories import closed_order, register, staff_id


def test_important_orders_wait_for_their_second_visit(qtbot, window, services, clock, tmp_path):  # type: ignore[no-untyped-def]
    user = services.auth.system_user()
    closed_order(services, clock, unit_code="1-1-102")  # not important: no second visit
    vip = closed_order(services, clock, unit_code="1-1-101", important=True)
    complaint = register(
        services, kind=Kind.MATTER, category="投诉/噪音扰民", description="楼上夜间装修噪音"
    )
    assert complaint.important
    services.workflow.dispatch(complaint.id, user, staff_ids=[staff_id(services)])
    from propdesk.domain.followup import NoteInput, NoteKind

    # a complaint completes once its 整改方案 is in the follow-up log (issue 12)
    services.followups.add_note(complaint.id, NoteInput(NoteKind.PLAN, "限定施工时间"), user)
    services.workflow.complete(complaint.id, _done(), user)  # no slip printed: 待回访
    clock.advance(hours=2)
    services.workflow.visit(
        complaint.id, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.FAIR
    )
    page = window.show_tab(VisitTab.title)
    assert isinstance(page, VisitTab)
    queue = page.second
    assert [r.number for r in queue.model.records()] == [vip.number, complaint.number]
    first = queue.model.records()[0]
    assert (first.due_at - first.closed_at).days == 30
    assert queue.count_label.text() == "共 2 条"
    window.resize(1366, 768)
    assert window.grab().save(
        str(Path(os.environ.get("PROPDESK_SHOTS", tmp_path)) / "visits-second.png")
    )

    # the second visit, clicked on the row and the button as a clerk does
    index = queue.model.index(1, 0)
    queue.view.scrollTo(index)
    qtbot.mouseClick(
        queue.view.viewport(), Qt.MouseButton.LeftButton, pos=queue.view.visualRect(index).center()
    )
    qtbot.mouseClick(queue.visit_button, Qt.MouseButton.LeftButton)
    dialog = queue.dialog
    assert isinstance(dialog, VisitDialog) and dialog.windowTitle().startswith("二次回访")
    dialog.set_satisfaction(Satisfaction.SATISFIED)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [r.number for r in queue.model.records()] == [vip.number]
    assert services.registers.order(complaint.id).visits[-1].follow_up


def _done():  # type: ignore[no-untyped-def]
    from propdesk.domain.records import CompletionInput

    return CompletionInput("已与楼上住户沟通，噪音停止")
