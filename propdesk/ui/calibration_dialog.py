"""打印机校准: this PC's correction for one printer and paper (横向/纵向偏移 in mm, 缩放 in %),
with a calibration page printed through the same print job as the slips, the typed values
applied, so the clerk measures, corrects and checks again."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError

from .calibration import Calibration, load_calibration, parse_calibration, save_calibration
from .messages import show_error, show_message
from .pdf_output import PdfBytes
from .print_job import PrintReport, send_pdf, system_printer
from .session import Session


class CalibrationDialog(QDialog):
    def __init__(
        self,
        session: Session,
        printer: str | None = None,
        paper: PaperMode | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("calibrationDialog")
        self.setWindowTitle("打印机校准")
        self.last_report: PrintReport | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("calibrationPrinter")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer_combo.addItem(name, name)
        form.addRow("打印机", self.printer_combo)
        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("calibrationPaper")
        for mode in PaperMode:
            self.paper_combo.addItem(mode.label, mode.value)
        form.addRow("纸张", self.paper_combo)
        self.dx_edit = QLineEdit(self)
        self.dx_edit.setObjectName("calibrationDx")
        self.dy_edit = QLineEdit(self)
        self.dy_edit.setObjectName("calibrationDy")
        self.scale_edit = QLineEdit(self)
        self.scale_edit.setObjectName("calibrationScale")
        form.addRow("横向偏移（毫米，正数向右）", self.dx_edit)
        form.addRow("纵向偏移（毫米，正数向下）", self.dy_edit)
        form.addRow("缩放（%）", self.scale_edit)
        hint = QLabel(
            "先打印校准页，用直尺量出十字的位置，按校准页上的说明填写后保存。"
            "本机每台打印机、每种纸张分别保存，打印派工单时自动套用。",
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        self.print_button = QPushButton("打印校准页", self)
        self.print_button.setObjectName("calibrationPrint")
        self.save_button = QPushButton("保存", self)
        self.save_button.setObjectName("calibrationSave")
        self.save_button.setDefault(True)
        close = QPushButton("关闭", self)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_page)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        if printer is not None:
            self.printer_combo.setCurrentIndex(max(self.printer_combo.findData(printer), 0))
        if paper is not None:
            self.paper_combo.setCurrentIndex(self.paper_combo.findData(paper.value))
        self.printer_combo.currentIndexChanged.connect(self.load)
        self.paper_combo.currentIndexChanged.connect(self.load)
        enabled = self.printer_combo.count() > 0
        self.print_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)
        self.load()

    def printer(self) -> str | None:
        data = self.printer_combo.currentData()
        return str(data) if data else None

    def paper(self) -> PaperMode:
        return PaperMode(self.paper_combo.currentData())

    def load(self) -> None:
        """Show the saved correction of the chosen printer and paper."""
        name = self.printer()
        saved = load_calibration(self.session.prefs, name, self.paper()) if name else Calibration()
        self.dx_edit.setText(f"{saved.dx_mm:g}")
        self.dy_edit.setText(f"{saved.dy_mm:g}")
        self.scale_edit.setText(f"{saved.scale * 100:g}")

    def typed(self) -> Calibration:
        return parse_calibration(self.dx_edit.text(), self.dy_edit.text(), self.scale_edit.text())

    def save(self) -> bool:
        name = self.printer()
        if name is None:
            return False
        try:
            calibration = self.typed()
        except UserError as exc:
            show_error(self, exc)
            return False
        save_calibration(self.session.prefs, name, self.paper(), calibration)
        show_message(self, f"已保存“{name}”{self.paper().label}的校准：{calibration.describe()}")
        return True

    def print_page(self) -> bool:
        """Print the calibration page with the values as typed (saved or not)."""
        name = self.printer()
        if name is None:
            return False
        try:
            calibration = self.typed()
            printer = system_printer(name)
            note = f"本页已套用：{calibration.describe()}"
            data = self.session.services.printing.calibration_page(self.paper(), name, note)
            page = PdfBytes(self)
            page.load(data)
            self.last_report = send_pdf(printer, page, "打印机校准页", lambda: data, calibration)
        except UserError as exc:
            show_error(self, exc)
            return False
        return True
