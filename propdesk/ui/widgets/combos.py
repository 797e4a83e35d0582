"""Filling and reading combo boxes whose items carry data (ids or enum codes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def fill(combo: QComboBox, items: Iterable[tuple[str, Any]], keep: bool = True) -> None:
    """Replace the items (label, data); keep the current data selected when still present."""
    current = combo.currentData() if keep else None
    combo.blockSignals(True)
    combo.clear()
    for label, data in items:
        combo.addItem(label, data)
    combo.blockSignals(False)
    if current is None or not select(combo, current):
        combo.setCurrentIndex(0 if combo.count() else -1)


def select(combo: QComboBox, data: Any) -> bool:
    """Select the item carrying ``data``; ``False`` when there is none."""
    i = combo.findData(data)
    if i < 0:
        return False
    combo.setCurrentIndex(i)
    return True


def contains_completer(combo: QComboBox) -> None:
    """Make an editable combo complete on any part of an item (typing 龙头 finds 水/水龙头)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
