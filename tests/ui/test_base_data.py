"""基础资料: add and edit units, staff, categories, urgencies, fee items and office settings
through their dialogs; refusals name the field; other tabs see the changes."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from propdesk.domain.enums import Role
from propdesk.ui.base_data.form_dialog import FormDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from tests.factories import make_user
from tests.ui.helpers import message_texts


def base_tab(window: MainWindow) -> BaseDataTab:
    page = window.show_tab(BaseDataTab.title)
    assert isinstance(page, BaseDataTab)
    return page


def manager_window(qtbot, services, prefs) -> MainWindow:  # type: ignore[no-untyped-def]
    manager = make_user(services, Role.MANAGER)
    w = MainWindow(Session(services, manager, prefs))
    qtbot.addWidget(w)
    w.show()
    return w


def test_add_a_unit_and_find_it_at_intake(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    w = manager_window(qtbot, services, prefs)
    page = base_tab(w).units
    assert page.model.rowCount() == 4
    dialog = page.open_editor(None)
    assert isinstance(dialog, FormDialog)
    dialog.set_value("code", "1-1-101")
    dialog.set_value("owner_name", "孙七")
    dialog.accept()  # the code exists: refused and named
    assert dialog.isVisible()
    assert any("已存在" in t for t in message_texts(dialog))
    assert dialog.widgets["code"].styleSheet() != ""
    dialog.set_value("code", "7-1-701")
    dialog.set_value("phone", "13512345678")
    dialog.accept()
    assert not dialog.isVisible()
    assert page.model.rowCount() == 5
    assert "共 5 户" in page.count_label.text()
    page.search.setText("孙七")
    assert [u.code for u in page.model.records()] == ["7-1-701"]
    # the intake form's completer sees it at once
    form = w.open_intake()
    assert form is not None
    form.unit.setText("")
    form.unit.textEdited.emit("701")
    assert any("7-1-701" in t and "孙七" in t for t in form.unit.match_texts())
    w.close()


def test_edit_staff_and_see_it_in_the_dispatch_choices(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    w = manager_window(qtbot, services, prefs)
    page = base_tab(w).staff
    row = page.model.row_of(lambda s: s.name == "李师傅")
    dialog = page.open_editor(page.model.record(row))
    dialog.set_value("name", "李建国")
    dialog.accept()
    assert page.model.row_of(lambda s: s.name == "李建国") >= 0
    dispatch = w.pages["派工"]
    names = [i.text() for i in dispatch.picker.items()]  # type: ignore[attr-defined]
    assert any(n.startswith("李") for n in names)
    w.close()


def test_category_urgency_and_fee_item_dialogs(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    w = manager_window(qtbot, services, prefs)
    tab = base_tab(w)
    dialog = tab.categories.open_editor(None)
    dialog.set_value("name", "燃气")
    dialog.accept()
    assert tab.categories.model.row_of(lambda c: c.path == "燃气") >= 0

    dialog = tab.fee_items.open_editor(None)
    dialog.set_value("name", "更换灯泡")
    dialog.set_value("labour", "abc")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.widgets["labour"].styleSheet() != ""
    dialog.set_value("labour", "10")
    dialog.accept()
    assert any(
        f.name == "更换灯泡" and f.labour_fen == 1000 for f in services.reference.fee_items()
    )

    # urgency levels are settings: a manager may not change them
    assert not tab.urgencies.add_button.isEnabled()
    assert tab.urgencies.open_editor(None) is None
    w.close()


def test_admin_changes_office_settings(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    services.auth.set_initial_password("admin", "abc12345")
    admin = services.auth.user("admin")
    w = MainWindow(Session(services, admin, prefs))
    qtbot.addWidget(w)
    w.show()
    settings_page = base_tab(w).settings_page
    assert settings_page.office_name.text() == services.reference.settings().office_name
    settings_page.office_name.clear()
    settings_page.save()
    assert any("服务中心名称" in t for t in message_texts(settings_page))
    settings_page.office_name.setText("阳光花园物业服务中心")
    settings_page.disclaimer_common.setPlainText("公共部位维修不收取费用。")
    settings_page.numbers["visit_hours"].setValue(12)
    settings_page.save()
    saved = services.reference.settings()
    assert saved.office_name == "阳光花园物业服务中心"
    assert saved.disclaimer_common == "公共部位维修不收取费用。"
    assert saved.rules.visit_hours == 12
    assert "阳光花园物业服务中心" in w.windowTitle()  # the broadcast reached the window
    assert "用户" in [base_tab(w).pages.tabText(i) for i in range(base_tab(w).pages.count())]
    w.close()


def test_receptionist_sees_but_cannot_edit(window):  # type: ignore[no-untyped-def]
    tab = base_tab(window)
    assert not tab.units.add_button.isEnabled()
    assert tab.units.model.rowCount() == 4
    assert not tab.settings_page.save_button.isEnabled()
    assert not any(
        isinstance(w, QLineEdit) and w.isEnabled() and w.isVisible()
        for w in tab.settings_page.findChildren(QLineEdit)
    )
