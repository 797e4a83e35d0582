"""系统设置's group of issue 11, changed on the page as an administrator does and saved; each
value reaches the office's settings (their effects are tested in
tests/services/test_settings_effects.py and tests/ui/test_intake_extras.py)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from propdesk.domain.enums import Channel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from tests.ui.helpers import message_texts, type_chinese


def settings_page(qtbot, services, prefs):  # type: ignore[no-untyped-def]
    services.auth.set_initial_password("admin", "abc12345")
    w = MainWindow(Session(services, services.auth.user("admin"), prefs))
    qtbot.addWidget(w)
    w.show()
    tab = w.show_tab(BaseDataTab.title)
    assert isinstance(tab, BaseDataTab)
    tab.pages.setCurrentIndex(tab.pages.indexOf(tab.settings_page))
    return w, tab.settings_page


def test_the_paths_group_saves_every_value(qtbot, services, prefs, tmp_path):  # type: ignore[no-untyped-def]
    w, page = settings_page(qtbot, services, prefs)
    group = page.paths
    assert group.channels.text().startswith("电话、来访、来函/书面")
    group.copies.setPlainText(
        "第一联 交客户，白\n第二联 工程部存档，红\n第三联 前台转财务部，黄\n第四联 备用，蓝"
    )
    group.channels.setText("电话、监控中心、微信")
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
    assert group.channels.text() == "电话、监控中心、微信"
    assert not s.complaints_important and s.vip_units == ("1-1-101", "3-2-1502")
    assert not s.answered_needs_visit
    assert s.rules.second_visit_days == 20
    assert s.rules.arrival_from_received and s.rules.visit_same_day
    page.message.close()

    # a channel of the office's own, beside the nine; a name too long is refused by name
    group.channels.clear()
    type_chinese(group.channels, "电话、业主群接龙登记这类很长很长的渠道名称")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert any("来源渠道" in t for t in message_texts(page))
    assert services.reference.settings().channel_choices == [
        Channel.PHONE,
        Channel.MONITOR,
        Channel.WECHAT,
    ]
    for box in page.findChildren(QMessageBox):
        box.close()
    group.channels.clear()
    type_chinese(group.channels, "电话、传真")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert services.reference.settings().channel_choices == [Channel.PHONE, "传真"]
