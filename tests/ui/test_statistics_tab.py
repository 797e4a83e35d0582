"""The 统计报表 tab on the scenario month: KPI cards with last month beside them, the charts,
month navigation, who may see it, exports with the progress dialog and the remembered folder,
and a register view exported to Excel."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from propdesk.domain.enums import Kind, Role
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.kpi import KPI_BY_KEY
from propdesk.domain.records import Changes
from propdesk.services.statistics import StatisticsService
from propdesk.ui.export_orders import export_orders_to
from propdesk.ui.export_run import FOLDER_KEY, ExportRunner, export_folder
from propdesk.ui.session import Session
from propdesk.ui.tabs.stats_cards import CARD_KEYS
from propdesk.ui.tabs.stats_tab import StatsTab
from tests.factories import make_user, order_input
from tests.stats_data import NOV, NOW
from tests.ui.helpers import message_texts


@pytest.fixture
def svc(month_db):
    return month_db.svc


def session_for(svc, prefs, role: Role) -> Session:
    user = make_user(svc, role, f"u_{role.value}")
    return Session(svc.for_viewer(user), user, prefs, "test.db")


@pytest.fixture
def page(qtbot, svc, prefs):
    tab = StatsTab(session_for(svc, prefs, Role.MANAGER))
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    tab.month.setDate(QDate(2026, 11, 1))
    return tab


def test_cards_show_the_month_beside_the_last(page, svc):
    report = StatisticsService(svc.ctx).month(NOV, svc.auth.system_user()).report
    for key in CARD_KEYS:
        line = KPI_BY_KEY[key]
        card = page.cards[key]
        assert card.value.text() == line.text(report.figures)
        assert card.compare.text().startswith(f"上月 {line.text(report.previous)}")
    assert page.values["received"].text() == "16"
    assert page.values["timely"].text() == "75.0%"
    assert page.cards["timely"].toolTip().endswith("本月：9 / 12")
    assert "2026年11月受理工单 16 张（其中取消 1 张）" in page.caption.text()


def test_nothing_is_clipped(page):
    for card in page.cards.values():
        for label in (card.title, card.value, card.compare):
            assert label.sizeHint().width() <= label.width(), label.text()


def test_charts_hold_the_month(page):
    daily = page.daily.chart()
    assert daily.title() == "2026年11月每日受理量"
    sets = daily.series()[0].barSets()
    assert [s.label() for s in sets] == ["报修", "报事"]
    assert sum(s.sum() for s in sets) == 16
    assert sets[0].count() == 30
    categories = page.by_category.chart().axes()[0].categories()
    assert categories[-1] == "水"  # the largest at the top
    techs = page.by_technician.chart().axes()[0].categories()
    assert set(techs) == {"李师傅", "王师傅"}


def test_month_navigation(page):
    page.prev_button.click()
    assert page.selected_month() == date(2026, 10, 1)
    assert page.values["received"].text() == "1"
    page.month.setDate(QDate(2026, 12, 1))
    assert page.values["received"].text() == "3"
    assert not page.next_button.isEnabled()  # December is the current month
    page.prev_button.click()
    assert page.next_button.isEnabled()


def test_reloads_on_broadcast_changes(page, svc):
    order = svc.intake.register(
        order_input(svc, received_at=NOW.replace(month=11, day=20)), svc.auth.system_user()
    ).order
    page.session.broadcast(Changes.orders(order.id))
    assert page.values["received"].text() == "17"


def test_roles_without_the_right_see_a_notice(qtbot, svc, prefs):
    tab = StatsTab(session_for(svc, prefs, Role.RECEPTIONIST))
    qtbot.addWidget(tab)
    tab.show()
    assert "无权查看统计报表" in tab.caption.text()
    assert not tab.export_button.isEnabled() and not tab.month.isEnabled()
    assert all(not c.isVisible() for c in tab.cards.values())
    assert tab.values["received"].text() == "—"


def test_export_with_progress_remembers_the_folder(page, prefs, tmp_path):
    folder = tmp_path / "报表"
    folder.mkdir()
    assert page.default_file_name() == "2026年11月报事报修统计.xlsx"
    result = page.export_to(folder / page.default_file_name())
    assert result is not None and result.orders == 16
    book = load_workbook(folder / "2026年11月报事报修统计.xlsx")
    assert book["汇总"]["B5"].value == 16
    assert prefs.value(FOLDER_KEY) == str(folder)
    assert export_folder(page.session) == folder
    assert any("已导出 16 条工单" in t for t in message_texts(page))
    assert page.runner is not None and page.runner.dialog is None  # closed


def test_cancelled_export_leaves_no_file(page, tmp_path):
    target = tmp_path / "x.xlsx"
    runner: ExportRunner

    def export(path, progress):
        runner.dialog.cancel()  # the clerk presses 取消
        progress(1, 10)
        raise AssertionError("not reached")

    runner = ExportRunner(page.session, page, "正在导出……", export)
    assert runner.run(target) is None
    assert not target.exists()
    assert any("已取消导出" in t for t in message_texts(page))


def test_register_view_exported_as_filtered(qtbot, svc, prefs, tmp_path):
    session = session_for(svc, prefs, Role.RECEPTIONIST)
    parent = StatsTab(session)
    qtbot.addWidget(parent)
    f = OrderFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), kind=Kind.MATTER)
    target = tmp_path / "报事.xlsx"
    result = export_orders_to(session, f, Sort(), target, parent)
    assert result is not None and result.orders == 1
    rows = list(load_workbook(target)["工单"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["投诉"]
    assert rows[0][8] == "139****9000"  # a receptionist's export masks phones
