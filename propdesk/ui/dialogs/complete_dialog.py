"""完工: what was done, the labour fee and material lines (picked from the fee schedule or
typed), with the total shown as it is typed. The service computes the stored amounts."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import MaterialCheck, MaterialSource
from propdesk.domain.errors import UserError
from propdesk.domain.money import format_yuan, line_amount, parse_quantity, yuan_to_fen
from propdesk.domain.records import (
    CompletionInput,
    FeeItemRecord,
    MaterialInput,
    OrderRecord,
    OrderResult,
)

from ..session import Session
from ..widgets.cell_editor import CommitOnReturn
from ..widgets.combos import fill
from ..widgets.field_error import mark_error
from .action_base import ActionDialog

NAME, QTY, UNIT, PRICE, AMOUNT, SOURCE, NOTE = range(7)
FEE_ITEM_ROLE = Qt.ItemDataRole.UserRole
#: 材料来源/检查: the centre's material, or the owner's with the check made on site (seeds
#: 002, 004); "未检查" exists so an unchecked owner line is refused by name, not guessed
SOURCES: list[tuple[str, tuple[bool, MaterialCheck | None]]] = [
    ("中心提供", (False, None)),
    *((f"业主自备·{c.label}", (True, c)) for c in MaterialCheck),
    ("业主自备·未检查", (True, None)),
]


class MaterialsTable(QTableWidget):
    """Editable material lines: 名称, 数量, 单位, 单价(元), the computed 金额, where the
    material came from (with the owner's material's check) and the check's note."""

    def __init__(self, parent: QWidget | None = None, owner_default: bool = False) -> None:
        super().__init__(0, 7, parent)
        self.setObjectName("materials")
        self.owner_default = owner_default
        self.setHorizontalHeaderLabels(
            ["名称", "数量", "单位", "单价(元)", "金额(元)", "来源/检查", "检查备注"]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        widths = ((QTY, 50), (UNIT, 45), (PRICE, 70), (AMOUNT, 70), (SOURCE, 150), (NOTE, 120))
        for col, width in widths:
            self.setColumnWidth(col, width)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setMinimumHeight(130)
        self.setItemDelegate(CommitOnReturn(self))

    def add_line(
        self,
        name: str = "",
        quantity: str = "1",
        unit: str = "",
        price: str = "",
        fee_item_id: int | None = None,
        owner_supplied: bool | None = None,
        check: MaterialCheck | None = None,
        note: str = "",
    ) -> int:
        row = self.rowCount()
        self.insertRow(row)
        for col, text in (
            (NAME, name),
            (QTY, quantity),
            (UNIT, unit),
            (PRICE, price),
            (NOTE, note),
        ):
            item = QTableWidgetItem(text)
            if col in (QTY, PRICE):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, col, item)
        self.item(row, NAME).setData(FEE_ITEM_ROLE, fee_item_id)
        amount = QTableWidgetItem("")
        amount.setFlags(amount.flags() & ~Qt.ItemFlag.ItemIsEditable)
        amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setItem(row, AMOUNT, amount)
        source = QComboBox(self)
        for label, data in SOURCES:
            source.addItem(label, data)
        owner = (
            self.owner_default and fee_item_id is None if owner_supplied is None else owner_supplied
        )
        source.setCurrentIndex(
            next(i for i, (_, d) in enumerate(SOURCES) if d == (owner, check if owner else None))
        )
        self.setCellWidget(row, SOURCE, source)
        return row

    def source(self, row: int) -> tuple[bool, MaterialCheck | None]:
        """(owner-supplied, check) as chosen on the row."""
        combo = self.cellWidget(row, SOURCE)
        assert isinstance(combo, QComboBox)
        owner, check = combo.currentData()
        return bool(owner), check

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def lines(self) -> list[MaterialInput]:
        """Non-empty rows as typed (the service validates them)."""
        out = []
        for row in range(self.rowCount()):
            values = [self.text(row, c) for c in (NAME, QTY, UNIT, PRICE)]
            if not any(values):
                continue
            item = self.item(row, NAME)
            fee_id = item.data(FEE_ITEM_ROLE) if item is not None else None
            owner, check = self.source(row)
            out.append(
                MaterialInput(
                    values[0],
                    values[1] or "1",
                    values[2],
                    values[3] or "0",
                    fee_id,
                    owner_supplied=owner,
                    check=check,
                    check_note=self.text(row, NOTE),
                )
            )
        return out


