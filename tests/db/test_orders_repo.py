"""Order persistence: version-checked updates, and whole orders read with a fixed number of
queries however many are asked for."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from propdesk.db import orders_repo, register_query, search_index
from propdesk.domain.enums import Status
from propdesk.domain.errors import ConflictError
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from tests.factories import closed_order, order_in_status, raw_order, register


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sql.append(str(record.msg))


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    logger = logging.getLogger("peewee")
    handler = _Counter()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.sql
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def test_update_order_checks_the_version(services):
    o = register(services)
    with services.ctx.db.atomic():
        assert orders_repo.update_order(o.id, 1, {"caller_name": "张先生"}) == 2
    with pytest.raises(ConflictError), services.ctx.db.atomic():
        orders_repo.update_order(o.id, 1, {"caller_name": "张女士"})
    row = raw_order(services, o.id)
    assert (row["caller_name"], row["version"]) == ("张先生", 2)


def test_update_of_a_missing_order_is_a_conflict(services):
    with pytest.raises(ConflictError), services.ctx.db.atomic():
        orders_repo.update_order(4242, 1, {"caller_name": "x"})


def test_load_orders_uses_the_same_queries_for_one_or_many(services, clock):
    ids = [closed_order(services, clock).id]
    with counting_queries() as one:
        orders_repo.load_orders(ids)
    for unit in ("1-1-102", "3-2-1502", "5-1-2301"):
        ids.append(closed_order(services, clock, unit_code=unit).id)
        ids.append(order_in_status(services, clock, Status.IN_PROGRESS, unit_code=unit).id)
    with counting_queries() as many:
        loaded = orders_repo.load_orders(ids)
    assert [o.id for o in loaded] == ids
    # orders, dispatches, their staff, materials, visits, events
    assert len(one) == len(many) == 6


def test_a_register_page_is_one_query_after_the_search_probe(services, clock):
    for _ in range(6):
        register(services)
        clock.advance(minutes=1)
    with counting_queries() as sql:
        rows, after = register_query.page(
            OrderFilter(search="1-1"), Sort(), PageRequest(4), clock.now
        )
    assert len(rows) == 4 and after is not None
    # SQLite first asks the search index how broad the search is (``is_broad``)
    assert len(sql) == 1 + search_index.available(services.ctx.db)
