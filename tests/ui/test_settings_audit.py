"""Issue 11 item 15: every setting on 系统设置 (服务中心设置) changes what the program does, and
a named test changes it and sees that. ``EFFECTS`` is the table; the first test finds every
field on the page, changes each one and checks that the table names exactly the settings the
page edits (and every key ``propdesk settings show`` prints), and that each named test exists."""

from __future__ import annotations

import importlib
from dataclasses import fields
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.setting_keys import ALL_KEYS
from propdesk.domain.settings import OfficeSettings
from propdesk.ui.models.record_model import SOON_BG
from propdesk.ui.tabs.register_tab import RegisterTab
from tests.factories import register
from tests.ui.test_settings_paths import settings_page

S = "tests/services/"
U = "tests/ui/"
AUDIT = S + "test_settings_audit.py::"
EFFECTS_11 = S + "test_settings_effects.py::"
FOLLOW_UP_PAGE = U + "test_follow_up_board.py::test_settings_page_moves_the_follow_up_rules"
SLIP_TEXTS = AUDIT + "test_the_slip_prints_the_offices_name_phone_and_disclaimers"

#: setting → the tests that change it and see its effect
EFFECTS: dict[str, tuple[str, ...]] = {
    "office_name": (SLIP_TEXTS, U + "test_base_data.py::test_admin_changes_office_settings"),
    "project_name": (SLIP_TEXTS,),
    "office_phone": (SLIP_TEXTS,),
    "disclaimer_home": (SLIP_TEXTS,),
    "disclaimer_common": (SLIP_TEXTS,),
    "copy_count": (EFFECTS_11 + "test_the_copy_order_and_names_are_printed",),
    "copy_labels": (EFFECTS_11 + "test_the_copy_order_and_names_are_printed",),
    "paper_mode": (AUDIT + "test_the_paper_mode_sets_the_sheets_of_the_slip",),
    "idle_lock_minutes": (
        U + "test_safety_dialogs.py::test_idle_lock_hides_everything_until_the_password",
        U + "test_safety_dialogs.py::test_idle_lock_off_when_zero_minutes",
    ),
    "channels": (
        U + "test_settings_paths.py::test_the_channel_list_is_edited_row_by_row_and_reaches_intake",
        U + "test_intake_extras.py::test_a_channel_the_office_added_is_offered_at_intake",
    ),
    "complaints_important": (
        S + "test_order_paths.py::test_complaints_and_vip_owners_are_important_by_default",
    ),
    "vip_units": (
        S + "test_order_paths.py::test_complaints_and_vip_owners_are_important_by_default",
    ),
    "answered_needs_visit": (
        S + "test_order_paths.py::test_the_office_may_close_answered_consultations_without_a_visit",
    ),
    "dispatch_minutes": (AUDIT + "test_the_dispatch_limit",),
    "appointment_late_minutes": (AUDIT + "test_the_lateness_allowed_at_an_appointment",),
    "first_call_minutes": (
        S + "test_followups.py::test_a_setting_change_moves_the_reminder",
        FOLLOW_UP_PAGE,
    ),
    "escalate_minutes": (FOLLOW_UP_PAGE,),
    "visit_hours": (AUDIT + "test_the_visit_hours",),
    "due_soon_minutes": (U + "test_settings_audit.py::test_the_due_soon_warning_colours_rows",),
    "rework_days": (S + "test_intake.py::test_rework_window_follows_the_settings",),
    "complaint_contact_hours": (FOLLOW_UP_PAGE,),
    "complaint_repeat_days": (
        S + "test_followups.py::test_complaint_repeat_window_follows_the_setting",
    ),
    "reminder_red_minutes": (FOLLOW_UP_PAGE,),
    "slip_cutoff": (AUDIT + "test_the_slip_return_cutoff_and_time",),
    "slip_return_by": (AUDIT + "test_the_slip_return_cutoff_and_time",),
    "work_start": (AUDIT + "test_the_desks_opening_time_sets_the_default_channel",),
    "work_end": (
        S + "test_order_paths.py::test_the_default_channel_follows_the_desks_hours",
        EFFECTS_11 + "test_the_visit_deadline_is_hours_or_the_end_of_the_desks_day",
    ),
    "second_visit_days": (EFFECTS_11 + "test_the_second_visit_days",),
    "arrival_from_received": (
        AUDIT + "test_the_arrival_clock_judges_timeliness_and_is_named_in_the_workbook",
        EFFECTS_11 + "test_the_arrival_clock_counts_from_dispatch_or_from_receipt",
    ),
    "visit_same_day": (
        EFFECTS_11 + "test_the_visit_deadline_is_hours_or_the_end_of_the_desks_day",
    ),
}


