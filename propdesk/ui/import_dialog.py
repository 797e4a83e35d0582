"""Excel import from 基础资料, with a preview: choose the file, 检查 shows what would be
imported (or every bad row with its row number, column and reason), 导入 writes it — only
once the check found nothing wrong. The same for the 房屋台账 and for past orders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm

from .messages import show_error, show_message
from .screen_fit import resize_to_fit
from .session import Session

if TYPE_CHECKING:  # the importer reads workbooks with openpyxl: imported with the dialog
    from propdesk.services.importer import ImportResult, OrderPlan, UnitPlan

FOLDER_KEY = "import/folder"
#: Preview rows shown (the import itself takes every row).
PREVIEW_ROWS = 500
UNITS, ORDERS = "units", "orders"
TITLES = {UNITS: "从Excel导入房屋台账", ORDERS: "从Excel导入历史工单"}
HINTS = {
    UNITS: "按列名识别（顺序不限，多余的列忽略）：楼栋、单元、房号（或 3-2-1502 形式的完整房号）、"
    "业主姓名、联系电话、备用电话、备注。已有的房号会更新，空白单元格保留原值。",
    ORDERS: "按列名识别：受理时间、报修人、联系电话、房号或公区位置、类别、问题描述为必填；"
    "编号、类型、来源、紧急程度、预约/派工/到达/完成/回单/回访时间、维修人员、维修结果、费用、"
    "收费状态、评价等可选。工单状态按各时间推定；本程序导出的“明细”可直接导入。",
}


class ImportDialog(QDialog):
    def __init__(self, session: Session, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        from propdesk.services.importer import ImportService

        self.importer = ImportService(session.services.ctx)
        self.plan: UnitPlan | OrderPlan | None = None
        self.result: ImportResult | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(TITLES[kind])
        resize_to_fit(self, 900, 560)
        layout = QVBoxLayout(self)
        hint = QLabel(HINTS[kind], self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)

        row = QHBoxLayout()
        row.addWidget(QLabel("Excel文件", self))
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText("选择 .xlsx 文件")
        row.addWidget(self.path, 1)
        browse = QPushButton("选择文件…", self)
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        self.check_button = QPushButton("检查", self)
        self.check_button.setObjectName("importCheck")
        self.check_button.clicked.connect(self.check)
        row.addWidget(self.check_button)
        layout.addLayout(row)

        self.create_missing = QCheckBox("自动新建系统中没有的维修人员、类别和房号", self)
        self.create_missing.setObjectName("createMissing")
        self.create_missing.setVisible(kind == ORDERS)
        self.create_missing.toggled.connect(lambda _on: self._forget())
        layout.addWidget(self.create_missing)

        self.summary = QLabel("请选择文件后点“检查”。", self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(self)
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a6d00;")
        layout.addWidget(self.warnings)

        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importRun")
        self.import_button.setEnabled(False)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.path.textChanged.connect(lambda _t: self._forget())
        self.message: QMessageBox | None = None

    # --- choosing and checking --------------------------------------------------------
    def _folder(self) -> str:
        saved = self.session.prefs.value(FOLDER_KEY)
        if isinstance(saved, str) and Path(saved).is_dir():
            return saved
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs or str(Path.home())

    def browse(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(
            self, TITLES[self.kind], self._folder(), "Excel 工作簿 (*.xlsx)"
        )
        if chosen:
            self.path.setText(chosen)
            self.check()

    def _forget(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)

    def _file(self) -> Path | None:
        text = self.path.text().strip()
        if not text or not Path(text).is_file():
            self.summary.setText("请先选择存在的 .xlsx 文件。")
            return None
        return Path(text)

    def check(self) -> None:
        """检查: read and validate the file; show the preview or every problem."""
        from propdesk.services.importer import ImportRejected

        self._forget()
        path = self._file()
        if path is None:
            return
        self.session.prefs.setValue(FOLDER_KEY, str(path.parent))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.kind == UNITS:
                plan: UnitPlan | OrderPlan = self.importer.plan_units(path, self.session.user)
            else:
                plan = self.importer.plan_orders(
                    path, self.session.user, self.create_missing.isChecked()
                )
        except ImportRejected as exc:
            self._show_problems(exc.problems, exc.message.splitlines()[0])
            return
        except UserError as exc:
            self.summary.setText(exc.message)
            self._fill([], [])
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.plan = plan
        where = f"工作表“{plan.sheet}”，第{plan.header_row}行为表头"
        ignored = f"；未使用的列：{'、'.join(plan.ignored)}" if plan.ignored else ""
        if plan.problems:
            self._show_problems(
                plan.problems,
                f"{where}。发现 {len(plan.problems)} 处错误，"
                "请在Excel中改正后重新检查（不会导入任何数据）。",
            )
        else:
            self.summary.setText(f"{where}{ignored}。检查通过：{plan.summary()}")
            self.summary.setStyleSheet("")
            self._preview(plan)
            self.import_button.setEnabled(self.session.can(Perm.MANAGE_BASE_DATA))
        shown = [w.text() for w in plan.warnings[:5]]
        more = f"（另有 {len(plan.warnings) - 5} 条）" if len(plan.warnings) > 5 else ""
        self.warnings.setText("提醒：" + "；".join(shown) + more if shown else "")

    def _show_problems(self, problems: tuple, text: str) -> None:  # type: ignore[type-arg]
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #c62828; font-weight: bold;")
        self._fill(["行", "列", "原因"], [(str(p.row), p.column, p.message) for p in problems])

    def _preview(self, plan: UnitPlan | OrderPlan) -> None:
        from propdesk.services.importer import UnitPlan

        if isinstance(plan, UnitPlan):
            rows = [
                (
                    str(u.row),
                    u.code,
                    u.owner_name,
                    u.phone,
                    u.phone2,
                    "新增" if u.existing_id is None else ("更新" if u.changes else "无变化"),
                )
                for u in plan.lines[:PREVIEW_ROWS]
            ]
            self._fill(["行", "房号", "业主姓名", "联系电话", "备用电话", "导入后"], rows)
            return
        rows = [
            (
                str(d.row),
                d.number or "（自动编号）",
                f"{d.received_at:%Y-%m-%d %H:%M}",
                d.kind.label,
                d.unit_code or d.location,
                d.caller,
                d.category.path if d.category else d.category_text,
                d.status.label,
            )
            for d in plan.drafts[:PREVIEW_ROWS]
        ]
        self._fill(
            ["行", "编号", "受理时间", "类型", "房号/位置", "报修人", "类别", "导入后状态"], rows
        )

    def _fill(self, headers: list[str], rows: list[tuple[str, ...]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    # --- importing --------------------------------------------------------------------
    def run_import(self) -> ImportResult | None:
        """导入: write what the check showed (checked again inside the transaction)."""
        from propdesk.services.importer import ImportRejected

        path = self._file()
        if path is None or self.plan is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.kind == UNITS:
                result = self.importer.import_units(path, self.session.user)
            else:
                result = self.importer.import_orders(
                    path, self.session.user, self.create_missing.isChecked()
                )
        except ImportRejected as exc:
            self._forget()
            self._show_problems(exc.problems, exc.message.splitlines()[0])
            return None
        except UserError as exc:
            self.message = show_error(self, exc)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.result = result
        self.session.broadcast(result.changes)
        what = "房屋台账" if self.kind == UNITS else "工单"
        self.message = show_message(
            self.parentWidget(),
            f"已导入{what}：{result.summary}",
            TITLES[self.kind],
            QMessageBox.Icon.Information,
        )
        self.accept()
        return result


def open_import_dialog(session: Session, kind: str, parent: QWidget) -> ImportDialog | None:
    """Open the import dialog without blocking (基础资料's buttons call this)."""
    if not session.can(Perm.MANAGE_BASE_DATA):
        show_message(parent, f"“{session.user.role.label}”无权{Perm.MANAGE_BASE_DATA.label}。")
        return None
    dialog = ImportDialog(session, kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def import_buttons(session: Session, parent: QWidget) -> QWidget:
    """导入房屋台账… / 导入历史工单…, for the corner of the 基础资料 tabs."""
    box = QWidget(parent)
    box.setObjectName("importButtons")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 4, 0)
    allowed = session.can(Perm.MANAGE_BASE_DATA)
    for kind, text, name in (
        (UNITS, "导入房屋台账…", "importUnits"),
        (ORDERS, "导入历史工单…", "importOrders"),
    ):
        button = QPushButton(text, box)
        button.setObjectName(name)
        button.setEnabled(allowed)
        if not allowed:
            button.setToolTip(f"“{session.user.role.label}”无权{Perm.MANAGE_BASE_DATA.label}")
        button.clicked.connect(lambda _c=False, k=kind: open_import_dialog(session, k, parent))
        row.addWidget(button)
    return box
