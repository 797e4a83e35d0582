"""完工 with a material the owner supplied: the clerk picks its check (合格/不合格/质量不佳)
and types a note in the material line, with the mouse and keyboard (issue 11, item 9)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from propdesk.domain.enums import MaterialCheck, MaterialSource, Status
from propdesk.ui.dialogs.complete_dialog import NAME, NOTE, SOURCE, CompleteDialog
from tests.factories import at_work
from tests.ui.helpers import activate, key, message_boxes, type_chinese


def _type_in_cell(qtbot, table, row: int, col: int, text: str) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, col, QModelIndex()))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    key(qtbot, Qt.Key.Key_F2)  # edit the clicked cell
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    type_chinese(editor, text)
    key(qtbot, Qt.Key.Key_Tab)


def test_owner_material_check_and_note_typed_in_the_line(qtbot, session, services, tmp_path: Path):  # type: ignore[no-untyped-def]
    order = at_work(services, material_source=MaterialSource.OWNER, paid=True)
    dialog = CompleteDialog(session, services.registers.order(order.id))
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    type_chinese(dialog.work_done, "更换业主自购水龙头")
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "添加空行")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    table = dialog.table
    _type_in_cell(qtbot, table, 0, NAME, "水龙头")
    source = table.cellWidget(0, SOURCE)
    assert source.currentText() == "业主自备·未检查"  # the order says 业主自备

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    boxes = message_boxes(dialog)
    assert boxes and "第1行检查结果" in boxes[0].text()
    boxes[0].close()
    assert QApplication.focusWidget() is source  # the refused field has the focus

    key(qtbot, Qt.Key.Key_Up)  # closed combo: Up picks the previous choice
    assert source.currentText() == "业主自备·质量不佳"
    _type_in_cell(qtbot, table, 0, NOTE, "阀芯松动")
    dialog.grab().save(str(tmp_path / "owner_material.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not message_boxes(dialog)

    saved = services.registers.order(order.id)
    (line,) = saved.materials
    assert line.owner_supplied and line.check is MaterialCheck.POOR
    assert line.check_note == "阀芯松动" and line.check_text == "质量不佳：阀芯松动"
    assert not saved.awaiting_price_review  # the owner's material is not charged

    again = CompleteDialog(session, saved)  # reopened: the line keeps its check and note
    qtbot.addWidget(again)
    assert again.table.cellWidget(0, SOURCE).currentText() == "业主自备·质量不佳"
    assert again.table.text(0, NOTE) == "阀芯松动"


def test_return_in_a_material_cell_commits_the_cell_only(qtbot, session, services):  # type: ignore[no-untyped-def]
    """Return typed in a cell takes the cell's text (as Tab does) and keeps the dialog open:
    the 完工 is not submitted half-filled, and Qt has nothing to warn about."""
    order = at_work(services, paid=True)
    dialog = CompleteDialog(session, services.registers.order(order.id))
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    type_chinese(dialog.work_done, "更换水龙头")
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "添加空行")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    table = dialog.table
    rect = table.visualRect(table.model().index(0, NAME, QModelIndex()))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    key(qtbot, Qt.Key.Key_F2)
    type_chinese(QApplication.focusWidget(), "水龙头")
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and not message_boxes(dialog)
    assert table.text(0, NAME) == "水龙头"
    assert services.registers.order(order.id).status is Status.IN_PROGRESS
    assert QApplication.focusWidget() is table  # back on the table, ready to move on
    # 确定 at once: the cell was taken when Return was pressed (no commit left pending)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = services.registers.order(order.id)
    assert saved.status is not Status.IN_PROGRESS
    assert [m.name for m in saved.materials] == ["水龙头"]
