"""Qt's model tester on every table model, filled with real records from the services."""

from __future__ import annotations

from PySide6.QtCore import Qt

from propdesk.domain.enums import Role
from propdesk.domain.filters import OrderFilter
from propdesk.ui.models.order_parts import (
    dispatches_model,
    events_model,
    materials_model,
    visits_model,
)
from propdesk.ui.models.order_rows import (
    BOARD_COLUMNS,
    FEE_COLUMNS,
    HISTORY_COLUMNS,
    REGISTER_COLUMNS,
    OrderRowsModel,
)
from propdesk.ui.models.paged_orders import PagedOrderModel
from propdesk.ui.models.record_model import RecordRole, SortRole
from propdesk.ui.models.reference_models import (
    categories_model,
    departments_model,
    fee_items_model,
    staff_model,
    units_model,
    urgencies_model,
    users_model,
)
from tests.factories import closed_order, make_user, register


def test_order_rows_models(qtmodeltester, services, clock):  # type: ignore[no-untyped-def]
    closed_order(services, clock)
    register(services, unit_code="3-2-1502", paid=True)
    rows, _ = services.registers.page(OrderFilter())
    rules = services.reference.settings().rules
    for columns in (REGISTER_COLUMNS, BOARD_COLUMNS, HISTORY_COLUMNS, FEE_COLUMNS):
        model = OrderRowsModel(columns, clock.now, rules)
        model.set_records(rows)
        qtmodeltester.check(model, force_py=True)  # stays connected: watches what follows
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.set_clock(clock.advance(minutes=30))
        model.set_records(rows[:1])
        assert model.index(0, 0).data(RecordRole) == rows[0]
        qt_checked = OrderRowsModel(columns, clock.now, rules)
        qt_checked.set_records(rows)
        qtmodeltester.check(qt_checked)  # Qt's own QAbstractItemModelTester


def test_paged_model(qtmodeltester, services, clock):  # type: ignore[no-untyped-def]
    for _ in range(7):
        register(services)
        clock.advance(minutes=1)
    model = PagedOrderModel(
        services.registers,
        REGISTER_COLUMNS,
        clock.now,
        services.reference.settings().rules,
        page_size=3,
    )
    model.reload()
    qtmodeltester.check(model, force_py=True)  # stays connected through paging and sorting
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 7
    received = model.column_of("received_at")
    model.sort(received, Qt.SortOrder.AscendingOrder)
    values = [model.index(r, received).data(SortRole) for r in range(model.rowCount())]
    assert values == sorted(values)
    qt_checked = PagedOrderModel(
        services.registers,
        REGISTER_COLUMNS,
        clock.now,
        services.reference.settings().rules,
        page_size=3,
    )
    qt_checked.reload()
    qtmodeltester.check(qt_checked)  # Qt's own tester
    qt_checked.fetchMore()
    qt_checked.sort(received, Qt.SortOrder.DescendingOrder)
    assert qt_checked.rowCount() >= 3


def test_order_part_models(qtmodeltester, services, clock):  # type: ignore[no-untyped-def]
    order = closed_order(services, clock)
    for model, records in (
        (events_model(), order.events),
        (dispatches_model(), order.dispatches),
        (materials_model(), order.materials),
        (visits_model(), order.visits),
    ):
        assert records
        model.set_records(records)
        qtmodeltester.check(model, force_py=True)
        qtmodeltester.check(model)


def test_reference_models(qtmodeltester, services):  # type: ignore[no-untyped-def]
    make_user(services, Role.FINANCE)
    ref = services.reference
    departments = {d.id: d.name for d in ref.departments()}
    urgencies = {u.id: u.name for u in ref.urgencies()}
    for model, records in (
        (units_model(), ref.units()),
        (staff_model(), ref.staff(active_only=False)),
        (departments_model(), ref.departments(active_only=False)),
        (categories_model(departments, urgencies), ref.categories(active_only=False)),
        (urgencies_model(), ref.urgencies()),
        (fee_items_model(), ref.fee_items()),
        (users_model(), services.auth.users()),
    ):
        assert records
        model.set_records(records)
        qtmodeltester.check(model, force_py=True)
        model.sort(1, Qt.SortOrder.AscendingOrder)
        qtmodeltester.check(model, force_py=True)


def test_empty_models(qtmodeltester, clock, services):  # type: ignore[no-untyped-def]
    model = OrderRowsModel(BOARD_COLUMNS, clock.now, services.reference.settings().rules)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(events_model())
