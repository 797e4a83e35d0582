"""The office's first start, right after the 管理员 password was set on a new database: where
the data and the backups live, and the offer to import the 房屋台账 from Excel now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .import_dialog import UNITS, ImportDialog
from .session import Session


@dataclass(frozen=True)
class DataPlaces:
    """Where this PC keeps the program's files (shown, and opened in the file manager)."""

    data_dir: Path
    database: str  # a file path, or a server (PostgreSQL) without its password
    backups_dir: Path | None  # None on PostgreSQL: the server's own backups
    logs_dir: Path


class FirstStartDialog(QDialog):
    """Shown once, over the main window, after the first log-in of a new office."""

    def __init__(self, session: Session, places: DataPlaces, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.places = places
        self.import_dialog: ImportDialog | None = None
        self.setObjectName("firstStartDialog")
        self.setWindowTitle("欢迎使用报事报修派工系统")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>管理员密码已设置，数据库已建好。</b><br>"
            "下面是本机保存数据的位置。请把备份文件夹定期复制到U盘或其他电脑；"
            "换电脑时，在新电脑上安装本程序后用“系统 → 备份与恢复”恢复最近的备份即可。",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._places_box())
        layout.addWidget(self._import_box())
        buttons = QDialogButtonBox(self)
        self.done_button = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setObjectName("firstStartDone")
        self.done_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.import_button.setFocus()  # the one step a new office has to take

    # --- where the data lives -------------------------------------------------------------
    def _places_box(self) -> QGroupBox:
        box = QGroupBox("数据保存在哪里", self)
        form = QFormLayout(box)
        self.open_buttons: dict[str, QPushButton] = {}
        backups = self.places.backups_dir
        form.addRow("数据文件夹", self._path_row("dataDir", str(self.places.data_dir), True))
        form.addRow("数据库", self._path_row("database", self.places.database, False))
        if backups is not None:
            form.addRow("备份文件夹", self._path_row("backupsDir", str(backups), True))
            note = "启动时、使用中每3小时（有改动时）和退出时自动备份，旧备份按日、周、月保留。"
        else:
            note = "数据库在服务器上，由服务器备份（pg_dump），本机不保存备份。"
        hint = QLabel(note, box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        form.addRow("错误日志", self._path_row("logsDir", str(self.places.logs_dir), False))
        return box

    def _path_row(self, name: str, text: str, openable: bool) -> QWidget:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text, row)
        label.setObjectName(f"{name}Label")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        line.addWidget(label, 1)
        if openable:
            button = QPushButton("打开", row)
            button.setObjectName(f"{name}Open")
            button.setToolTip("在文件管理器中打开这个文件夹")
            button.clicked.connect(lambda _c=False, p=text: self.open_folder(Path(p)))
            self.open_buttons[name] = button
            line.addWidget(button)
        return row

    def open_folder(self, folder: Path) -> bool:
        """Show ``folder`` in the system's file manager (made first if it is not there yet)."""
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- the 房屋台账 -------------------------------------------------------------------
    def _import_box(self) -> QGroupBox:
        box = QGroupBox("第一步：导入房屋台账", self)
        column = QVBoxLayout(box)
        text = QLabel(
            "从Excel导入楼栋、单元、房号、业主姓名和联系电话，接报时输入房号即可带出业主。"
            "也可以稍后在“基础资料 → 导入房屋台账…”中导入。",
            box,
        )
        text.setWordWrap(True)
        column.addWidget(text)
        row = QHBoxLayout()
        self.import_button = QPushButton("从Excel导入房屋台账…", box)
        self.import_button.setObjectName("firstStartImport")
        self.import_button.clicked.connect(self.open_import)
        row.addWidget(self.import_button)
        self.import_status = QLabel(box)
        self.import_status.setObjectName("firstStartImportStatus")
        self.import_status.setWordWrap(True)
        row.addWidget(self.import_status, 1)
        column.addLayout(row)
        return box

    def open_import(self) -> ImportDialog:
        """The 基础资料 import dialog, over this one; its result is shown here."""
        dialog = ImportDialog(self.session, UNITS, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._imported(dialog))
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _imported(self, dialog: ImportDialog) -> None:
        if dialog.result is None:
            return
        self.import_status.setText(f"已导入：{dialog.result.summary}")
        self.import_button.setText("再导入一个文件…")


def open_first_start(session: Session, places: DataPlaces, parent: QWidget) -> FirstStartDialog:
    """Open the dialog over the main window without blocking."""
    dialog = FirstStartDialog(session, places, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
