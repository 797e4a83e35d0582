"""The register never holds more orders than it has been shown a page at a time: opening,
filtering and sorting hold one page, each scroll to the bottom adds at most one more, and
the services are never asked for more than a page of rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from propdesk.demo.builder import DemoBuilder
from propdesk.domain.filters import OrderFilter, PageRequest
from propdesk.services import Services
from propdesk.services.registers import RegisterService
from propdesk.ui.main_window import MainWindow
from propdesk.ui.models.paged_orders import PAGE_SIZE
from propdesk.ui.session import Session
from propdesk.ui.tabs.register_tab import RegisterTab
from tests.factories import FakeClock, make_services

NOW = datetime(2026, 11, 20, 10, 0, 0)
ORDERS = 5 * PAGE_SIZE + 37


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    svc = make_services(tmp_path / "demo.db", FakeClock(NOW), with_data=False)
    DemoBuilder(svc, seed=2).build(orders=ORDERS, months=2, until=NOW)
    yield svc
    svc.ctx.db.close()


class PageSpy:
    """Records every page size and id list the register service is asked for (whichever
    instance the window's session reads through)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.limits: list[int] = []
        self.id_lists: list[int] = []
        page, rows, orders = RegisterService.page, RegisterService.rows, RegisterService.orders

        def spy_page(svc: RegisterService, f: OrderFilter, *args: Any, **kw: Any) -> Any:
            req = kw.get("req", args[1] if len(args) > 1 else PageRequest())
            self.limits.append(req.limit)
            return page(svc, f, *args, **kw)

        def spy_rows(svc: RegisterService, ids: list[int]) -> Any:
            self.id_lists.append(len(ids))
            return rows(svc, ids)

        def spy_orders(svc: RegisterService, ids: list[int]) -> Any:
            self.id_lists.append(len(ids))
            return orders(svc, ids)

        monkeypatch.setattr(RegisterService, "page", spy_page)
        monkeypatch.setattr(RegisterService, "rows", spy_rows)
        monkeypatch.setattr(RegisterService, "orders", spy_orders)


@pytest.fixture
def register(
    qtbot, demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[RegisterTab, PageSpy]]:  # type: ignore[no-untyped-def]
    spy = PageSpy(monkeypatch)
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(demo, demo.auth.system_user(), prefs, "demo.db"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tab = window.show_tab(RegisterTab.title)
    assert isinstance(tab, RegisterTab)
    QApplication.processEvents()
    yield tab, spy
    window.close()


def held(tab: RegisterTab) -> int:
    return tab.model.held()


def scroll_to_bottom(tab: RegisterTab) -> None:
    bar = tab.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()


def test_opening_holds_one_page_of_many(register):  # type: ignore[no-untyped-def]
    tab, spy = register
    assert tab.model.total == ORDERS
    assert held(tab) == PAGE_SIZE
    assert "1037" in tab.count_label.text()


def test_each_scroll_adds_at_most_one_page(register):  # type: ignore[no-untyped-def]
    tab, spy = register
    for fetched in range(1, 4):
        before = held(tab)
        scroll_to_bottom(tab)
        assert held(tab) - before <= PAGE_SIZE
        assert held(tab) <= (fetched + 1) * PAGE_SIZE
    assert held(tab) < ORDERS


def test_filtering_and_sorting_start_again_from_one_page(register):  # type: ignore[no-untyped-def]
    """A reload holds one page again (a view left scrolled to its bottom may ask for one
    more at once)."""
    tab, spy = register
    scroll_to_bottom(tab)
    scroll_to_bottom(tab)
    assert held(tab) > PAGE_SIZE
    tab.view.sortByColumn(
        tab.model.column_of("caller_name"), tab.view.horizontalHeader().sortIndicatorOrder()
    )
    QApplication.processEvents()
    assert held(tab) <= 2 * PAGE_SIZE
    scroll_to_bottom(tab)
    tab.filters.search.setText("水")
    tab.filters.search.returnPressed.emit()
    QApplication.processEvents()
    assert held(tab) <= min(2 * PAGE_SIZE, tab.model.total)


def test_the_services_are_asked_for_a_page_at_most(register):  # type: ignore[no-untyped-def]
    tab, spy = register
    for _ in range(3):
        scroll_to_bottom(tab)
    tab.filters.search.setText("张")
    tab.filters.search.returnPressed.emit()
    QApplication.processEvents()
    assert spy.limits and max(spy.limits) <= PAGE_SIZE
    assert not spy.id_lists or max(spy.id_lists) <= PAGE_SIZE
