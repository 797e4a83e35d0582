"""套打 in the slip preview: the 套打底图 (a scanned blank form) chosen with the mouse shows
under the values in the preview only; the printed job and the saved PDF never carry it; the
choice is remembered on this PC."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from propdesk.domain.enums import PaperMode
from propdesk.ui.overlay_background import BACKGROUND_KEY
from propdesk.ui.print_preview import SlipPreviewDialog
from tests.print.pdfcheck import page_texts, reader, squeeze
from tests.ui.helpers import message_texts
from tests.ui.test_print_preview import choose, dark_share, dispatched, pdf_printer

OVERLAY = PaperMode.OVERLAY


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("PROPDESK_HOME", str(folder))
    return folder


@pytest.fixture
def scan(services, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The program's own blank form as a 100 dpi scan (what the clerk would scan)."""
    pdf = tmp_path / "blank.pdf"
    pdf.write_bytes(services.printing.blank_form())
    out = tmp_path / "scan"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", pdf, out], check=True)
    return out.with_suffix(".png")


def images(pdf: bytes) -> int:
    page = reader(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_scanned_form_shows_in_the_preview_only(
    qtbot, session, services, clock, home, scan, tmp_path
):
    order = dispatched(services, clock)
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.background.isVisible()  # only 套打 has a background
    choose(dialog, OVERLAY)
    assert dialog.background.isVisible() and dialog.pdf.page_size_mm(0) == (241.0, 140.0)
    assert str(services.printing.layout_path()) in dialog.info.text()
    assert images(dialog.pdf.data) == 0
    flat = squeeze(page_texts(dialog.pdf.data)[0])
    assert order.caller_name in flat and "报修人" not in flat

    dialog.background.ask_file = lambda: str(scan)
    click(qtbot, dialog.background.choose_button)
    assert images(dialog.pdf.data) == 1
    assert dialog.background.label.text() == scan.name
    assert "底图只在预览中显示，不会打印" in dialog.info.text()
    assert session.prefs.value(BACKGROUND_KEY) == str(scan)
    preview = tmp_path / "preview.pdf"
    preview.write_bytes(dialog.pdf.data)
    qtbot.wait(800)  # QtPdf renders the page on a thread
    dialog.grab().save(str(tmp_path / "overlay_preview.png"))

    saved = tmp_path / "saved.pdf"
    assert dialog.save_to(saved)
    assert images(saved.read_bytes()) == 0
    assert order.caller_name in squeeze(page_texts(saved.read_bytes())[0])
    printed = tmp_path / "printed.pdf"
    assert dialog.print_to(pdf_printer(printed))
    # the job is drawn from the values-only PDF: far less ink than the preview over the scan
    assert dark_share(printed) < dark_share(preview) / 3
    assert len(services.printing.history(order.id)) == 2  # the save and the print


def test_the_background_is_remembered_and_can_be_taken_away(
    qtbot, session, services, clock, home, scan
):
    order = dispatched(services, clock)
    session.prefs.setValue(BACKGROUND_KEY, str(scan))
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, OVERLAY)
    assert images(dialog.pdf.data) == 1  # remembered from an earlier session on this PC
    click(qtbot, dialog.background.clear_button)
    assert images(dialog.pdf.data) == 0
    assert session.prefs.value(BACKGROUND_KEY) is None
    assert not dialog.background.clear_button.isEnabled()


def test_a_file_that_is_not_an_image_is_refused(qtbot, session, services, clock, home, tmp_path):
    order = dispatched(services, clock)
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, OVERLAY)
    bad = tmp_path / "form.png"
    bad.write_text("not an image", encoding="utf-8")
    dialog.background.ask_file = lambda: str(bad)
    click(qtbot, dialog.background.choose_button)
    assert any("不是可用的图片" in text for text in message_texts(dialog.background))
    assert session.prefs.value(BACKGROUND_KEY) is None and images(dialog.pdf.data) == 0


def test_a_broken_layout_file_is_shown_and_nothing_printed(qtbot, session, services, clock, home):
    order = dispatched(services, clock)
    path = services.printing.write_default_layout()
    path.write_text("{ broken", encoding="utf-8")
    dialog = SlipPreviewDialog(session, order.id)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, OVERLAY)
    assert str(path) in dialog.info.text() and "不是有效的 JSON" in dialog.info.text()
    assert any(str(path) in text for text in message_texts(dialog))
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert services.printing.history(order.id) == []
