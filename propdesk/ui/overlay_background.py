"""套打底图: a scanned blank form the clerk chooses, shown under the values in the slip
preview so they can see where the values land on the office's pre-printed form. It is never
printed nor saved (only the preview is drawn with it) and is remembered on this PC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from .messages import show_message

BACKGROUND_KEY = "print/overlay_background"
IMAGE_FILTER = "扫描图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"


class BackgroundChooser(QWidget):
    """选择底图… / 不显示底图, with the chosen file's name."""

    changed = Signal()

    def __init__(self, prefs: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        #: Asks for an image file ("" when cancelled); replaceable, e.g. in tests.
        self.ask_file = self._ask_file
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setObjectName("overlayBackgroundLabel")
        self.choose_button = QPushButton("选择底图…", self)
        self.choose_button.setObjectName("overlayBackgroundButton")
        self.choose_button.setToolTip("扫描一张空白的预印派工单，预览时垫在内容下面（不会打印）")
        self.clear_button = QPushButton("不显示底图", self)
        self.clear_button.setObjectName("overlayBackgroundClear")
        row.addWidget(QLabel("套打底图", self))
        row.addWidget(self.label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.choose_button.clicked.connect(self.choose)
        self.clear_button.clicked.connect(self.clear)
        self._show()

    def stored(self) -> str:
        return str(self.prefs.value(BACKGROUND_KEY, "") or "")

    def path(self) -> Path | None:
        """The remembered scan, when it is still there."""
        stored = self.stored()
        return Path(stored) if stored and Path(stored).is_file() else None

    def _ask_file(self) -> str:
        folder = str(Path(self.stored()).parent) if self.stored() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "选择扫描的空白派工单", folder, IMAGE_FILTER)
        return path

    def choose(self) -> None:
        chosen = self.ask_file()
        if not chosen:
            return
        reader = QImageReader(chosen)
        if not reader.canRead():
            show_message(self, f"“{chosen}”不是可用的图片（可用 PNG、JPG、BMP、TIFF）。")
            return
        self.prefs.setValue(BACKGROUND_KEY, chosen)
        self._show()
        self.changed.emit()

    def clear(self) -> None:
        self.prefs.remove(BACKGROUND_KEY)
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        stored = self.stored()
        if not stored:
            self.label.setText("（无）")
        elif self.path() is None:
            self.label.setText(f"（找不到 {stored}）")
        else:
            self.label.setText(Path(stored).name)
        self.clear_button.setEnabled(bool(stored))
