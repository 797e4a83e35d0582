"""系统设置's group of issue 11, changed on the page as an administrator does and saved; each
value reaches the office's settings (their effects are tested in
tests/services/test_settings_effects.py and tests/ui/test_intake_extras.py)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from propdesk.domain.enums import Channel
from propdesk.ui.dialogs.intake_form import IntakeForm
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from tests.ui.helpers import activate, message_texts, type_chinese


def labels(group) -> list[str]:  # type: ignore[no-untyped-def]
    lst = group.channels.list
    return [lst.item(i).text() for i in range(lst.count())]


def click_item(qtbot, group, row: int) -> None:  # type: ignore[no-untyped-def]
    lst = group.channels.list
    rect = lst.visualItemRect(lst.item(row))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def editor() -> QLineEdit:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit), widget
    return widget


def add(qtbot, group, name: str) -> None:  # type: ignore[no-untyped-def]
    """添加 clicked, the name typed into the open row, Enter."""
    qtbot.mouseClick(group.channels.add_button, Qt.MouseButton.LeftButton)
    edit = editor()
    edit.selectAll()
    type_chinese(edit, name)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def rename(qtbot, group, row: int, name: str) -> None:  # type: ignore[no-untyped-def]
    """A double-click on the row, the new name typed over the old, Enter."""
    lst = group.channels.list
    rect = lst.visualItemRect(lst.item(row))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    edit = editor()
    edit.selectAll()
    type_chinese(edit, name)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def keep(qtbot, group, wanted: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Remove every row not in ``wanted`` (click, 删除) and bring the rest into its order
    (click, 上移)."""
    for row in reversed(range(group.channels.list.count())):
        if labels(group)[row] not in wanted:
            click_item(qtbot, group, row)
            qtbot.mouseClick(group.channels.remove_button, Qt.MouseButton.LeftButton)
    for target, name in enumerate(wanted):
        row = labels(group).index(name)
        click_item(qtbot, group, row)
        for _ in range(row - target):
            qtbot.mouseClick(group.channels.up_button, Qt.MouseButton.LeftButton)
    assert labels(group) == wanted


def settings_page(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    services.auth.set_initial_password("admin", "abc12345")
    w = MainWindow(Session(services, services.auth.user("admin"), prefs))
    qtbot.addWidget(w)
    w.show()
    activate(qtbot, w)
    tab = w.show_tab(BaseDataTab.title)
    assert isinstance(tab, BaseDataTab)
    tab.pages.setCurrentIndex(tab.pages.indexOf(tab.settings_page))
    return w, tab.settings_page


def test_the_paths_group_saves_every_value(qtbot, services, prefs, tmp_path):  # type: ignore[no-untyped-def]
    w, page = settings_page(qtbot, services, prefs)
    group = page.paths
    assert labels(group)[:3] == ["电话", "来访", "来函/书面"]
    group.copies.setPlainText(
        "第一联 交客户，白\n第二联 工程部存档，红\n第三联 前台转财务部，黄\n第四联 备用，蓝"
    )
    keep(qtbot, group, ["电话", "监控中心", "微信"])
    qtbot.mouseClick(
        group.complaints_important,
        Qt.MouseButton.LeftButton,
        pos=QPoint(8, group.complaints_important.height() // 2),
    )
    group.vip_units.setText("1-1-101、3-2-1502")
    group.second_visit_days.setValue(20)
    qtbot.mouseClick(
        group.answered_needs_visit,
        Qt.MouseButton.LeftButton,
        pos=QPoint(8, group.answered_needs_visit.height() // 2),
    )
    group.arrival_clock.setCurrentIndex(1)
    group.visit_timing.setCurrentIndex(1)
    w.resize(1366, 900)
    assert w.grab().save(
        str(Path(os.environ.get("PROPDESK_SHOTS", tmp_path)) / "settings-paths.png")
    )
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    s = services.reference.settings()
    assert s.copy_labels[0] == ("第一联 交客户", "白") and len(s.copy_labels) == 4
    assert s.channel_choices == [Channel.PHONE, Channel.MONITOR, Channel.WECHAT]
    assert labels(group) == ["电话", "监控中心", "微信"]
    assert not s.complaints_important and s.vip_units == ("1-1-101", "3-2-1502")
    assert not s.answered_needs_visit
    assert s.rules.second_visit_days == 20
    assert s.rules.arrival_from_received and s.rules.visit_same_day
    page.message.close()
    activate(qtbot, w)

    # a channel of the office's own, beside the nine; a name too long is refused by name
    add(qtbot, group, "业主群接龙登记这类很长很长的渠道名称")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert any("来源渠道" in t for t in message_texts(page))
    assert services.reference.settings().channel_choices == [
        Channel.PHONE,
        Channel.MONITOR,
        Channel.WECHAT,
    ]
    for box in page.findChildren(QMessageBox):
        box.close()
    activate(qtbot, w)
    rename(qtbot, group, 3, "传真")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert services.reference.settings().channel_choices[-1] == "传真"


def test_the_channel_list_is_edited_row_by_row_and_reaches_intake(
    qtbot, services, prefs, clerk, tmp_path
):  # type: ignore[no-untyped-def]
    """添加 (typed in place), rename by double-click and by F2, 删除 by button and by the Delete
    key, 上移/下移: saved in the listed order, and the intake form offers exactly that."""
    w, page = settings_page(qtbot, services, prefs)
    group = page.paths
    assert labels(group) == [c.label for c in Channel]
    lst = group.channels.list
    assert not group.channels.remove_button.isEnabled()  # nothing chosen yet

    click_item(qtbot, group, 0)  # 电话
    add(qtbot, group, "业主群")  # goes in after the chosen row
    assert labels(group)[:3] == ["电话", "业主群", "来访"]
    rename(qtbot, group, 1, "业主微信群")
    assert labels(group)[1] == "业主微信群"
    click_item(qtbot, group, 2)  # 来访, renamed with F2
    qtbot.keyClick(lst, Qt.Key.Key_F2)
    edit = editor()
    edit.selectAll()
    type_chinese(edit, "上门来访")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert labels(group)[2] == "上门来访"

    click_item(qtbot, group, lst.count() - 1)  # 其他: Delete key
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert "其他" not in labels(group)
    click_item(qtbot, group, labels(group).index("邮件"))  # 删除 button
    qtbot.mouseClick(group.channels.remove_button, Qt.MouseButton.LeftButton)
    assert "邮件" not in labels(group)

    click_item(qtbot, group, labels(group).index("监控中心"))
    for _ in range(labels(group).index("监控中心")):
        qtbot.mouseClick(group.channels.up_button, Qt.MouseButton.LeftButton)
    assert not group.channels.up_button.isEnabled()  # at the top
    click_item(qtbot, group, labels(group).index("电话"))
    qtbot.mouseClick(group.channels.down_button, Qt.MouseButton.LeftButton)
    listed = [
        "监控中心",
        "业主微信群",
        "电话",
        "上门来访",
        "来函/书面",
        "微信",
        "APP/小程序",
        "巡检",
    ]
    assert labels(group) == listed
    w.resize(1366, 900)
    assert w.grab().save(
        str(Path(os.environ.get("PROPDESK_SHOTS", tmp_path)) / "settings-channels.png")
    )
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    page.message.close()
    saved = services.reference.settings().channel_choices
    assert saved[:3] == [Channel.MONITOR, "业主微信群", Channel.PHONE]
    assert len(saved) == len(listed)
    w.close()

    form = IntakeForm(Session(services, clerk, prefs))
    qtbot.addWidget(form)
    assert [form.channel.itemText(i) for i in range(form.channel.count())] == listed
