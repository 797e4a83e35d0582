"""The 房号 field of the intake form: type any part of a unit code, the resident's name or phone;
a popup lists matching units from the unit register (with resident and phone); choosing one
fills the field with the unit code and announces the unit."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from propdesk.domain.records import UnitRecord
from propdesk.services.reference import ReferenceService

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_MATCHES = 20


def unit_line(unit: UnitRecord) -> str:
    phones = "、".join(p for p in (unit.phone, unit.phone2) if p)
    return f"{unit.code}　{unit.owner_name or '（无住户）'}　{phones}"


class UnitField(QLineEdit):
    """Line edit with a contains-match completer over ``reference.search_units``."""

    #: The unit now named by the field (``None`` when the text names no unit).
    unit_changed = Signal(object)

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = reference
        self.unit: UnitRecord | None = None
        self.setObjectName("unitField")
        self.setPlaceholderText("房号、住户姓名或电话的任意部分，如 1502")
        self.matches = QStandardItemModel(self)
        self.completer_ = QCompleter(self.matches, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCompletionRole(CODE_ROLE)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.completer_.activated[str].connect(self._picked)
        # Enter/Tab with nothing highlighted: take what was typed and move on
        self.completer_.popup().installEventFilter(self)
        self.textEdited.connect(self._search)
        self.editingFinished.connect(self._resolve)

    # --- searching --------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self.matches.clear()
        if text.strip():
            for unit in self.reference.search_units(text, MAX_MATCHES):
                item = QStandardItem(unit_line(unit))
                item.setData(unit.code, CODE_ROLE)
                item.setData(unit.id, UNIT_ROLE)
                item.setEditable(False)
                self.matches.appendRow(item)
        if self.matches.rowCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()
        if self.unit is not None and text.strip() != self.unit.code:
            self._set_unit(None)

    def match_texts(self) -> list[str]:
        """What the popup lists now."""
        return [self.matches.item(i).text() for i in range(self.matches.rowCount())]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        popup = self.completer_.popup()
        if (
            obj is popup
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
            and not popup.currentIndex().isValid()
        ):
            popup.hide()
            self._resolve()
            self._move_on()
            return True
        return super().eventFilter(obj, event)

    def _move_on(self) -> None:
        tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.sendEvent(self, tab)

    def _picked(self, code: str) -> None:
        """A unit chosen from the popup: take it and go on to the next field."""
        self.completer_.popup().hide()
        self.choose_code(code)
        self._move_on()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            # leaving the field (Tab, click elsewhere) settles what it names
            self.completer_.popup().hide()
            self._resolve()

    # --- choosing ---------------------------------------------------------------------
    def choose_code(self, code: str) -> None:
        unit = self.reference.unit_by_code(code)
        if unit is not None:
            self.setText(unit.code)
        self._set_unit(unit)

    def _resolve(self) -> None:
        """Leaving the field: an exact code, or the only match of what was typed, is chosen."""
        text = self.text().strip()
        if not text or (self.unit is not None and self.unit.code == text):
            return
        unit = self.reference.unit_by_code(text)
        if unit is None:
            found = self.reference.search_units(text, 2)
            unit = found[0] if len(found) == 1 else None
        if unit is not None:
            self.setText(unit.code)
        self._set_unit(unit)

    def _set_unit(self, unit: UnitRecord | None) -> None:
        if unit == self.unit:
            return
        self.unit = unit
        self.unit_changed.emit(unit)

    def clear_unit(self) -> None:
        self.clear()
        self.matches.clear()
        self._set_unit(None)
