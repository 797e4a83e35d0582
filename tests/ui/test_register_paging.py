"""The register model holds a bounded number of rows however far the clerk scrolls: pages
beyond ``MAX_PAGES`` are dropped least recently used first and read again, one keyset query
each, when their rows are shown or opened; a page read again that came back shorter shows
empty cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from propdesk.demo.builder import DemoBuilder
from propdesk.domain.enums import Status
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.services import Services
from propdesk.ui.main_window import MainWindow
from propdesk.ui.models.order_rows import REGISTER_COLUMNS
from propdesk.ui.models.paged_orders import MAX_PAGES, PAGE_SIZE, PagedOrderModel
from propdesk.ui.models.record_model import RecordRole
from propdesk.ui.session import Session
from propdesk.ui.tabs.register_tab import RegisterTab
from tests.factories import FakeClock, make_services, register

NOW = datetime(2026, 11, 20, 10, 0, 0)
ORDERS = 15 * PAGE_SIZE + 37  # 16 pages: twice the pages the model may hold
BOUND = MAX_PAGES * PAGE_SIZE
NEWEST_FIRST = Sort("received_at", descending=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    svc = make_services(tmp_path_factory.mktemp("paging") / "demo.db", FakeClock(NOW), False)
    DemoBuilder(svc, seed=3).build(orders=ORDERS, months=3, until=NOW)
    yield svc
    svc.ctx.db.close()


class CountingRegisters:
    """The register service, with every ``page`` call written down (limit and cursor)."""

    def __init__(self, registers: Any) -> None:
        self._registers = registers
        self.pages: list[PageRequest] = []

    def page(self, f: OrderFilter, sort: Sort, req: PageRequest) -> Any:
        self.pages.append(req)
        return self._registers.page(f, sort, req)

    def count(self, f: OrderFilter) -> int:
        return int(self._registers.count(f))


def model_over(svc: Services, registers: Any, **kw: Any) -> PagedOrderModel:
    model = PagedOrderModel(
        registers,
        REGISTER_COLUMNS,
        NOW,
        svc.reference.settings().rules,
        sort=NEWEST_FIRST,
        **kw,
    )
    model.reload()
    return model


def ids(model: PagedOrderModel, rows: range) -> list[int]:
    return [model.record(r).id for r in rows]


def scroll_to_the_end(model: PagedOrderModel) -> list[int]:
    """Fetch until there is no more, checking the bound after every page; the ids seen."""
    seen = ids(model, range(model.rowCount()))
    while model.canFetchMore():
        before = model.rowCount()
        model.fetchMore()
        assert model.held() <= model.bound
        seen += ids(model, range(before, model.rowCount()))
        assert model.held() <= model.bound
    return seen


def test_scrolling_to_the_end_holds_at_most_the_bound(demo):  # type: ignore[no-untyped-def]
    model = model_over(demo, demo.registers)
    assert model.bound == BOUND == 1600
    first_page = ids(model, range(PAGE_SIZE))
    seen = scroll_to_the_end(model)
    assert model.rowCount() == model.total == demo.registers.count(OrderFilter()) == ORDERS
    assert len(set(seen)) == ORDERS  # every order once
    assert model.peak_held <= BOUND
    assert model.held() <= BOUND and len(model.held_pages()) <= MAX_PAGES
    assert 0 not in model.held_pages()  # the first page was dropped on the way down
    # scrolling back up shows the first page as it was loaded at the start
    assert ids(model, range(PAGE_SIZE)) == first_page
    assert model.held_pages()[-1] == 0
    # and every row is the one seen on the way down, still within the bound
    assert ids(model, range(ORDERS)) == seen
    assert model.peak_held <= BOUND


def test_a_dropped_page_is_read_again_with_one_page_query(demo):  # type: ignore[no-untyped-def]
    counting = CountingRegisters(demo.registers)
    model = model_over(demo, counting)
    seen = scroll_to_the_end(model)
    assert 3 not in model.held_pages()
    counting.pages.clear()
    row = 3 * PAGE_SIZE + 17
    assert model.record(row).id == seen[row]
    assert len(counting.pages) == 1
    req = counting.pages[0]
    assert req.limit == PAGE_SIZE and req.after is not None
    # the rest of that page comes from memory
    assert ids(model, range(3 * PAGE_SIZE, 4 * PAGE_SIZE)) == seen[3 * PAGE_SIZE : 4 * PAGE_SIZE]
    assert len(counting.pages) == 1
    # the first page starts after nothing
    counting.pages.clear()
    assert model.index(5, 0).data(RecordRole).id == seen[5]
    assert [(r.limit, r.after) for r in counting.pages] == [(PAGE_SIZE, None)]
    # the last page (37 rows) is asked for its own length
    counting.pages.clear()
    model.record(ORDERS - 1)
    assert [r.limit for r in counting.pages] == ([37] if 15 not in model.held_pages() else [])
    assert model.held() <= BOUND


def test_row_of_and_records(demo):  # type: ignore[no-untyped-def]
    model = model_over(demo, demo.registers)
    seen = scroll_to_the_end(model)
    held = model.held_pages()
    # row_of looks in the held pages only
    last = seen[-1]
    assert model.row_of(lambda r: r.id == last) == ORDERS - 1
    assert 0 not in held and model.row_of(lambda r: r.id == seen[0]) == -1
    # records() is every row reached, pages not held read again but not kept
    assert [r.id for r in model.records()] == seen
    assert model.held_pages() == held


@pytest.fixture
def register_tab(qtbot, demo: Services, tmp_path: Path) -> Iterator[RegisterTab]:  # type: ignore[no-untyped-def]
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(demo, demo.auth.system_user(), prefs, "demo.db"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tab = window.show_tab(RegisterTab.title)
    assert isinstance(tab, RegisterTab)
    QApplication.processEvents()
    yield tab
    window.close()


def test_double_click_on_a_dropped_row_opens_that_order(register_tab):  # type: ignore[no-untyped-def]
    tab = register_tab
    first = tab.model.record(0).id
    bar = tab.view.verticalScrollBar()
    while tab.model.canFetchMore():
        bar.setValue(bar.maximum())
        QApplication.processEvents()
        assert tab.model.held() <= BOUND
    assert tab.model.rowCount() == ORDERS
    assert 0 not in tab.model.held_pages()
    opened: list[int] = []
    tab.session.open_order_requested.disconnect()
    tab.session.open_order_requested.connect(opened.append)
    tab.view.scrollToTop()
    QApplication.processEvents()
    index = tab.model.index(0, 0)
    tab.view.select_row(0)
    assert tab.view.current_record().id == first
    centre = tab.view.visualRect(index).center()
    QTest.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [first]
    assert tab.model.peak_held <= BOUND


def test_a_page_read_again_shorter_shows_empty_cells(services, clock):  # type: ignore[no-untyped-def]
    orders = []
    for _ in range(12):
        orders.append(register(services))
        clock.advance(minutes=1)
    pending = OrderFilter(statuses=(Status.PENDING,))
    model = PagedOrderModel(
        services.registers,
        REGISTER_COLUMNS,
        clock.now,
        services.reference.settings().rules,
        order_filter=pending,
        sort=NEWEST_FIRST,
        page_size=5,
    )
    model.MAX_PAGES = 1
    model.reload()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 12 and model.held_pages() == [2]
    # the oldest order (last row, last page) is cancelled while its page is not held
    assert model.record(0).id == orders[-1].id
    assert model.held_pages() == [0]
    user = services.auth.system_user()
    services.workflow.cancel(orders[0].id, user, reason="业主已自行处理")
    assert model.rowCount() == 12
    assert model.record(10).id == orders[1].id  # page 2 read again: one row now
    assert model.index(11, 0).data() is None
    assert model.index(11, 0).data(RecordRole) is None
    with pytest.raises(IndexError):
        model.record(11)
    assert model.record_at(11) is None
    # a reload counts again
    model.reload()
    assert model.total == 11


def test_model_tester_with_pages_dropped(qtmodeltester, services, clock):  # type: ignore[no-untyped-def]
    for _ in range(20):
        register(services)
        clock.advance(minutes=1)
    model = PagedOrderModel(
        services.registers,
        REGISTER_COLUMNS,
        clock.now,
        services.reference.settings().rules,
        sort=NEWEST_FIRST,
        page_size=3,
    )
    model.MAX_PAGES = 2
    model.reload()
    qtmodeltester.check(model, force_py=True)  # stays connected through paging and reloads
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 20 and model.held() <= 6
    model.set_clock(clock.advance(minutes=5))
    model.reload(sort=Sort("number"))
    qt_checked = PagedOrderModel(
        services.registers,
        REGISTER_COLUMNS,
        clock.now,
        services.reference.settings().rules,
        page_size=3,
    )
    qt_checked.MAX_PAGES = 2
    qt_checked.reload()
    while qt_checked.canFetchMore():
        qt_checked.fetchMore()
    qtmodeltester.check(qt_checked)  # Qt's own tester, reading every row of 7 pages
    assert qt_checked.held() <= 6
