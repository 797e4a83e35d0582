"""备份与恢复 (经理、管理员): the list of backups, 立即备份, and restoring one (the current data
is backed up first). ``DamagedStartDialog`` offers the same restore when the database could
not be opened at start because it is damaged."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.retention import BackupInfo
from propdesk.services.backup import (
    POSTGRES_NOTE,
    RestoreReport,
    list_backups,
    restore_closed,
)

from .messages import show_error, show_message
from .models.record_model import Column, RecordTableModel
from .session import Session
from .widgets.record_view import RecordView


def size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1e3))} KB"


BACKUP_COLUMNS: list[Column[BackupInfo]] = [
    Column(
        "备份时间", lambda b: b.taken_at, lambda b: f"{b.taken_at:%Y-%m-%d %H:%M:%S}", width=150
    ),
    Column("类型", lambda b: b.kind.label, width=110),
    Column("大小", lambda b: b.size, lambda b: size_text(b.size), right=True, width=80),
    Column("文件", lambda b: b.name, width=300),
]

BANNER_STYLE = "background: #fde2e2; color: #8b0000; border: 1px solid #d9534f; padding: 6px;"


class BackupList(QWidget):
    """The backups table with its model; ``chosen()`` is the selected backup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model: RecordTableModel[BackupInfo] = RecordTableModel(BACKUP_COLUMNS, (), self)
        self.view = RecordView(self)
        self.view.setObjectName("backupView")
        self.view.setModel(self.model)
        layout.addWidget(self.view)

    def show_backups(self, backups: list[BackupInfo]) -> None:
        self.model.set_records(backups)
        if backups:
            self.view.selectRow(0)

    def chosen(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None


class BackupDialog(QDialog):
    #: emitted after a successful restore (argument: ``RestoreReport``)
    restored = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.backups = session.services.backups
        self.confirm_box: QMessageBox | None = None
        self.setObjectName("backupDialog")
        self.setWindowTitle("备份与恢复")
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("backupBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.where = QLabel(self)
        self.where.setObjectName("backupWhere")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        self.list = BackupList(self)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份", self)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选备份…", self)
        self.restore_button.setObjectName("restoreChosen")
        self.restore_button.clicked.connect(self.ask_restore_chosen)
        self.file_button = QPushButton("从其他备份文件恢复…", self)
        self.file_button.setObjectName("restoreFile")
        self.file_button.clicked.connect(self.ask_restore_file)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        for b in (self.backup_button, self.restore_button, self.file_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.refresh()

    def refresh(self) -> None:
        available = self.backups.available
        damage = self.backups.damage() if available else None
        self.banner.setVisible(damage is not None)
        if damage is not None:
            self.banner.setText(f"{damage}\n请在下面选择一个备份恢复。")
        if available:
            self.where.setText(
                f"自动备份：启动时、运行中每隔几小时（有改动时）和退出时。"
                f"保留最近48小时的全部备份，以及30天每天、12周每周、36个月每月各一份。\n"
                f"备份文件夹：{self.backups.folder()}"
            )
            self.list.show_backups(self.backups.backups())
        else:
            self.where.setText(POSTGRES_NOTE)
            self.list.show_backups([])
        self.backup_button.setEnabled(available and damage is None)
        self.restore_button.setEnabled(available and self.list.model.rowCount() > 0)
        self.file_button.setEnabled(available)

    def backup_now(self) -> BackupInfo | None:
        try:
            info = self.backups.backup_now(self.session.user)
        except UserError as exc:
            show_error(self, exc)
            return None
        self.refresh()
        show_message(
            self,
            f"已备份：{info.path}（{size_text(info.size)}，完整性检查通过）",
            "备份完成",
            QMessageBox.Icon.Information,
        )
        return info

    # --- restore ------------------------------------------------------------------------
    def ask_restore_chosen(self) -> None:
        chosen = self.list.chosen()
        if chosen is not None:
            self.ask_restore(Path(chosen.path))

    def ask_restore_file(self) -> None:
        folder = str(self.backups.folder()) if self.backups.available else ""
        name, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", folder, "数据库备份 (*.db);;所有文件 (*)"
        )
        if name:
            self.ask_restore(Path(name))

    def ask_restore(self, backup: Path) -> QMessageBox:
        """Ask first (without blocking); ``restore`` runs on 恢复."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "从备份恢复",
            f"用备份“{backup.name}”替换当前数据？\n\n"
            "当前数据会先另存为一份“恢复前备份”，恢复后仍可找回。",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("restoreConfirm")
        yes = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)

        def answered(_result: int) -> None:
            chosen = box.clickedButton() is yes
            box.deleteLater()
            self.confirm_box = None
            if chosen:
                self.restore(backup)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    def restore(self, backup: Path) -> RestoreReport | None:
        try:
            report = self.backups.restore(self.session.user, backup)
        except UserError as exc:
            show_error(self, exc)
            return None
        self.session.broadcast(report.changes)
        self.refresh()
        where = f"\n恢复前的数据已保存为：{report.safety_copy}" if report.safety_copy else ""
        show_message(
            self,
            f"已从备份恢复（备份时间 {report.restored.taken_at:%Y-%m-%d %H:%M:%S}）。{where}",
            "恢复完成",
            QMessageBox.Icon.Information,
        )
        self.restored.emit(report)
        return report


class DamagedStartDialog(QDialog):
    """At start: the database is damaged (or not a database). Choose a backup to restore,
    or quit. ``restored`` holds the backup and the kept damaged file once a restore went
    through (the program audits it after log-in)."""

    def __init__(self, database: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.restored: tuple[BackupInfo, str] | None = None  # (backup, where the old data went)
        self.setObjectName("damagedStart")
        self.setWindowTitle("数据库已损坏")
        layout = QVBoxLayout(self)
        banner = QLabel(
            f"{message}\n\n请选择一个备份恢复（损坏的文件会改名保留，不会删除）：", self
        )
        banner.setWordWrap(True)
        banner.setStyleSheet(BANNER_STYLE)
        layout.addWidget(banner)
        self.list = BackupList(self)
        layout.addWidget(self.list, 1)
        self.error = QLabel(self)
        self.error.setObjectName("damagedError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c00000;")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton("恢复所选备份并启动", self)
        self.restore_button.setObjectName("restoreAndStart")
        self.restore_button.clicked.connect(self.restore_chosen)
        quit_button = QPushButton("退出", self)
        quit_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(quit_button)
        layout.addLayout(buttons)
        self.resize(720, 420)
        backups = list_backups(database)
        self.list.show_backups(backups)
        self.restore_button.setEnabled(bool(backups))
        if not backups:
            self.error.setText(f"没有找到备份（{database.parent / 'backups'}）。请联系系统管理员。")

    def restore_chosen(self) -> bool:
        chosen = self.list.chosen()
        if chosen is None:
            return False
        try:
            self.restored = restore_closed(
                self.database, Path(chosen.path), datetime.now().replace(microsecond=0)
            )
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        self.accept()
        return True
