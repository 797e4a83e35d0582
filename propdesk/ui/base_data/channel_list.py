"""The office's 来源渠道 as a list the administrator edits: add (typed in place), rename
(double-click or F2), remove (button or Delete) and reorder (上移/下移), in the order intake
offers them. ``set_channels`` fills it with stored values, ``channels`` reads them back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import Channel, channel_label

from ..widgets.cell_editor import CommitOnReturn

NEW_NAME = "新渠道"


class _List(QListWidget):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            owner = self.parent()
            if isinstance(owner, ChannelList):
                owner.remove()
                return
        super().keyPressEvent(event)


class ChannelList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _List(self)
        self.list.setObjectName("channels")
        self.list.setItemDelegate(CommitOnReturn(self.list))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setToolTip(
            "接报时可选的来源渠道（按此顺序）。双击或按F2改名，Delete删除；可用的标准渠道："
            + "、".join(c.label for c in Channel)
        )
        self.list.setFixedHeight(150)
        self.add_button = QPushButton("添加", self)
        self.remove_button = QPushButton("删除", self)
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.list.currentRowChanged.connect(self._enable)
        self._enable()

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def set_channels(self, channels: list[str]) -> None:
        """Show stored channel values (codes of the nine, or the office's own names)."""
        self.list.clear()
        for c in channels:
            self.list.addItem(self._item(channel_label(c)))
        self._enable()

    def channels(self) -> tuple[str, ...]:
        """The channels as listed: a standard channel's label becomes its code; blank rows are
        left out (the service checks the rest)."""
        by_label = {c.label: c.value for c in Channel}
        names = [self.list.item(i).text().strip() for i in range(self.list.count())]
        return tuple(by_label.get(n, n) for n in names if n)

    def add(self) -> None:
        """A new row after the current one, its name open for typing."""
        item = self._item(NEW_NAME)
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        self.list.insertItem(row, item)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
        self._enable()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)

    def _enable(self) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
