"""打印预览: the real PDF in a QtPdf view, with printer, paper and copies, and 打印 /
另存为PDF / 用系统查看器打开.

``PdfPreviewDialog`` is the common window; a subclass says what to render (``render``), what
to hand out when the clerk prints, saves or opens the file (``output``: for slips, a logged
print, 补打 from the second on) and what options it offers. ``SlipPreviewDialog`` prints one
order's dispatch slip. Paper and copies re-render the preview at once.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError
from propdesk.services.printing import SlipPdf

from .calibration import Calibration, load_calibration
from .messages import show_error, show_message
from .overlay_background import BackgroundChooser
from .pdf_output import PdfBytes
from .print_job import NOT_READY, PrinterNotReady, PrintReport, send_pdf
from .screen_fit import resize_to_fit
from .session import Session

NO_PRINTER = "（本机没有可用的打印机）"
NO_PRINTER_TIP = "本机没有可用的打印机：可“另存为PDF”或“用系统查看器打开”后再打印。"
ZOOMS = (("适合宽度", QPdfView.ZoomMode.FitToWidth), ("整页", QPdfView.ZoomMode.FitInView))


#: Separator between the parts of the line above the preview (rich text).
SEP = "&nbsp;&nbsp;·&nbsp;&nbsp;"


def warning(text: str) -> str:
    """A second, red line under the description."""
    return f"<br><span style='color:#b03a2e'>{html.escape(text)}</span>"


def paper_key(printer: str) -> str:
    """Where this PC remembers the paper last printed on ``printer``."""
    return f"print/paper/{quote(printer, safe='')}"


def viewer_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "propdesk-print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class PdfPreviewDialog(QDialog):
    """A PDF preview with its print, save and open buttons (subclasses render the PDF)."""

    #: Show paper and copies choices (slips); the handover sheet has its own fixed paper.
    paper_choice = True

    def __init__(self, session: Session, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("printPreview")
        self.setWindowTitle(title)
        self.pdf = PdfBytes(self)
        #: How the system viewer is asked to open a file (replaceable, e.g. in tests).
        self.open_url = QDesktopServices.openUrl
        self.last_file: Path | None = None
        self.last_report: PrintReport | None = None

        layout = QVBoxLayout(self)
        self.options_row = QHBoxLayout()
        layout.addLayout(self.options_row)
        self.options_row.addWidget(QLabel("打印机", self))
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("printerCombo")
        self.printer_combo.setMinimumContentsLength(18)
        self.options_row.addWidget(self.printer_combo, 1)
        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("paperCombo")
        self.copies_combo = QComboBox(self)
        self.copies_combo.setObjectName("copiesCombo")
        if self.paper_choice:
            self.options_row.addWidget(QLabel("纸张", self))
            self.options_row.addWidget(self.paper_combo)
            self.options_row.addWidget(QLabel("联数", self))
            self.options_row.addWidget(self.copies_combo)
        else:
            self.paper_combo.hide()
            self.copies_combo.hide()
        self.extra_row = QHBoxLayout()
        layout.addLayout(self.extra_row)

        self.info = QLabel(self)
        self.info.setObjectName("printInfo")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        layout.addWidget(self.info)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.pdf.document)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.zoom_combo = QComboBox(self)
        for label, _mode in ZOOMS:
            self.zoom_combo.addItem(label)
        self.zoom_combo.currentIndexChanged.connect(lambda i: self.view.setZoomMode(ZOOMS[i][1]))
        buttons.addWidget(self.zoom_combo)
        self.open_button = QPushButton("用系统查看器打开", self)
        self.save_button = QPushButton("另存为PDF…", self)
        self.print_button = QPushButton("打印", self)
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.close_button = QPushButton("关闭", self)
        self.calibrate_button = QPushButton("打印机校准…", self)
        self.calibrate_button.setObjectName("calibrateButton")
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.calibrate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.open_button.clicked.connect(self.open_in_viewer)
        self.save_button.clicked.connect(self._ask_save)
        self.print_button.clicked.connect(self._print_clicked)
        self.close_button.clicked.connect(self.reject)
        self.calibrate_button.clicked.connect(self.open_calibration)
        self._fill_printers()
        self._restore_geometry()

    # --- what subclasses provide ------------------------------------------------------
    def render(self) -> bytes:
        """The PDF to preview (nothing logged)."""
        raise NotImplementedError

    def output(self) -> bytes:
        """The PDF handed out when printing, saving or opening it (slips log a print)."""
        raise NotImplementedError

    def file_name(self) -> str:
        """Suggested file name, with ``.pdf``."""
        raise NotImplementedError

    def describe(self) -> str:
        """The line above the preview (pages, paper, 补打 …), as rich text."""
        return f"共 {self.pdf.page_count()} 页"

    # --- paper and copies -------------------------------------------------------------
    def fill_paper(self, paper: PaperMode, copies: int) -> None:
        """Offer every paper mode and the copy counts the office settings allow; the paper
        last printed on the chosen printer from this PC comes first, else ``paper``."""
        paper = self.remembered_paper() or paper
        self.paper_combo.blockSignals(True)
        self.copies_combo.blockSignals(True)
        for mode in PaperMode:
            self.paper_combo.addItem(mode.label, mode.value)
        self.paper_combo.setCurrentIndex(list(PaperMode).index(paper))
        settings = self.session.settings()
        for n in range(len(settings.copy_labels), 0, -1):
            try:
                self.session.services.printing.options(PaperMode.A4, n, settings)
            except UserError:
                continue
            self.copies_combo.addItem(f"{n} 联", n)
        index = self.copies_combo.findData(copies)
        self.copies_combo.setCurrentIndex(max(index, 0))
        self.paper_combo.blockSignals(False)
        self.copies_combo.blockSignals(False)
        self.paper_combo.currentIndexChanged.connect(self.refresh)
        self.copies_combo.currentIndexChanged.connect(self.refresh)
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)
        self._paper_changed()

    def remembered_paper(self) -> PaperMode | None:
        """The paper this PC last printed on the chosen printer."""
        name = self.printer_name()
        value = str(self.session.prefs.value(paper_key(name), "")) if name else ""
        return PaperMode(value) if value in {m.value for m in PaperMode} else None

    def _printer_changed(self) -> None:
        paper = self.remembered_paper()
        index = self.paper_combo.findData(paper.value) if paper else -1
        if index >= 0 and index != self.paper_combo.currentIndex():
            self.paper_combo.setCurrentIndex(index)  # renders again
        else:
            self.info.setText(self.describe())

    def paper(self) -> PaperMode | None:
        data = self.paper_combo.currentData()
        return PaperMode(data) if data else None

    def copies(self) -> int | None:
        paper = self.paper()
        if paper is not None and paper.is_continuous:
            return None
        data = self.copies_combo.currentData()
        return int(data) if data is not None else None

    def _paper_changed(self) -> None:
        paper = self.paper()
        continuous = paper is not None and paper.is_continuous
        self.copies_combo.setEnabled(not continuous)
        self.copies_combo.setToolTip(
            "连续多联纸只打印一次，联数由纸张层数决定" if continuous else ""
        )

    # --- preview ----------------------------------------------------------------------
    def refresh(self) -> bool:
        """Render again with the current choices; ``False`` (and a message) on refusal."""
        self._paper_changed()
        try:
            data = self.render()
        except UserError as exc:
            self.pdf.clear()
            self._enable_outputs()
            self.refused(exc)
            return False
        self.pdf.load(data)
        self.info.setText(self.describe())
        self._enable_outputs()
        return True

    def refused(self, exc: UserError) -> None:
        """The service refused to render: say why (here, and in a message box)."""
        self.info.setText(html.escape(exc.message))
        show_error(self, exc)

    def _enable_outputs(self) -> None:
        ready = self.pdf.ready()
        self.save_button.setEnabled(ready)
        self.open_button.setEnabled(ready)
        self.print_button.setEnabled(ready and self.printer_name() is not None)

    # --- printers ---------------------------------------------------------------------
    def _fill_printers(self) -> None:
        names = QPrinterInfo.availablePrinterNames()
        if not names:
            self.printer_combo.addItem(NO_PRINTER)
            self.printer_combo.setEnabled(False)
            self.print_button.setToolTip(NO_PRINTER_TIP)
            return
        for name in names:
            self.printer_combo.addItem(name, name)
        remembered = str(self.session.prefs.value("print/printer", ""))
        preferred = remembered if remembered in names else QPrinterInfo.defaultPrinterName()
        index = self.printer_combo.findData(preferred)
        self.printer_combo.setCurrentIndex(max(index, 0))

    def printer_name(self) -> str | None:
        data = self.printer_combo.currentData()
        return str(data) if data else None

    def _print_clicked(self) -> None:
        name = self.printer_name()
        if name is None:
            show_message(self, NO_PRINTER_TIP)
            return
        printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
        if self.print_to(printer):
            self.session.prefs.setValue("print/printer", name)
            paper = self.paper()
            if paper is not None and self.paper_choice:
                self.session.prefs.setValue(paper_key(name), paper.value)
            self.accept()

    def calibration(self) -> Calibration | None:
        """This PC's calibration of the chosen printer for the chosen paper."""
        name, paper = self.printer_name(), self.paper()
        if name is None or paper is None:
            return None
        return load_calibration(self.session.prefs, name, paper)

    def open_calibration(self) -> QDialog:
        """打印机校准 for the chosen printer and paper (modal: the next print uses it)."""
        from .calibration_dialog import CalibrationDialog

        dialog = CalibrationDialog(self.session, self.printer_name(), self.paper(), self)
        dialog.finished.connect(lambda _result: self.info.setText(self.describe()))
        dialog.open()
        return dialog

    def print_to(self, printer: QPrinter) -> bool:
        """Print through ``printer`` (paper and margins set from the PDF, this PC's
        calibration applied); ``True`` when the pages went out. The printer is opened before
        anything is logged, so a printer that cannot start leaves no print in the log."""
        if not self.pdf.ready():
            return False
        try:
            self.last_report = send_pdf(
                printer, self.pdf, self.windowTitle(), self.output, self.calibration()
            )
        except PrinterNotReady:
            show_message(self, NOT_READY)
            return False
        except UserError as exc:
            show_error(self, exc)
            return False
        self.after_output()
        return True

    # --- files ------------------------------------------------------------------------
    def _ask_save(self) -> None:
        folder = str(self.session.prefs.value("print/folder", str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(
            self, "另存为PDF", str(Path(folder) / self.file_name()), "PDF 文件 (*.pdf)"
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the output PDF to ``path``."""
        try:
            data = self.output()
        except UserError as exc:
            show_error(self, exc)
            return False
        try:
            path.write_bytes(data)
        except OSError as exc:
            show_message(self, f"无法保存到 {path}：{exc.strerror or exc}")
            return False
        self.session.prefs.setValue("print/folder", str(path.parent))
        self.last_file = path
        self.after_output()
        self.info.setText(f"已保存：{html.escape(str(path))}<br>" + self.info.text())
        return True

    def open_in_viewer(self) -> bool:
        """Write the output PDF to a temporary file and open it in the system's PDF viewer
        (a fallback when printing from here does not work)."""
        path = viewer_folder() / self.file_name()
        try:
            data = self.output()
            path.write_bytes(data)
        except UserError as exc:
            show_error(self, exc)
            return False
        except OSError as exc:
            show_message(self, f"无法写入临时文件 {path}：{exc.strerror or exc}")
            return False
        self.last_file = path
        self.after_output()
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            show_message(self, f"没有找到可打开 PDF 的程序。文件已保存在：\n{path}")
            return False
        return True

    def after_output(self) -> None:
        """After a print, save or open: render again (a slip now previews as 补打)."""
        self.refresh()

    # --- geometry ---------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.session.prefs.value("print/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            resize_to_fit(self, 960, 760)

    def done(self, result: int) -> None:
        """Closing in any way (打印, 关闭, Esc, the title bar) remembers the size."""
        self.session.prefs.setValue("print/geometry", self.saveGeometry())
        super().done(result)


class SlipPreviewDialog(PdfPreviewDialog):
    """打印派工单: one order's slip; each print, save or open is logged, 补打 from the second."""

    def __init__(self, session: Session, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, "打印派工单", parent)
        self.order_id = order_id
        self.slip: SlipPdf | None = None
        self.background = BackgroundChooser(session.prefs, self)
        self.background.setObjectName("overlayBackground")
        self.extra_row.addWidget(self.background, 1)
        self.background.changed.connect(self.refresh)
        settings = session.settings()
        self.fill_paper(settings.paper_mode, settings.copy_count)
        self.refresh()

    def _paper_changed(self) -> None:
        super()._paper_changed()
        paper = self.paper()
        self.background.setVisible(paper is not None and paper.is_overlay)

    def shown_background(self) -> Path | None:
        """The scan drawn under a 套打 preview (never under a print or a saved file)."""
        paper = self.paper()
        return self.background.path() if paper is not None and paper.is_overlay else None

    def render(self) -> bytes:
        self.slip = self.session.services.printing.preview_slip(
            self.order_id,
            self.session.user,
            paper=self.paper(),
            copies=self.copies(),
            background=self.shown_background(),
        )
        self.setWindowTitle(f"打印派工单 {self.slip.order.number}")
        return self.slip.pdf

    def output(self) -> bytes:
        printed = self.session.services.printing.print_slip(
            self.order_id, self.session.user, paper=self.paper(), copies=self.copies()
        )
        return printed.pdf

    def file_name(self) -> str:
        number = self.slip.order.number if self.slip else str(self.order_id)
        return f"派工单-{number}.pdf"

    def describe(self) -> str:
        slip = self.slip
        if slip is None:
            return super().describe()
        opts = slip.options
        copies = f"{opts.copies} 联（多联纸一次打印）" if opts.continuous else f"{opts.copies} 联"
        parts = [slip.order.number, opts.paper.label, copies, f"共 {slip.pages} 页"]
        calibration = self.calibration()
        if calibration is not None and not calibration.is_identity:
            parts.append(f"本机校准：{calibration.describe()}")
        text = SEP.join(html.escape(part) for part in parts)
        if opts.paper.is_overlay:
            layout = f"套打布局：{self.session.services.printing.layout_path()}"
            if self.shown_background() is not None:
                layout += "　（底图只在预览中显示，不会打印）"
            text += "<br>" + html.escape(layout)
        if not slip.reprint:
            return text
        last = slip.order.last_dispatch
        earlier = [
            p
            for p in self.session.services.printing.history(self.order_id)
            if p.dispatch_id == (last.id if last else None)
        ]
        seen = "、".join(f"{p.printed_at:%m-%d %H:%M} {p.user_name}" for p in earlier[-3:])
        return text + warning(
            f"此派工单已打印 {len(earlier)} 次（{seen}），"
            f"本次为补打，单上标注“补打 {slip.at:%Y-%m-%d}”。"
        )
