"""Slips printed to real CUPS queues (cups-pdf) whose PPDs declare hardware margins, through
the program's own print job — the 打印 button and ``propdesk slip --printer`` — and the
spooled PDF compared with the program's own: page size, and the position and size of what is
printed, within 1 mm. Skipped without CUPS and cups-pdf unless real parts are required."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from propdesk.domain.enums import PaperMode
from propdesk.domain.records import OrderRecord
from propdesk.services import Services
from propdesk.ui.calibration import Calibration, save_calibration
from propdesk.ui.print_preview import SlipPreviewDialog
from propdesk.ui.session import Session
from tests.factories import FakeClock, register, staff_id
from tests.real_parts import CupsServer, ink_boxes_mm, page_sizes_mm

TOLERANCE_MM = 1.0
PAPERS = {PaperMode.CONT_241X140: (241.0, 140.0), PaperMode.A4X2: (210.0, 297.0)}


def dispatched(services: Services, clock: FakeClock) -> OrderRecord:
    order = register(services)
    clock.advance(minutes=3)
    return services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    ).order


def assert_one_to_one(spooled: Path, own: Path, shift: tuple[float, float] = (0, 0)) -> None:
    """Same pages, same paper, the printed content in the same place at the same size
    (moved by ``shift`` mm, when a calibration asks for it)."""
    sizes, own_sizes = page_sizes_mm(spooled), page_sizes_mm(own)
    assert len(sizes) == len(own_sizes)
    for size, expected in zip(sizes, own_sizes, strict=True):
        assert abs(size[0] - expected[0]) < TOLERANCE_MM, (size, expected)
        assert abs(size[1] - expected[1]) < TOLERANCE_MM, (size, expected)
    dx, dy = shift
    for box, expected in zip(ink_boxes_mm(spooled), ink_boxes_mm(own), strict=True):
        moved = (expected[0] + dx, expected[1] + dy, expected[2] + dx, expected[3] + dy)
        assert all(abs(a - b) < TOLERANCE_MM for a, b in zip(box, moved, strict=True)), (
            box,
            moved,
        )


def run_cli(cups: CupsServer, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**cups.env, "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "offscreen"}
    code = "from propdesk.cli.main import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("paper", list(PAPERS), ids=lambda p: p.value)
def test_cli_prints_one_to_one_on_a_queue_with_hardware_margins(
    cups, services, clock, db_path, tmp_path, paper
):
    order = dispatched(services, clock)
    own = tmp_path / "own.pdf"
    own.write_bytes(
        services.printing.preview_slip(order.id, services.auth.system_user(), paper=paper).pdf
    )
    before = cups.outputs()
    result = run_cli(
        cups, tmp_path, "--db", str(db_path), "slip", order.number,
        "--printer", "margins", "--paper", paper.value,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已送打印机“margins”" in result.stdout and "600 dpi" in result.stdout
    spooled = cups.wait_for_new(before)
    assert_one_to_one(spooled, own)
    (logged,) = services.printing.history(order.id)
    assert (logged.paper, logged.reprint) == (paper.value, False)


def test_dot_matrix_queue_gets_its_own_resolution_and_the_calibration(
    cups, services, clock, db_path, tmp_path
):
    order = dispatched(services, clock)
    paper = PaperMode.CONT_241X140
    own = tmp_path / "own.pdf"
    own.write_bytes(
        services.printing.preview_slip(order.id, services.auth.system_user(), paper=paper).pdf
    )
    # this PC's calibration of the queue for this paper, as the GUI stores it
    prefs = QSettings(str(tmp_path / "propdesk" / "propdesk.conf"), QSettings.Format.IniFormat)
    save_calibration(prefs, "dotmatrix", paper, Calibration(4.0, -3.0, 1.0))
    save_calibration(prefs, "dotmatrix", PaperMode.A4, Calibration(-9.0, 9.0, 1.0))  # not used
    before = cups.outputs()
    result = run_cli(
        cups, tmp_path, "--db", str(db_path), "slip", order.number,
        "--printer", "dotmatrix", "--paper", paper.value,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "360 dpi" in result.stdout and "横向 +4 mm，纵向 -3 mm" in result.stdout
    assert_one_to_one(cups.wait_for_new(before), own, shift=(4.0, -3.0))


def test_an_unknown_printer_is_refused_in_chinese_and_nothing_is_logged(
    cups, services, clock, db_path, tmp_path
):
    order = dispatched(services, clock)
    result = run_cli(
        cups, tmp_path, "--db", str(db_path), "slip", order.number, "--printer", "nosuch"
    )
    assert result.returncode != 0
    assert "没有名为“nosuch”的打印机" in result.stderr + result.stdout
    assert "margins" in result.stderr + result.stdout
    assert services.printing.history(order.id) == []


def test_print_button_prints_one_to_one_and_remembers_printer_and_paper(
    qtbot, this_process_prints_to, session: Session, services, clock, tmp_path
):
    cups = this_process_prints_to
    order = dispatched(services, clock)
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.printer_combo.setCurrentIndex(dialog.printer_combo.findData("margins"))
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData(PaperMode.CONT_241X140.value))
    own = tmp_path / "own.pdf"
    own.write_bytes(dialog.pdf.data)
    before = cups.outputs()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.last_report is not None and dialog.last_report.dpi == 600
    assert_one_to_one(cups.wait_for_new(before), own)
    assert session.prefs.value("print/printer") == "margins"

    # the next preview on this PC starts on that printer with the paper used on it
    again = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(again)
    assert again.printer_name() == "margins"
    assert again.paper() is PaperMode.CONT_241X140
