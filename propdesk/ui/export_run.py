"""Running an Excel export from the window: the save dialog opens in the folder used last
(remembered per PC in QSettings), a progress dialog with 取消 shows while the workbook is
written, and the result or the error is shown without blocking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from propdesk.domain.errors import UserError

from .messages import show_error, show_message
from .session import Session

if TYPE_CHECKING:  # the statistics service loads openpyxl: imported when an export runs
    from propdesk.services.statistics import ExportProgress, ExportResult

FOLDER_KEY = "export/folder"

#: Runs an export to a path with a progress callback.
Export = Callable[[Path, "ExportProgress"], "ExportResult"]


def export_folder(session: Session) -> Path:
    """The folder of the last export, else the user's documents folder."""
    saved = session.prefs.value(FOLDER_KEY)
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def ask_save_path(session: Session, parent: QWidget, title: str, file_name: str) -> Path | None:
    """The save-as dialog in the remembered folder; ``None`` when the clerk cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(export_folder(session) / file_name), "Excel 工作簿 (*.xlsx)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


class ExportRunner:
    """One export with its progress dialog. ``run(path)`` writes the file and returns the
    result (``None`` when cancelled or refused, with the reason shown)."""

    def __init__(self, session: Session, parent: QWidget, label: str, export: Export) -> None:
        self.session = session
        self.parent = parent
        self.label = label
        self.export = export
        self.dialog: QProgressDialog | None = None
        self.message: QMessageBox | None = None

    def _progress(self, done: int, total: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        if dialog.maximum() != max(total, 1):
            dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        QApplication.processEvents()
        if dialog.wasCanceled():
            from propdesk.services.statistics import ExportCancelled

            raise ExportCancelled()

    def run(self, path: Path) -> ExportResult | None:
        from propdesk.services.statistics import ExportCancelled

        dialog = QProgressDialog(self.label, "取消", 0, 100, self.parent)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle("导出Excel")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.dialog = dialog
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.export(path, self._progress)
        except ExportCancelled:
            self.message = show_message(
                self.parent, "已取消导出，未保存文件。", "导出Excel", QMessageBox.Icon.Information
            )
            return None
        except UserError as exc:
            self.message = show_error(self.parent, exc)
            return None
        finally:
            QApplication.restoreOverrideCursor()
            dialog.close()
            dialog.deleteLater()
            self.dialog = None
        self.session.prefs.setValue(FOLDER_KEY, str(path.parent))
        self.message = show_message(
            self.parent,
            f"已导出 {result.orders} 条工单，用时 {result.seconds:.1f} 秒。\n文件：{path}",
            "导出Excel",
            QMessageBox.Icon.Information,
        )
        return result
