"""The register: pages loaded as the view scrolls, sorting and filtering in SQL, the count, and
deadline colours that follow the injected clock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from propdesk.domain.enums import Kind, Status
from propdesk.domain.filters import OrderFilter, Sort
from propdesk.ui.models.paged_orders import PagedOrderModel
from propdesk.ui.models.record_model import OVERDUE_BG, SOON_BG, SortRole
from propdesk.ui.tabs.register_tab import RegisterTab
from propdesk.ui.widgets.combos import select
from tests.factories import register, staff_id


def register_tab(window) -> RegisterTab:  # type: ignore[no-untyped-def]
    tab = window.show_tab(RegisterTab.title)
    assert isinstance(tab, RegisterTab)
    return tab


def many_orders(services, clock, n: int) -> list:  # type: ignore[no-untyped-def]
    out = []
    units = ("1-1-101", "1-1-102", "3-2-1502", "5-1-2301")
    for i in range(n):
        out.append(register(services, unit_code=units[i % 4]))
        clock.advance(minutes=1)
    return out


def test_pages_are_fetched_as_needed(services, clock):  # type: ignore[no-untyped-def]
    orders = many_orders(services, clock, 25)
    model = PagedOrderModel(
        services.registers,
        ("number", "received_at"),
        clock.now,
        services.reference.settings().rules,
        page_size=10,
    )
    model.reload()
    assert model.rowCount() == 10
    assert model.total == 25
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25
    assert not model.canFetchMore()
    # newest first, no row twice
    numbers = [model.record(i).number for i in range(25)]
    assert numbers == [o.number for o in reversed(orders)]


def test_view_scrolling_fetches_more(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    many_orders(services, clock, 60)
    window.resize(1000, 480)
    tab = register_tab(window)
    tab.model.page_size = 10
    tab.reload()
    assert tab.model.rowCount() == 10
    # the view lays out (the tab was built on this first show) and fills its viewport
    qtbot.waitUntil(lambda: tab.view.verticalScrollBar().maximum() > 0)  # more rows than fit
    seen = [tab.model.rowCount()]
    bar = tab.view.verticalScrollBar()
    for _ in range(8):  # the clerk drags the scroll bar to the bottom, again and again
        bar.setValue(bar.maximum())
        QApplication.processEvents()
        seen.append(tab.model.rowCount())
    assert seen == sorted(seen)
    assert seen[0] < 60 and seen[-1] == 60
    assert tab.count_label.text() == "共 60 条工单"


def test_header_click_sorts_in_sql(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    register(services, unit_code="3-2-1502")
    clock.advance(minutes=1)
    register(services, unit_code="1-1-101")
    clock.advance(minutes=1)
    register(services, unit_code="5-1-2301")
    tab = register_tab(window)
    place = tab.model.column_of("place")
    header = tab.view.horizontalHeader()
    x = header.sectionViewportPosition(place) + header.sectionSize(place) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert tab.model.order_sort.key == "place"
    places = [tab.model.index(r, place).data(SortRole) for r in range(3)]
    assert places == sorted(places) or places == sorted(places, reverse=True)
    # an unsortable column (电话) keeps the previous order and indicator
    phone = tab.model.columns.index(next(c for c in tab.model.columns if c.title == "电话"))
    tab.view.sortByColumn(phone, Qt.SortOrder.AscendingOrder)
    assert tab.model.order_sort.key == "place"
    assert header.sortIndicatorSection() == place


def test_filters_and_search_narrow_the_rows(window, services, clock):  # type: ignore[no-untyped-def]
    a = register(services, unit_code="3-2-1502")
    register(services, unit_code="1-1-101", category="电/灯具")
    matter = register(services, kind=Kind.MATTER, category="投诉/噪音扰民")
    services.workflow.dispatch(a.id, services.auth.system_user(), staff_ids=[staff_id(services)])
    tab = register_tab(window)
    assert tab.model.total == 3

    tab.filters.search.setText("1502")
    tab.filters.search.returnPressed.emit()
    assert [r.number for r in tab.model.records()] == [a.number]
    assert tab.count_label.text() == "共 1 条工单"

    tab.filters.search.clear()
    tab.filters.search.returnPressed.emit()
    select(tab.filters.kind, Kind.MATTER.value)
    assert [r.number for r in tab.model.records()] == [matter.number]

    tab.filters.reset()
    select(tab.filters.status, Status.DISPATCHED.value)
    assert [r.number for r in tab.model.records()] == [a.number]

    tab.filters.reset()
    select(tab.filters.staff, staff_id(services))
    assert [r.number for r in tab.model.records()] == [a.number]

    tab.filters.reset()
    assert tab.current_filter() == OrderFilter()
    assert tab.model.total == 3


def test_overdue_rows_turn_red_as_the_clock_passes(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)  # 待派工: dispatch due in 5 minutes
    tab = register_tab(window)
    row = tab.model.row_of(lambda r: r.id == order.id)
    bg = tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg is not None and bg.color() == SOON_BG  # due within 30 minutes: amber

    clock.advance(minutes=6)
    fresh = window.watcher.check()
    assert [r.id for r in fresh] == [order.id]
    row = tab.model.row_of(lambda r: r.id == order.id)
    bg = tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg is not None and bg.color() == OVERDUE_BG
    due_col = tab.model.column_of("due_at")
    assert "已超时" in tab.model.index(row, due_col).data()
    # the overdue filter finds it
    tab.filters.overdue.setChecked(True)
    assert [r.id for r in tab.model.records()] == [order.id]


def test_rows_far_from_their_deadline_are_plain(window, services, clock):  # type: ignore[no-untyped-def]
    order = register(services)
    services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    clock.advance(minutes=1)
    services.workflow.arrive(order.id, services.auth.system_user())  # resolve due in 24 h
    tab = register_tab(window)
    row = tab.model.row_of(lambda r: r.id == order.id)
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    clock.advance(hours=23, minutes=50)  # 完工 due 24 h after registration
    window.watcher.check()
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == SOON_BG


def test_sort_object_is_sql_side(services, clock):  # type: ignore[no-untyped-def]
    many_orders(services, clock, 5)
    model = PagedOrderModel(
        services.registers,
        ("number", "place"),
        clock.now,
        services.reference.settings().rules,
        sort=Sort("place", descending=False),
    )
    model.reload()
    values = [model.index(r, 1).data(SortRole) for r in range(model.rowCount())]
    assert values == sorted(values)


class _Paints(QObject):
    """Counts the paint events of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_register_paints_its_page_once(qtbot, window, services, clock):  # type: ignore[no-untyped-def]
    """Shown for the first time, and after a filter change, the table is painted once (Qt
    used to lay out the new rows inside the first paint and paint the whole table again)."""
    many_orders(services, clock, 40)
    window.resize(1200, 700)
    qtbot.wait(100)  # the today board has settled
    tab = window.pages[RegisterTab.title]  # built, not yet shown
    paints = _Paints(tab.view.viewport())
    window.show_tab(RegisterTab.title)
    qtbot.waitUntil(lambda: paints.count >= 1)
    qtbot.wait(200)  # anything queued by the first paint has run
    assert paints.count == 1
    assert tab.model.rowCount() == 40
    paints.count = 0
    select(tab.filters.status, Status.PENDING.value)
    qtbot.waitUntil(lambda: paints.count >= 1)
    qtbot.wait(200)
    assert paints.count == 1