def _flat(s: OfficeSettings) -> dict[str, Any]:
    out = {f.name: getattr(s, f.name) for f in fields(s) if f.name != "rules"}
    out.update({f.name: getattr(s.rules, f.name) for f in fields(TimeRules)})
    return out


def _fields(page: QWidget) -> list[QWidget]:
    """The page's input widgets (not the line edits inside spin boxes and combos)."""
    kinds = (QAbstractSpinBox, QComboBox, QCheckBox, QPlainTextEdit, QLineEdit, QListWidget)
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds) and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
    ]


def _change(w: QWidget) -> None:
    if isinstance(w, QTimeEdit):
        w.setTime(w.time().addSecs(3600 if w.time().hour() < 22 else -3600))
    elif isinstance(w, QSpinBox):
        w.setValue(w.value() + 1 if w.value() < w.maximum() else w.value() - 1)
    elif isinstance(w, QComboBox):
        w.setCurrentIndex((w.currentIndex() + 1) % w.count())
    elif isinstance(w, QCheckBox):
        w.setChecked(not w.isChecked())
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(w.toPlainText() + "\n第五联 备用，绿" if "联" in w.toPlainText() else "改")
    elif isinstance(w, QLineEdit):
        w.setText(w.text() + "1-1-101" if "VIP" in w.placeholderText() else w.text() + "改")
    elif isinstance(w, QListWidget):
        w.takeItem(w.count() - 1)
    else:  # pragma: no cover - a new kind of field: teach this test to change it
        raise AssertionError(f"unknown field {w!r}")


def test_every_setting_on_the_page_has_a_test_of_its_effect(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    w, page = settings_page(qtbot, services, prefs)
    base = _flat(page.edited())
    edited: set[str] = set()
    widgets = _fields(page)
    assert len(widgets) >= 30
    for widget in widgets:
        page.load()
        _change(widget)
        changed = {k for k, v in _flat(page.edited()).items() if v != base[k]}
        assert changed, f"{widget.objectName() or widget!r} changes no setting"
        edited |= changed
    w.close()
    assert edited == set(EFFECTS), (edited - set(EFFECTS), set(EFFECTS) - edited)
    assert {k.key for k in ALL_KEYS} <= set(EFFECTS)  # everything `settings show` prints
    for key, tests in EFFECTS.items():
        assert tests, key
        for test in tests:
            path, name = test.split("::")
            module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            assert callable(getattr(module, name, None)), f"{key}: no test {test}"


def test_the_due_soon_warning_colours_rows(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    """即将到期提前提示 typed on the page: a 待派工 row due in 5 minutes is amber while the warning
    starts 30 minutes ahead, plain once it starts 3 minutes ahead, amber again 3 minutes out."""
    order = register(services)  # dispatch due 5 minutes after 受理
    w, page = settings_page(qtbot, services, prefs)
    tab = w.show_tab(RegisterTab.title)
    assert isinstance(tab, RegisterTab)

    def colour():  # type: ignore[no-untyped-def]
        row = tab.model.row_of(lambda r: r.id == order.id)
        brush = tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    assert colour() == SOON_BG
    w.show_tab("基础资料")
    spin = page.numbers["due_soon_minutes"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "3")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    page.message.close()
    assert services.reference.settings().rules.due_soon_minutes == 3
    w.show_tab(RegisterTab.title)
    assert colour() is None
    clock.advance(minutes=2)
    w.watcher.check()
    assert colour() == SOON_BG
    assert order.due_at - clock.now == timedelta(minutes=3)
