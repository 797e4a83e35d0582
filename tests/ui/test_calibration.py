"""打印机校准: typed corrections are checked (Chinese messages naming the field), saved per
printer and paper on this PC, and move and scale what is printed; the calibration page puts
its cross-hairs where it says, on a real queue with hardware margins."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError
from propdesk.print.calibration_page import cross_positions
from propdesk.ui.calibration import (
    Calibration,
    load_calibration,
    parse_calibration,
    save_calibration,
)
from propdesk.ui.calibration_dialog import CalibrationDialog
from propdesk.ui.pdf_output import PdfBytes, paint_pages, prepare_printer
from propdesk.ui.session import Session
from tests.real_parts import ink_boxes_mm
from tests.ui.helpers import message_texts

PAPER = PaperMode.CONT_241X140


def test_typed_values_are_parsed_and_refused_by_field():
    assert parse_calibration("1.5", "-2", "99.5") == Calibration(1.5, -2.0, 0.995)
    assert parse_calibration("", "", "") == Calibration()
    for args, field in (
        (("abc", "0", "100"), "横向偏移"),
        (("0", "31", "100"), "纵向偏移"),
        (("0", "0", "120"), "缩放"),
        (("0", "0", "nan"), "缩放"),
    ):
        with pytest.raises(UserError) as err:
            parse_calibration(*args)
        assert err.value.field == field and field in err.value.message


def test_saved_per_printer_and_paper(prefs):
    save_calibration(prefs, "针式/EPSON LQ-630K", PAPER, Calibration(2.0, -1.5, 1.01))
    assert load_calibration(prefs, "针式/EPSON LQ-630K", PAPER) == Calibration(2.0, -1.5, 1.01)
    assert load_calibration(prefs, "针式/EPSON LQ-630K", PaperMode.A4) == Calibration()
    assert load_calibration(prefs, "HP", PAPER) == Calibration()


def print_to_file(path: Path, data: bytes, calibration: Calibration | None) -> Path:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    pdf = PdfBytes()
    pdf.load(data)
    prepare_printer(printer, pdf, "t")
    from PySide6.QtGui import QPainter

    painter = QPainter(printer)
    paint_pages(painter, printer, pdf, calibration)
    painter.end()
    return path


def test_calibration_moves_and_scales_the_printed_page(services, tmp_path):
    data = services.printing.calibration_page(PAPER, "test")
    own = tmp_path / "own.pdf"
    own.write_bytes(data)
    ((left, top, right, bottom),) = ink_boxes_mm(own)
    moved = print_to_file(tmp_path / "moved.pdf", data, Calibration(3.0, -2.0, 1.0))
    ((ml, mt, mr, mb),) = ink_boxes_mm(moved)
    assert abs(ml - (left + 3)) < 0.6 and abs(mt - (top - 2)) < 0.6
    assert abs(mr - (right + 3)) < 0.6 and abs(mb - (bottom - 2)) < 0.6
    scaled = print_to_file(tmp_path / "scaled.pdf", data, Calibration(0.0, 0.0, 0.98))
    ((sl, st, sr, sb),) = ink_boxes_mm(scaled)
    assert abs(sl - left * 0.98) < 0.6 and abs(sr - right * 0.98) < 0.6
    assert abs(sb - bottom * 0.98) < 0.6


def test_calibration_page_marks_sit_at_the_stated_positions(services, tmp_path):
    page = tmp_path / "cal.pdf"
    page.write_bytes(services.printing.calibration_page(PAPER, "test"))
    ((left, top, _right, bottom),) = ink_boxes_mm(page)
    crosses = cross_positions(PAPER)
    # the outermost marks: the rulers start 15 mm in, the crosses' arms reach 6 mm
    assert abs(left - 14.0) < 1.1 and abs(top - 14.0) < 1.1  # cross A's arms at 20 - 6
    assert abs(bottom - (crosses["C"][1] + 6)) < 0.6


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_dialog_saves_what_the_clerk_types_and_refuses_nonsense(
    qtbot, this_process_prints_to, session: Session
):
    dialog = CalibrationDialog(session, "margins", PAPER)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.dx_edit.text() == "0" and dialog.scale_edit.text() == "100"
    type_into(qtbot, dialog.dx_edit, "4")
    type_into(qtbot, dialog.dy_edit, "-3")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert load_calibration(session.prefs, "margins", PAPER) == Calibration(4.0, -3.0, 1.0)

    type_into(qtbot, dialog.scale_edit, "150")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert any("缩放" in text for text in message_texts(dialog))
    assert load_calibration(session.prefs, "margins", PAPER).scale == 1.0  # unchanged

    # another paper of the same printer has its own (none yet)
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData(PaperMode.A4.value))
    assert dialog.dx_edit.text() == "0"


def test_calibration_page_prints_on_a_real_queue_with_the_typed_shift(
    qtbot, this_process_prints_to, session: Session, tmp_path
):
    cups = this_process_prints_to
    dialog = CalibrationDialog(session, "margins", PAPER)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.dx_edit, "5")
    before = cups.outputs()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.last_report is not None and dialog.last_report.pages == 1
    spooled = cups.wait_for_new(before)
    own = tmp_path / "own.pdf"
    own.write_bytes(session.services.printing.calibration_page(PAPER, "margins"))
    ((sl, st, _sr, sb),) = ink_boxes_mm(spooled)
    ((ol, ot, _or, ob),) = ink_boxes_mm(own)
    assert abs(sl - (ol + 5)) < 1.0 and abs(st - ot) < 1.0 and abs(sb - ob) < 1.0
