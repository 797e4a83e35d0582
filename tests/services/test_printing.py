"""Printing through the services: the print log, 补打, a day's batch, the shift handover and
who may print. PDFs are read back with pypdf."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from propdesk.db import print_log
from propdesk.domain.enums import PaperMode, Role, Status
from propdesk.domain.errors import NotFound, PermissionDenied
from propdesk.domain.permissions import MATRIX, Perm
from propdesk.services import Services
from tests.factories import (
    FakeClock,
    assert_refused,
    db_dump,
    make_staff_user,
    make_user,
    order_in_status,
    register,
    staff_id,
)
from tests.print.pdfcheck import page_sizes_mm, page_texts, squeeze

A4 = (210.0, 297.0)


def text(pdf: bytes) -> str:
    return squeeze("".join(page_texts(pdf)))


def dispatched(svc: Services, clock: FakeClock, **overrides: object):  # type: ignore[no-untyped-def]
    order = register(svc, **overrides)
    clock.advance(minutes=2)
    return svc.workflow.dispatch(order.id, svc.auth.system_user(), staff_ids=[staff_id(svc)]).order


# --- one slip ------------------------------------------------------------------------


def test_first_print_is_logged_as_the_original(services, clock):
    clerk = make_user(services, Role.RECEPTIONIST)
    order = dispatched(services, clock)
    clock.advance(minutes=1)

    printed = services.printing.print_slip(order.id, clerk)

    assert printed.logged and not printed.reprint
    assert "补打" not in text(printed.pdf)
    assert order.number in text(printed.pdf)
    assert squeeze(f"打印人：{clerk.display_name}") in text(printed.pdf)
    (row,) = services.printing.history(order.id)
    assert row.order_id == order.id
    assert row.dispatch_id == order.last_dispatch.id
    assert row.printed_at == clock.now
    assert row.user_name == clerk.display_name
    assert (row.paper, row.copies, row.reprint) == ("a4x2", 4, False)


def test_second_print_of_the_same_dispatch_is_a_reprint_with_its_date(services, clock):
    user = services.auth.system_user()
    order = dispatched(services, clock)
    services.printing.print_slip(order.id, user)
    clock.set(datetime(2026, 11, 22, 9, 15))

    again = services.printing.print_slip(order.id, user)
    third = services.printing.print_slip(order.id, user)

    assert again.reprint and third.reprint
    assert "补打2026-11-22" in text(again.pdf)
    assert [p.reprint for p in services.printing.history(order.id)] == [False, True, True]


def test_preview_shows_what_a_print_would_and_logs_nothing(services, clock):
    user = services.auth.system_user()
    order = dispatched(services, clock)

    before = db_dump(services)
    first = services.printing.preview_slip(order.id, user)
    assert db_dump(services) == before
    assert not first.logged and not first.reprint
    assert "补打" not in text(first.pdf)

    services.printing.print_slip(order.id, user)
    clock.advance(days=1)
    before = db_dump(services)
    second = services.printing.preview_slip(order.id, user)
    assert db_dump(services) == before
    assert second.reprint
    assert f"补打{clock.now:%Y-%m-%d}" in text(second.pdf)


def test_redispatch_makes_a_new_slip_whose_first_print_is_no_reprint(services, clock):
    user = services.auth.system_user()
    order = dispatched(services, clock)
    services.printing.print_slip(order.id, user)
    services.printing.print_slip(order.id, user)
    clock.advance(minutes=5)
    redone = services.workflow.dispatch(
        order.id, user, staff_ids=[staff_id(services, "王师傅")], note="改派王师傅"
    ).order
    assert redone.last_dispatch.id != order.last_dispatch.id

    first_of_new = services.printing.print_slip(order.id, user)
    second_of_new = services.printing.print_slip(order.id, user)

    assert not first_of_new.reprint
    assert "补打" not in text(first_of_new.pdf)
    assert "王师傅" in text(first_of_new.pdf)
    assert second_of_new.reprint
    log = services.printing.history(order.id)
    assert [(p.dispatch_id == redone.last_dispatch.id, p.reprint) for p in log] == [
        (False, False),
        (False, True),
        (True, False),
        (True, True),
    ]


def test_slip_of_an_order_not_yet_dispatched_then_its_first_dispatch(services, clock):
    user = services.auth.system_user()
    order = register(services)
    before_dispatch = services.printing.print_slip(order.id, user)
    clock.advance(minutes=2)
    services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])

    after_dispatch = services.printing.print_slip(order.id, user)

    assert not before_dispatch.reprint and not after_dispatch.reprint
    assert [p.dispatch_id is None for p in services.printing.history(order.id)] == [True, False]


@pytest.mark.parametrize(
    ("paper", "copies", "pages", "size", "logged_copies"),
    [
        (PaperMode.A4, 3, 3, A4, 3),
        (PaperMode.A4X2, 3, 2, A4, 3),
        (PaperMode.A5, 4, 4, (210.0, 148.0), 4),
        # continuous forms print once; their plies are the office's copies
        (PaperMode.CONT_241X140, 3, 1, (241.0, 140.0), 4),
        (PaperMode.CONT_241X279, None, 1, (241.0, 279.0), 4),
    ],
)
def test_paper_and_copies_are_printed_and_logged(
    services, clock, paper, copies, pages, size, logged_copies
):
    order = dispatched(services, clock)
    printed = services.printing.print_slip(
        order.id, services.auth.system_user(), paper=paper, copies=copies
    )
    assert printed.pages == pages
    assert page_sizes_mm(printed.pdf) == [size] * pages
    (row,) = services.printing.history(order.id)
    assert (row.paper, row.copies) == (paper.value, logged_copies)


def test_copies_leaving_out_finance_are_refused_and_nothing_logged(services, clock):
    order = dispatched(services, clock)
    err = assert_refused(
        services,
        lambda: services.printing.print_slip(
            order.id, services.auth.system_user(), paper=PaperMode.A4, copies=2
        ),
        "联数",
        in_message=False,
    )
    assert "财务" in err.message


# --- a day's batch -------------------------------------------------------------------


def test_batch_prints_every_current_slip_dispatched_that_day_and_logs_each(services, clock):
    user = services.auth.system_user()
    day = clock.now.date()
    first = dispatched(services, clock, description="卫生间地漏堵塞")
    second = dispatched(services, clock, unit_code="3-2-1502", caller_name="王五")
    moved = dispatched(services, clock, unit_code="1-1-102", caller_name="李四")
    cancelled = dispatched(services, clock, unit_code="5-1-2301", caller_name="赵六")
    services.workflow.cancel(cancelled.id, user, reason="业主已自行解决")
    pending = register(services, description="阳台灯不亮")
    services.printing.print_slip(second.id, user)  # printed once already

    clock.set(datetime(2026, 11, 21, 9, 0))
    services.workflow.dispatch(moved.id, user, staff_ids=[staff_id(services, "王师傅")])
    next_day = dispatched(services, clock, description="门禁卡失灵")

    assert services.printing.day_order_ids(day) == [first.id, second.id]
    assert services.printing.day_order_ids(clock.now.date()) == [moved.id, next_day.id]

    batch = services.printing.print_day(day, user, paper=PaperMode.A4X2, copies=4)

    assert batch.logged
    assert [o.id for o in batch.orders] == [first.id, second.id]
    assert batch.reprints == frozenset({second.id})
    assert page_sizes_mm(batch.pdf) == [A4] * 4
    texts = [squeeze(t) for t in page_texts(batch.pdf)]
    assert all(first.number in t and second.number not in t for t in texts[:2])
    assert all(second.number in t and "补打2026-11-21" in t for t in texts[2:])
    assert not any("补打" in t for t in texts[:2])
    for other in (moved, cancelled, pending, next_day):
        assert other.number not in "".join(texts)
    assert [p.reprint for p in services.printing.history(first.id)] == [False]
    assert [p.reprint for p in services.printing.history(second.id)] == [False, True]
    assert services.printing.history(moved.id) == []

    again = services.printing.print_day(day, user)
    assert again.reprints == frozenset({first.id, second.id})


def test_batch_preview_logs_nothing(services, clock):
    user = services.auth.system_user()
    order = dispatched(services, clock)
    before = db_dump(services)
    preview = services.printing.preview_day(clock.now.date(), user, paper=PaperMode.A4, copies=3)
    assert db_dump(services) == before
    assert not preview.logged and preview.pages == 3
    assert order.number in text(preview.pdf)


def test_a_day_without_dispatches_is_refused(services, clock):
    dispatched(services, clock)
    assert_refused(
        services,
        lambda: services.printing.print_day(date(2026, 11, 19), services.auth.system_user()),
        "日期",
        in_message=False,
    )


# --- shift handover ------------------------------------------------------------------


def handover_setup(services: Services, clock: FakeClock) -> dict[str, object]:
    closed = order_in_status(services, clock, Status.CLOSED, unit_code="5-1-2301")
    cancelled = order_in_status(services, clock, Status.CANCELLED, unit_code="1-1-102")
    to_visit = order_in_status(services, clock, Status.TO_VISIT, unit_code="3-2-1502")
    out = dispatched(services, clock, description="客厅插座没电")
    clock.advance(minutes=1)
    late = register(services, description="楼道灯不亮")  # to dispatch within 5 minutes
    clock.advance(minutes=9)  # `late` is overdue; `out` (arrive within 15 minutes) is not
    return {
        "closed": closed,
        "cancelled": cancelled,
        "to_visit": to_visit,
        "out": out,
        "late": late,
    }


def test_handover_lists_open_orders_by_section(services, clock):
    o = handover_setup(services, clock)
    clerk = make_user(services, Role.RECEPTIONIST)

    pdf = services.printing.handover(clerk, shift="白班", notes="3号楼电梯维保，明早9点")

    t = text(pdf)
    assert "未完成3单其中超时1单待派工1单派工单在外1张待回访1单" in t
    assert "班次：白班" in t and "3号楼电梯维保，明早9点" in t
    assert squeeze(f"打印：{clerk.display_name} {clock.now:%Y-%m-%d %H:%M}") in t
    heads = [
        t.index(h)
        for h in ("1、超时工单", "2、待派工", "3、派工单在外", "4、待回访", "5、其他未完成")
    ]
    assert heads == sorted(heads)

    def section(number: str) -> int:
        at = t.index(number)
        return sum(1 for h in heads if h < at)

    assert section(o["late"].number) == 1  # type: ignore[attr-defined]
    assert section(o["out"].number) == 3  # type: ignore[attr-defined]
    assert section(o["to_visit"].number) == 4  # type: ignore[attr-defined]
    assert o["closed"].number not in t  # type: ignore[attr-defined]
    assert o["cancelled"].number not in t  # type: ignore[attr-defined]
    assert "13800138000" in t  # the receptionist sees whole phone numbers


def test_handover_masks_phones_for_a_user_who_may_not_see_them(services, clock):
    handover_setup(services, clock)
    finance = make_user(services, Role.FINANCE)
    t = text(services.printing.handover(finance))
    assert "13800138000" not in t
    assert "138****8000" in t


def test_handover_reads_a_page_of_orders_at_a_time(services, clock):
    for _ in range(7):
        register(services)
    printing = services.printing
    calls = []
    page = printing.registers.page

    def counting_page(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return page(*args, **kwargs)

    printing.registers.page = counting_page  # type: ignore[method-assign]
    import propdesk.services.printing as module

    old = module._HANDOVER_PAGE
    module._HANDOVER_PAGE = 3
    try:
        rows = printing.handover_rows(services.auth.system_user())
    finally:
        module._HANDOVER_PAGE = old
    assert len(rows) == 7 and len({r.id for r in rows}) == 7
    assert len(calls) == 3


# --- who may print ---------------------------------------------------------------------


def test_every_role_holding_print_may_print(services, clock):
    order = dispatched(services, clock)
    holders = [role for role, perms in MATRIX.items() if Perm.PRINT in perms]
    assert set(holders) == set(Role)
    for role in holders:
        if role is Role.TECHNICIAN:  # sees the orders dispatched to them only
            user = make_staff_user(services, role, staff_id(services))
        else:
            user = make_user(services, role)
        assert services.printing.print_slip(order.id, user).logged
    assert len(services.printing.history(order.id)) == len(holders)


def test_a_technician_prints_only_their_own_slips_with_phones_masked(services, clock):
    mine = dispatched(services, clock)
    other = register(services, unit_code="3-2-1502", caller_name="王五", phone="13700137000")
    clock.advance(minutes=2)
    services.workflow.dispatch(
        other.id, services.auth.system_user(), staff_ids=[staff_id(services, "王师傅")]
    )
    tech = make_staff_user(services, Role.TECHNICIAN, staff_id(services))

    t = text(services.printing.print_slip(mine.id, tech).pdf)
    assert mine.number in t and "138****8000" in t and "13800138000" not in t

    before = db_dump(services)
    with pytest.raises(PermissionDenied) as info:
        services.printing.print_slip(other.id, tech)
    assert "只能打印派给自己的工单" in info.value.message
    assert db_dump(services) == before

    batch = services.printing.print_day(clock.now.date(), tech)
    assert [o.id for o in batch.orders] == [mine.id]
    rows = services.printing.handover_rows(tech)
    assert [r.id for r in rows] == [mine.id] and rows[0].phone == "138****8000"


def test_a_role_without_print_is_refused_everywhere_and_nothing_logged(
    services, clock, monkeypatch
):
    order = dispatched(services, clock)
    tech = make_user(services, Role.TECHNICIAN)
    monkeypatch.setitem(MATRIX, Role.TECHNICIAN, MATRIX[Role.TECHNICIAN] - {Perm.PRINT})
    day = clock.now.date()
    before = db_dump(services)
    calls = [
        lambda: services.printing.print_slip(order.id, tech),
        lambda: services.printing.preview_slip(order.id, tech),
        lambda: services.printing.print_day(day, tech),
        lambda: services.printing.preview_day(day, tech),
        lambda: services.printing.handover(tech),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as info:
            call()
        assert "打印派工单" in info.value.message
    assert db_dump(services) == before
    assert print_log.printed_slips([order.id]) == set()


def test_unknown_order_is_reported(services):
    with pytest.raises(NotFound) as info:
        services.printing.print_slip(999, services.auth.system_user())
    assert "工单不存在" in info.value.message
