"""Start-up stays lean: the main window, built and painted on the today board, has not
imported the heavy modules (openpyxl, ReportLab, QtCharts, QtPdf, the print support) and
has built (and queried for) no other tab; each tab builds its content, importing what it
needs, when first shown (统计报表: QtCharts and openpyxl).

The import check runs in a fresh interpreter: this test process has long imported them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from propdesk.domain.records import Changes
from propdesk.ui import main_window
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from propdesk.ui.tabs.base_data_tab import BaseDataTab
from propdesk.ui.tabs.register_tab import RegisterTab
from propdesk.ui.tabs.stats_tab import StatsTab
from propdesk.ui.tabs.today_tab import TodayTab
from tests.factories import register
from tests.ui.conftest import OFFSCREEN_LIMITS
from tests.ui.fresh_python import ACTION_SERVICES, HEAVY, run_fresh

CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QSettings
from propdesk.ui.app import open_services
from propdesk.ui.application import create_application
import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from propdesk.domain.records import Changes
from propdesk.ui import main_window
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session

HEAVY = {heavy!r}
ACTION_SERVICES = {services!r}


class PaintWatch(QObject):
    painted = False
    built = []

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self.built = [p.title for p in window.pages.values() if p.built]
        return False


def loaded():
    return sorted(m for m in HEAVY if m in sys.modules)


app = create_application()
services, label = open_services({db!r})
prefs = QSettings({prefs!r}, QSettings.Format.IniFormat)
window = MainWindow(Session(services, services.auth.system_user(), prefs, label))
board = window.pages["今日工作台"].views["to_dispatch"]
watch = PaintWatch()
board.viewport().installEventFilter(watch)
window.show()
for _ in range(200):
    app.processEvents()
    if watch.painted:
        break
out = {{
    "painted": watch.painted,
    "rows": board.model().rowCount(),
    "at_start": loaded(),
    "services": sorted(m for m in ACTION_SERVICES if m in sys.modules),
    "built": watch.built,
}}
window.show_tab("统计报表")
app.processEvents()
out["stats"] = loaded()
window.show_tab("基础资料")
app.processEvents()
out["base_data"] = loaded()
print(json.dumps(out))
"""


def run_child(db: Path, tmp_path: Path) -> dict[str, object]:
    code = CHILD.format(
        heavy=HEAVY, services=ACTION_SERVICES, db=str(db), prefs=str(tmp_path / "prefs.ini")
    )
    return run_fresh(code)


def test_first_paint_imports_no_heavy_module(services, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register(services)
    services.ctx.db.close()
    result = run_child(db_path, tmp_path)
    assert result["painted"] and result["rows"] == 1
    assert result["at_start"] == []
    assert result["services"] == []
    # at the first paint the other tabs are neither built nor queried (the register is, in
    # idle time after it: TabPage.prepare)
    assert result["built"] == ["今日工作台"]
    # imported when first needed: the charts and the statistics service (whose module holds
    # the workbook writer) with the 统计报表 tab; nothing more for 基础资料's pages
    assert result["stats"] == ["PySide6.QtCharts", "openpyxl"]
    assert result["base_data"] == ["PySide6.QtCharts", "openpyxl"]


def built(w: MainWindow) -> list[str]:
    return [p.title for p in w.pages.values() if p.built]  # (iterating does not build)


def test_tabs_are_built_when_first_shown(qtbot, services, prefs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "PREPARE_AFTER_MS", 600_000)  # (see the next test)
    w = MainWindow(Session(services, services.auth.system_user(), prefs, "test.db"))
    qtbot.addWidget(w)
    w.show()
    assert built(w) == [TodayTab.title]
    stats = dict(w.pages)[StatsTab.title]
    base = dict(w.pages)[BaseDataTab.title]
    assert isinstance(stats, StatsTab) and isinstance(base, BaseDataTab)
    assert not stats.children()
    page = w.show_tab(StatsTab.title)
    assert page is stats and stats.built and stats.isVisible()
    assert stats.cards["received"].isVisible() and stats.daily.isVisible()
    assert stats.daily.chart() is not None  # loaded on show
    # a hidden, unbuilt tab takes broadcasts in its stride and stays unbuilt
    every = Changes(frozenset({1}), True, True, True, True, True, True)
    w.session.broadcast(every)
    assert not base.built
    w.tabs.setCurrentWidget(base)  # a click on the tab: built as it is shown
    assert base.built and base.isVisible() and base.units.isVisible()
    assert base.staff.model.rowCount() > 0
    # looking a tab up builds it, hidden (it loads when shown)
    register = w.pages[RegisterTab.title]
    assert isinstance(register, RegisterTab) and register.built and not register.isVisible()
    assert register.stale and register.model.rowCount() == 0
    w.tabs.setCurrentWidget(register)  # as a click on the tab does
    assert register.isVisible() and not register.stale
    w.close()


def test_a_remembered_heavy_tab_opens_built(qtbot, services, prefs) -> None:  # type: ignore[no-untyped-def]
    user = services.auth.system_user()
    prefs.setValue(f"window/tab/{user.username}", BaseDataTab.title)
    w = MainWindow(Session(services, user, prefs, "test.db"))
    qtbot.addWidget(w)
    w.show()
    base = w.pages[BaseDataTab.title]
    assert isinstance(base, BaseDataTab)
    assert w.tabs.currentWidget() is base and base.built
    assert base.units.isVisible() and base.units.model.rowCount() > 0
    assert built(w) == [TodayTab.title, BaseDataTab.title]
    w.close()


@pytest.mark.qt_log_ignore(
    OFFSCREEN_LIMITS,
    r"No such signal QPlatformNativeInterface::systemTrayWindowChanged",  # no tray offscreen
)
def test_the_tray_icon_comes_once_the_window_is_up(qtbot, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    w = MainWindow(session)
    qtbot.addWidget(w)
    assert w.tray is None  # not part of the first paint
    w.show()
    qtbot.waitUntil(lambda: w.tray is not None)
    assert w.tray is not None and w.tray.toolTip() == "报事报修派工系统"
    w.close()


def test_the_register_is_read_in_idle_time_after_the_first_paint(qtbot, services, prefs) -> None:  # type: ignore[no-untyped-def]
    """Its first show then only paints (TabPage.prepare names the figure)."""
    register(services)
    w = MainWindow(Session(services, services.auth.system_user(), prefs, "test.db"))
    qtbot.addWidget(w)
    w.show()
    page = dict(w.pages)[RegisterTab.title]
    assert isinstance(page, RegisterTab) and not page.built
    qtbot.waitUntil(lambda: page.built and page.model.rowCount() == 1, timeout=5000)
    assert page.built and not page.isVisible() and not page.stale
    reloads: list[bool] = []
    page.reload = lambda: reloads.append(True)  # type: ignore[method-assign]
    w.show_tab(RegisterTab.title)
    assert page.isVisible() and reloads == []  # shown as read: no query on the first show
    w.close()
