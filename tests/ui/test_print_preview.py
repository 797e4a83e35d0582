"""The print preview dialogs offscreen: the real PDF loads into QtPdf, paper and copies
re-render it, and printing goes through QPrinter — here into a PDF file that is read back
with pypdf (page count, page size in millimetres, a non-blank page)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from propdesk.domain.enums import PaperMode, Role
from propdesk.domain.permissions import MATRIX, Perm
from propdesk.domain.records import OrderRecord
from propdesk.services import Services
from propdesk.ui.batch_print import DayPrintDialog
from propdesk.ui.handover_print import HandoverPrintDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.print_preview import PdfPreviewDialog, SlipPreviewDialog
from propdesk.ui.session import Session
from tests.factories import FakeClock, register, staff_id
from tests.print.pdfcheck import page_texts, squeeze
from tests.ui.helpers import message_texts

MM = 72 / 25.4


def dispatched(services: Services, clock: FakeClock, **overrides: object) -> OrderRecord:
    order = register(services, **overrides)
    clock.advance(minutes=3)
    return services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    ).order


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def sizes_mm(path: Path) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [(float(p.mediabox.width) / MM, float(p.mediabox.height) / MM) for p in reader.pages]


def assert_size(actual: tuple[float, float], expected: tuple[float, float]) -> None:
    # Qt writes the media box in whole points: within half a millimetre of the paper
    assert abs(actual[0] - expected[0]) < 0.5 and abs(actual[1] - expected[1]) < 0.5, actual


def dark_share(path: Path, page: int = 0) -> float:
    """Share of dark pixels on ``page`` as poppler renders it (the printed slip)."""
    from PIL import Image

    n = str(page + 1)
    out = path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-f", n, "-l", n, "-singlefile", str(path), str(out)],
        check=True,
    )
    with Image.open(out.with_suffix(".pgm")) as image:
        histogram = image.histogram()
    return sum(histogram[:128]) / sum(histogram)


def choose(dialog: PdfPreviewDialog, paper: PaperMode, copies: int | None = None) -> None:
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData(paper.value))
    if copies is not None:
        dialog.copies_combo.setCurrentIndex(dialog.copies_combo.findData(copies))


@pytest.fixture
def slip_dialog(qtbot, session: Session, services: Services, clock: FakeClock):  # type: ignore[no-untyped-def]
    order = dispatched(services, clock)
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_dialog_loads_the_real_slip_pdf(slip_dialog, services):
    dialog = slip_dialog
    order = dialog.slip.order
    assert dialog.pdf.ready()
    assert dialog.view.document() is dialog.pdf.document
    assert dialog.pdf.page_count() == 2  # A4, two copies a sheet, four copies
    assert dialog.pdf.page_size_mm(0) == (210.0, 297.0)
    assert dialog.paper() is PaperMode.A4X2 and dialog.copies() == 4
    assert order.number in dialog.windowTitle()
    assert order.number in dialog.info.text() and "补打" not in dialog.info.text()
    assert squeeze(order.number) in squeeze(page_texts(dialog.pdf.data)[0])
    assert services.printing.history(order.id) == []  # a preview is not a print


def test_paper_and_copies_render_again(slip_dialog):
    dialog = slip_dialog
    choose(dialog, PaperMode.CONT_241X140)
    assert dialog.pdf.page_count() == 1
    assert dialog.pdf.page_size_mm(0) == (241.0, 140.0)
    assert not dialog.copies_combo.isEnabled()  # the plies are the copies
    choose(dialog, PaperMode.A4, 3)
    assert dialog.copies_combo.isEnabled()
    assert dialog.pdf.page_count() == 3
    choose(dialog, PaperMode.A5, 4)
    assert dialog.pdf.page_count() == 4
    assert dialog.pdf.page_size_mm(0) == (210.0, 148.0)
    # only counts that keep the finance copy are offered
    offered = [dialog.copies_combo.itemData(i) for i in range(dialog.copies_combo.count())]
    assert offered == [4, 3]


def test_print_241x140_through_qprinter_to_a_pdf_file(slip_dialog, services, tmp_path):
    dialog = slip_dialog
    order = dialog.slip.order
    choose(dialog, PaperMode.CONT_241X140)
    out = tmp_path / "printed.pdf"

    assert dialog.print_to(pdf_printer(out))

    (size,) = sizes_mm(out)
    assert_size(size, (241.0, 140.0))  # custom page, fed 241 mm wide: not rotated
    assert dark_share(out) > 0.01  # the slip is on the page, not a blank sheet
    (row,) = services.printing.history(order.id)
    assert (row.paper, row.reprint) == ("241x140", False)
    # the preview now shows what the next print would be: a reprint
    assert dialog.slip.reprint
    assert "补打" in dialog.info.text()
    assert "补打" in squeeze(page_texts(dialog.pdf.data)[0])

    again = tmp_path / "again.pdf"
    assert dialog.print_to(pdf_printer(again))
    assert [p.reprint for p in services.printing.history(order.id)] == [False, True]


@pytest.mark.parametrize(
    ("paper", "copies", "pages", "size"),
    [
        (PaperMode.A4X2, 4, 2, (210.0, 297.0)),
        (PaperMode.A4, 3, 3, (210.0, 297.0)),
        (PaperMode.A5, 4, 4, (210.0, 148.0)),  # A5 turned landscape
        (PaperMode.CONT_241X279, None, 1, (241.0, 279.0)),
    ],
)
def test_printed_pages_and_paper_per_mode(slip_dialog, tmp_path, paper, copies, pages, size):
    choose(slip_dialog, paper, copies)
    out = tmp_path / f"{paper.value}.pdf"
    assert slip_dialog.print_to(pdf_printer(out))
    printed = sizes_mm(out)
    assert len(printed) == pages
    for actual in printed:
        assert_size(actual, size)
    assert all(dark_share(out, i) > 0.01 for i in range(pages))


def test_save_as_pdf_writes_the_slip_and_logs_it(slip_dialog, services, session, tmp_path):
    dialog = slip_dialog
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert dialog.save_to(first)
    assert dialog.save_to(second)
    assert "补打" not in squeeze("".join(page_texts(first.read_bytes())))
    assert "补打" in squeeze("".join(page_texts(second.read_bytes())))
    assert len(services.printing.history(dialog.order_id)) == 2
    assert session.prefs.value("print/folder") == str(tmp_path)


def test_open_in_system_viewer_writes_a_file_and_asks_the_desktop(slip_dialog, services):
    dialog = slip_dialog
    opened: list[QUrl] = []
    dialog.open_url = lambda url: opened.append(url) or True
    assert dialog.open_in_viewer()
    (url,) = opened
    path = Path(url.toLocalFile())
    assert path.name == f"派工单-{dialog.slip.order.number}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert len(services.printing.history(dialog.order_id)) == 1

    dialog.open_url = lambda url: False  # no PDF viewer on this PC
    assert not dialog.open_in_viewer()
    assert any(str(path) in text for text in message_texts(dialog))


def test_print_button_follows_the_printers_of_this_pc(slip_dialog):
    if QPrinterInfo.availablePrinterNames():
        assert slip_dialog.print_button.isEnabled()
    else:
        assert not slip_dialog.print_button.isEnabled()
        assert not slip_dialog.printer_combo.isEnabled()
        assert "另存为PDF" in slip_dialog.print_button.toolTip()


# --- a day's batch and the handover sheet ----------------------------------------------


def test_batch_dialog_prints_a_days_slips(qtbot, session, services, clock, tmp_path):
    first = dispatched(services, clock)
    second = dispatched(services, clock, unit_code="3-2-1502", caller_name="王五")
    dialog = DayPrintDialog(session, clock.now.date())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pdf.page_count() == 4
    assert "派工单 2 张" in dialog.info.text()

    out = tmp_path / "day.pdf"
    assert dialog.print_to(pdf_printer(out))
    assert len(sizes_mm(out)) == 4
    for order in (first, second):
        assert [p.reprint for p in services.printing.history(order.id)] == [False]
    assert "其中 2 张已打印过" in dialog.info.text()

    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-1))
    assert not dialog.pdf.ready()
    assert "没有派工的工单" in dialog.info.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert message_texts(dialog) == []  # browsing dates raises no message boxes


def test_handover_dialog_prints_a4_landscape(qtbot, session, services, clock, tmp_path):
    order = dispatched(services, clock)
    dialog = HandoverPrintDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pdf.ready() and dialog.pdf.page_size_mm(0) == (297.0, 210.0)
    assert not dialog.paper_combo.isVisible()
    dialog.shift.setText("夜班")
    dialog.shift.editingFinished.emit()
    text = squeeze(page_texts(dialog.pdf.data)[0])
    assert "班次：夜班" in text and order.number in text

    out = tmp_path / "handover.pdf"
    assert dialog.print_to(pdf_printer(out))
    (size,) = sizes_mm(out)
    assert_size(size, (297.0, 210.0))
    assert services.printing.history(order.id) == []  # the handover is not a slip print


# --- wiring into the window --------------------------------------------------------------


def test_window_print_seam_and_menu_open_the_dialogs(window: MainWindow, services, clock):
    order = dispatched(services, clock)
    assert window.session.can_print()
    window.session.print_slip(order.id, window)
    previews = [d for d in window.findChildren(SlipPreviewDialog) if d.isVisible()]
    assert [d.order_id for d in previews] == [order.id]

    window.findChild(QAction, "batchPrintAction").trigger()
    assert any(d.isVisible() for d in window.findChildren(DayPrintDialog))
    window.findChild(QAction, "handoverPrintAction").trigger()
    assert any(d.isVisible() for d in window.findChildren(HandoverPrintDialog))
    for dialog in window.findChildren(PdfPreviewDialog):
        dialog.close()


def test_start_up_does_not_load_qtpdf():
    code = (
        "import sys\n"
        "import propdesk.ui.main_window, propdesk.ui.app\n"
        "assert 'PySide6.QtPdf' not in sys.modules, 'QtPdf imported at start-up'\n"
        "assert 'PySide6.QtPdfWidgets' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_refused_print_aborts_the_job_and_says_why(slip_dialog, services, tmp_path, monkeypatch):
    dialog = slip_dialog
    monkeypatch.setitem(MATRIX, Role.RECEPTIONIST, MATRIX[Role.RECEPTIONIST] - {Perm.PRINT})
    assert not dialog.print_to(pdf_printer(tmp_path / "refused.pdf"))
    assert any("打印派工单" in text for text in message_texts(dialog))
    assert services.printing.history(dialog.order_id) == []