class CompleteDialog(ActionDialog):
    def __init__(self, session: Session, order: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(session, order, "完工", parent)
        self.fee_items = {f.id: f for f in session.services.reference.fee_items()}
        self.work_done = QPlainTextEdit(self)
        self.work_done.setObjectName("workDone")
        self.work_done.setTabChangesFocus(True)
        self.work_done.setFixedHeight(64)
        self.work_done.setPlaceholderText("维修内容，如：更换厨房水龙头一个")
        self.add_field("维修内容*", self.work_done, "维修内容")
        self.labour = QLineEdit("0", self)
        self.labour.setObjectName("labour")
        self.labour.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.labour.setMaximumWidth(120)
        self._labour_from_items = ""  # the labour text the fee items set (not typed)
        self._labour_items: list[int] = []  # the fee items whose labour that text is
        self.labour_note = QLabel(self)
        self.labour_note.setObjectName("labourNote")
        self.labour_note.setStyleSheet("color:#666;")
        labour_row = QWidget(self)
        labour_line = QHBoxLayout(labour_row)
        labour_line.setContentsMargins(0, 0, 0, 0)
        labour_line.addWidget(self.labour)
        labour_line.addWidget(self.labour_note, 1)
        self.add_field("人工费(元)", labour_row, "人工费")
        self.fields["人工费"] = self.labour

        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        picker_row = QHBoxLayout()
        self.fee_picker = QComboBox(box)
        self.fee_picker.setObjectName("feePicker")
        fill(
            self.fee_picker,
            [("从收费标准选择……", None)]
            + [
                (
                    f"{f.name}（{f.unit}，人工{format_yuan(f.labour_fen)}"
                    f"{'，材料' + format_yuan(f.material_fen) if f.material_fen else ''}）",
                    f.id,
                )
                for f in self.fee_items.values()
            ],
        )
        self.fee_picker.activated.connect(self._pick_fee_item)
        self.fee_picker.installEventFilter(self)
        add = QPushButton("添加空行", box)
        add.clicked.connect(lambda: self.table.add_line())
        remove = QPushButton("删除所选行", box)
        remove.clicked.connect(self._remove_line)
        picker_row.addWidget(self.fee_picker, 1)
        picker_row.addWidget(add)
        picker_row.addWidget(remove)
        col.addLayout(picker_row)
        self.table = MaterialsTable(box, order.material_source is MaterialSource.OWNER)
        self.table.itemChanged.connect(self._update_total)
        col.addWidget(self.table)
        self.add_field("材料", box, "材料")
        self.total_label = QLabel(self)
        self.total_label.setObjectName("total")
        self.total_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.add_field("合计", self.total_label)
        self.add_time("完成时间")
        self.labour.textChanged.connect(self._update_total)
        for line in order.materials:
            self.table.add_line(
                line.name,
                str(line.quantity),
                line.unit,
                format_yuan(line.unit_price_fen),
                line.fee_item_id,
                line.owner_supplied,
                line.check,
                line.check_note,
            )
        if order.labour_fen:
            self.labour.setText(format_yuan(order.labour_fen))
        if order.work_done:
            self.work_done.setPlainText(order.work_done)
        self._update_total()
        self.resize(820, 560)

    # --- fee schedule -----------------------------------------------------------------
    def pick_fee_item(self, item: FeeItemRecord) -> None:
        """Adds the item's material as a line, and its labour to the labour fee unless the
        clerk typed the labour fee herself (that figure is what was agreed: kept)."""
        try:
            labour = yuan_to_fen(self.labour.text() or "0")
        except UserError:
            labour = 0
        if labour and self.labour.text() != self._labour_from_items:
            self.labour_note.setText(
                f"人工费按已填写的 {format_yuan(labour)} 元计（未加“{item.name}”的人工"
                f" {format_yuan(item.labour_fen)} 元）"
            )
        else:
            if labour == 0:
                self._labour_items = []
            self._labour_items.append(item.id)
            self._labour_from_items = format_yuan(labour + item.labour_fen)
            self.labour.setText(self._labour_from_items)
        if item.material_fen:
            self.table.add_line(item.name, "1", item.unit, format_yuan(item.material_fen), item.id)
        self._update_total()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Up/Down on the closed 收费标准 box open its list: on a closed combo they would
        pick (and add) each item passed over."""
        if (
            obj is self.fee_picker
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.fee_picker.showPopup()
            return True
        return super().eventFilter(obj, event)

    def _pick_fee_item(self, index: int) -> None:
        fee_id = self.fee_picker.itemData(index)
        if fee_id is not None and fee_id in self.fee_items:
            self.pick_fee_item(self.fee_items[fee_id])
        self.fee_picker.setCurrentIndex(0)

    def _remove_line(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows or [self.table.rowCount() - 1]:
            if row >= 0:
                self.table.removeRow(row)
        self._update_total()

    # --- live total -------------------------------------------------------------------
    def _update_total(self, *_args: object) -> None:
        self.table.blockSignals(True)
        ok = True
        material = 0
        for row in range(self.table.rowCount()):
            qty_text, price_text = self.table.text(row, 1), self.table.text(row, 3)
            amount_item = self.table.item(row, 4)
            try:
                amount = line_amount(
                    parse_quantity(qty_text or "1"), yuan_to_fen(price_text or "0")
                )
                material += amount
                text = format_yuan(amount)
            except UserError:
                ok = False
                text = "—"
            if amount_item is not None:
                amount_item.setText(text)
        self.table.blockSignals(False)
        try:
            labour = yuan_to_fen(self.labour.text() or "0")
        except UserError:
            ok, labour = False, 0
        if ok:
            self.total_label.setText(
                f"￥{format_yuan(labour + material)}　（人工 {format_yuan(labour)} + 材料 "
                f"{format_yuan(material)}）"
            )
        else:
            self.total_label.setText("金额有误，请检查标红的数字")

    def total_fen(self) -> int | None:
        """The total as shown, or ``None`` while a number is invalid."""
        try:
            labour = yuan_to_fen(self.labour.text() or "0")
            return labour + sum(
                line_amount(parse_quantity(m.quantity), yuan_to_fen(m.unit_price))
                for m in self.table.lines()
            )
        except UserError:
            return None

    # --- saving -----------------------------------------------------------------------
    def mark_error(self, field: str | None) -> None:
        super().mark_error(field)
        m = re.match(r"第(\d+)行(材料名称|数量|单价|检查结果)", field or "")
        if m:
            row = self._row_of_line(int(m.group(1)) - 1)
            col = {"材料名称": NAME, "数量": QTY, "单价": PRICE, "检查结果": SOURCE}[m.group(2)]
            mark_error(self.table)
            self.table.setCurrentCell(row, col)
            widget = self.table.cellWidget(row, col)
            (widget or self.table).setFocus()

    def _row_of_line(self, line_index: int) -> int:
        """Table row of the n-th non-empty line (empty rows are skipped when saving)."""
        seen = -1
        for row in range(self.table.rowCount()):
            if any(self.table.text(row, c) for c in (NAME, QTY, UNIT, PRICE)):
                seen += 1
                if seen == line_index:
                    return row
        return max(0, self.table.rowCount() - 1)

    def perform(self) -> OrderResult:
        inp = CompletionInput(
            work_done=self.work_done.toPlainText(),
            labour=self.labour.text().strip() or Decimal(0),
            materials=self.table.lines(),
            completed_at=self.time_edit.value(),
            # a labour fee typed over the items' is not from the 收费标准 (待审价)
            labour_items=list(self._labour_items)
            if self.labour.text() == self._labour_from_items
            else [],
        )
        return self.session.services.workflow.complete(
            self.order.id, inp, self.session.user, expected_version=self.order.version
        )
