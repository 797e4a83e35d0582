"""Excel import from 基础资料 with its preview, and 导出Excel from the register."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from propdesk.domain.enums import Role
from propdesk.domain.filters import OrderFilter
from propdesk.ui import export_orders as export_module
from propdesk.ui.import_dialog import ORDERS, UNITS, ImportDialog, open_import_dialog
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from propdesk.ui.tabs.register_tab import RegisterTab
from tests.factories import make_user, register
from tests.ui.helpers import message_texts


def workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.fixture
def manager_session(services, prefs):
    user = make_user(services, Role.MANAGER, "boss")
    return Session(services.for_viewer(user), user, prefs, "test.db")


def table_rows(dialog: ImportDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_units_preview_then_import(qtbot, services, manager_session, tmp_path):
    path = workbook(
        tmp_path / "台账.xlsx",
        ["楼栋", "单元", "房号", "业主姓名", "联系电话"],
        [["8栋", "1单元", "801", "孙八", "13500135000"], [None, None, "1-1-101", "张三丰", None]],
    )
    seen = []
    manager_session.changed.connect(seen.append)
    dialog = ImportDialog(manager_session, UNITS)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.check()
    assert "检查通过：共 2 户：新增 1，更新 1" in dialog.summary.text()
    assert [r[1] for r in table_rows(dialog)] == ["8-1-801", "1-1-101"]
    assert [r[5] for r in table_rows(dialog)] == ["新增", "更新"]
    assert dialog.import_button.isEnabled()
    result = dialog.run_import()
    assert result is not None and result.inserted == 1 and result.updated == 1
    assert services.reference.unit_by_code("8-1-801").owner_name == "孙八"
    assert services.reference.unit_by_code("1-1-101").owner_name == "张三丰"
    assert seen and seen[-1].units
    assert manager_session.prefs.value("import/folder") == str(tmp_path)


def test_bad_rows_listed_and_import_disabled(qtbot, services, manager_session, tmp_path):
    header = ["受理时间", "报修人", "联系电话", "房号", "类别", "问题描述"]
    path = workbook(
        tmp_path / "工单.xlsx",
        header,
        [
            ["2026-11-02 09:00", "张三", "13800138000", "1-1-101", "水/水龙头", "漏水"],
            ["不是时间", "李四", "13900139000", "1-1-102", "水/水龙头", "漏水"],
            ["2026-11-03 09:00", "王五", "13700137000", "7-7-707", "水/热水器", "没热水"],
        ],
    )
    dialog = ImportDialog(manager_session, ORDERS)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.check()
    assert "发现 3 处错误" in dialog.summary.text()
    assert table_rows(dialog) == [
        ["3", "受理时间", "“不是时间”不是有效的时间（如 2026-11-20 09:30）"],
        ["4", "类别", "“水/热水器”不存在（可在基础资料中添加，或选择自动新建）"],
        ["4", "房号", "“7-7-707”不在房屋台账中（可先导入房屋台账，或选择自动新建）"],
    ]
    assert not dialog.import_button.isEnabled()
    assert dialog.run_import() is None
    assert services.registers.count(OrderFilter()) == 0


def test_create_missing_is_asked_for(qtbot, services, manager_session, tmp_path):
    header = ["类型", "受理时间", "报修人", "联系电话", "房号", "类别", "问题描述"]
    path = workbook(
        tmp_path / "工单.xlsx",
        header,
        [
            ["报修", "2026-11-03 09:00", "王五", "13700137000", "7-7-707", "水/热水器", "没热水"],
        ],
    )
    dialog = ImportDialog(manager_session, ORDERS)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.check()
    assert not dialog.import_button.isEnabled()
    dialog.create_missing.setChecked(True)
    assert dialog.plan is None and not dialog.import_button.isEnabled()  # check again
    dialog.check()
    assert "将新建类别 1 个：水/热水器；将新建房号 1 个：7-7-707" in dialog.summary.text()
    assert table_rows(dialog)[0][-1] == "待派工"
    result = dialog.run_import()
    assert result is not None and result.inserted == 1
    assert services.reference.unit_by_code("7-7-707") is not None


def test_base_data_corner_buttons(qtbot, services, manager_session, session):
    tab = BaseDataTab(manager_session)
    qtbot.addWidget(tab)
    corner = tab.pages.cornerWidget()
    buttons = {b.objectName(): b for b in corner.findChildren(type(tab.units.add_button))}
    assert buttons["importUnits"].isEnabled() and buttons["importOrders"].isEnabled()
    buttons["importUnits"].click()
    dialogs = [d for d in tab.findChildren(ImportDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].windowTitle() == "从Excel导入房屋台账"
    dialogs[0].close()
    clerk_tab = BaseDataTab(session)  # the receptionist
    qtbot.addWidget(clerk_tab)
    clerk_buttons = clerk_tab.pages.cornerWidget().findChildren(type(tab.units.add_button))
    assert clerk_buttons and not any(b.isEnabled() for b in clerk_buttons)
    assert open_import_dialog(session, UNITS, clerk_tab) is None
    assert any("无权" in t for t in message_texts(clerk_tab))


def test_register_exports_its_view(qtbot, services, manager_session, tmp_path, monkeypatch):
    register(services)
    register(services, unit_code="1-1-102", caller_name="李四", phone="13900139000")
    tab = RegisterTab(manager_session)
    qtbot.addWidget(tab)
    tab.show()
    tab.filters.search.setText("李四")
    tab.reload()
    target = tmp_path / "view.xlsx"
    monkeypatch.setattr(export_module, "ask_save_path", lambda *a, **k: target)
    tab.export_button.click()
    rows = list(load_workbook(target)["工单"].iter_rows(min_row=2, values_only=True))
    assert [r[7] for r in rows] == ["李四"]
    assert any("已导出 1 条工单" in t for t in message_texts(tab))
