"""The register's search: Chinese substrings of one, two and three or more characters,
number, phone and unit-code fragments — through the services, so the search index is kept
by the same writes as the orders. Both SQLite paths (the trigram index for 3+ characters,
its vocabulary for 1–2) and the LIKE path PostgreSQL uses give the same answers; the index
follows corrections, renamed units, rolled-back writes, bulk loads and old databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from propdesk.db import register_query, search_index
from propdesk.db.connection import open_database
from propdesk.demo.builder import DemoBuilder
from propdesk.domain.enums import AreaType
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.services import Services, build_services
from tests.factories import make_services, register

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def orders(services: Services) -> dict[str, int]:
    admin = services.auth.system_user()
    services.reference.save_unit(admin, code="A-3-101", owner_name="周七", phone="13600136000")
    made = {
        "A": register(
            services,
            caller_name="张三",
            phone="13800138000",
            unit_code="1-1-101",
            description="厨房水龙头漏水",
        ),
        "B": register(
            services,
            caller_name="李四",
            phone="13900139000",
            unit_code="1-1-102",
            description="卫生间马桶堵塞",
            category="水/马桶",
        ),
        "C": register(
            services,
            area_type=AreaType.COMMON,
            unit_code="",
            location="3号楼大堂",
            caller_name="保安老陈",
            phone="0571-88886666",
            description="大堂灯不亮",
            category="电/灯具",
        ),
        "D": register(
            services,
            caller_name="张三丰",
            phone="021-66668888",
            unit_code="5-1-2301",
            description='防盗门锁坏了，业主说"很急"',
            category="门窗/门锁",
        ),
        "E": register(
            services,
            caller_name="周七",
            phone="13600136000",
            unit_code="A-3-101",
            description="Wi-Fi 面板不亮",
        ),
    }
    return {name: o.id for name, o in made.items()}


def found(services: Services, text: str) -> set[int]:
    f = OrderFilter(search=text)
    rows, after = services.registers.page(f, Sort(), PageRequest(limit=100))
    assert after is None
    assert services.registers.count(f) == len(rows)
    return {r.id for r in rows}


CASES = [
    # one Chinese character
    ("张", {"A", "D"}),
    ("漏", {"A"}),
    ("堂", {"C"}),
    ("急", {"D"}),
    # two: the commonest search is a two-character name
    ("张三", {"A", "D"}),
    ("三丰", {"D"}),  # at the end of a field
    ("马桶", {"B"}),
    ("大堂", {"C"}),  # in the location and the description
    ("老陈", {"C"}),
    # three and more
    ("张三丰", {"D"}),
    ("水龙头", {"A"}),
    ("灯不亮", {"C"}),
    ("防盗门锁坏了", {"D"}),
    ("3号楼大堂", {"C"}),
    # phones: whole, fragments, two digits
    ("13800138000", {"A"}),
    ("8886666", {"C"}),
    ("0571", {"C"}),
    ("66", {"C", "D"}),
    # unit codes, letters in either case
    ("1-1-10", {"A", "B"}),
    ("2301", {"D"}),
    ("a-3", {"E"}),
    ("A-3-101", {"E"}),
    ("wi-fi", {"E"}),
    ("WI", {"E"}),
    # quotes and LIKE wildcards are plain characters
    ('"很急"', {"D"}),
    ('"', {"D"}),
    ("%", set()),
    ("_", set()),
    # nothing spans two fields (caller 张三 then phone 138…)
    ("三138", set()),
    ("没有这个", set()),
    ("鑫", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_search_finds_substrings(services, orders, text, expected):
    assert found(services, text) == {orders[n] for n in expected}


def test_search_finds_numbers(services, orders):
    a = services.registers.order(orders["A"]).number
    assert found(services, a) == {orders["A"]}
    assert orders["A"] in found(services, a[-4:])
    assert orders["A"] in found(services, a[-1:])
    assert set(orders.values()) <= found(services, a[:4])  # the year


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_like_path_gives_the_same_answers(services, orders, monkeypatch, text, expected):
    """What PostgreSQL (or a SQLite without FTS5) runs."""
    monkeypatch.setattr(search_index, "available", lambda db: False)
    assert found(services, text) == {orders[n] for n in expected}


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_broad_queries_walk_to_the_same_answers(
    services, orders, monkeypatch, text, expected, sqlite_only
):
    """A query matching many orders is checked order by order, newest first, instead of
    looking its matches up: same rows."""
    monkeypatch.setattr(search_index, "BROAD", -1)
    assert search_index.is_broad(services.ctx.db, "张三") is True
    assert found(services, text) == {orders[n] for n in expected}


def test_broad_queries_find_the_same_rows_in_every_order(services, orders, monkeypatch):
    """Walked along the date index (broad, date order) or looked up (any other order)."""
    monkeypatch.setattr(search_index, "BROAD", -1)
    for text in ("张三", "张三丰"):
        f = OrderFilter(search=text)
        expected = found(services, text)
        assert expected
        for key in ("received_at", "caller_name", "place", "category", "number"):
            for descending in (False, True):
                rows, _ = services.registers.page(
                    f, Sort(key, descending=descending), PageRequest(limit=100)
                )
                assert {r.id for r in rows} == expected, (text, key, descending)


def test_a_long_query_is_broad_by_the_orders_holding_all_its_trigrams(
    services, orders, monkeypatch, sqlite_only
):
    db = services.ctx.db
    holding = len(found(services, "张三丰"))
    assert holding >= 1
    monkeypatch.setattr(search_index, "BROAD", holding - 1)
    assert search_index.is_broad(db, "张三丰") is True
    assert search_index.is_broad(db, "张三丰鑫淼") is False  # no order holds 丰鑫淼
    monkeypatch.setattr(search_index, "BROAD", holding)
    assert search_index.is_broad(db, "张三丰") is False


def test_search_combines_with_filters_and_sorts(services, orders):
    f = OrderFilter(search="张三", area_type=AreaType.HOME)
    for key in ("received_at", "caller_name", "place", "category"):
        rows, _ = services.registers.page(f, Sort(key, descending=False), PageRequest(limit=10))
        assert {r.id for r in rows} == {orders["A"], orders["D"]}


def test_corrections_are_found_at_once(services, orders):
    user = services.auth.system_user()
    services.intake.update_fields(
        orders["A"], {"caller_name": "王五", "phone": "13700001111"}, user
    )
    assert orders["A"] not in found(services, "张三")
    assert orders["A"] in found(services, "王五")
    assert orders["A"] in found(services, "王")
    assert found(services, "0001111") == {orders["A"]}
    assert found(services, "13800138000") == set()


def test_a_renamed_unit_is_found_by_its_new_code(services, orders):
    user = services.auth.system_user()
    unit = next(u for u in services.reference.units() if u.code == "5-1-2301")
    services.reference.save_unit(
        user, code="5-1-2302", owner_name=unit.owner_name, phone=unit.phone, unit_id=unit.id
    )
    assert found(services, "5-1-2302") == {orders["D"]}
    assert found(services, "5-1-2301") == set()


def test_a_rolled_back_order_leaves_nothing_in_the_index(services, orders, sqlite_only):
    db = services.ctx.db
    texts = db.execute_sql("SELECT COUNT(*) FROM order_search_text").fetchone()[0]
    with pytest.raises(RuntimeError), db.atomic():
        register(services, caller_name="赵十一", description="回滚的工单")
        raise RuntimeError("the caller gives up")
    assert db.execute_sql("SELECT COUNT(*) FROM order_search_text").fetchone()[0] == texts
    assert found(services, "赵十一") == set()
    check_index(services)


def check_index(services: Services) -> None:
    """FTS5's own check of the index against the texts, and one text per order."""
    db = services.ctx.db
    db.execute_sql("INSERT INTO order_search (order_search, rank) VALUES ('integrity-check', 1)")
    orders = db.execute_sql("SELECT COUNT(*) FROM work_order").fetchone()[0]
    texts = db.execute_sql(
        "SELECT COUNT(*) FROM order_search_text t JOIN work_order o ON o.id = t.id"
    ).fetchone()[0]
    assert orders == texts


def test_every_write_keeps_the_index_whole(services, orders, clock, sqlite_only):
    from tests.factories import closed_order

    closed_order(services, clock, caller_name="钱八")
    check_index(services)
    assert len(found(services, "钱八")) == 1


def test_a_bulk_load_is_indexed_in_one_pass(tmp_path, clock, sqlite_only):
    services = make_services(tmp_path / "demo.db", clock, with_data=False)
    DemoBuilder(services, seed=3).build(orders=300, months=2, until=clock.now)
    check_index(services)
    db = services.ctx.db
    (name,) = db.execute_sql(
        "SELECT caller_name FROM work_order ORDER BY id DESC LIMIT 1"
    ).fetchone()
    expected = {
        i
        for (i,) in db.execute_sql(
            "SELECT o.id FROM work_order o LEFT JOIN unit u ON u.id = o.unit_id "
            "WHERE instr(o.caller_name || char(31) || o.description || char(31) || "
            "o.phone || char(31) || o.location || char(31) || o.number || char(31) || "
            "COALESCE(u.code, ''), ?) > 0",
            (name,),
        )
    }
    assert found(services, name) == expected
    # triggers are back: an order registered after the load is found at once
    o = register(services, caller_name="孙九", description="装载之后登记")
    assert found(services, "孙九") == {o.id}


def test_an_old_database_is_indexed_when_upgraded(tmp_path, sqlite_only):
    target = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v2.db", target)
    db = open_database(target)
    try:
        svc = build_services(db)
        check_index(svc)
        first = db.execute_sql("SELECT id, caller_name FROM work_order ORDER BY id").fetchone()
        assert first[0] in found(svc, first[1])
        assert first[0] in found(svc, first[1][:2])
    finally:
        db.close()


def test_searching_needs_no_query_per_row(services, orders, sqlite_only):
    from playhouse.test_utils import count_queries

    for text in ("张三丰", "张三", "卫生间漏水"):
        with count_queries() as counter:
            register_query.page(
                OrderFilter(search=text), Sort(), PageRequest(limit=50), services.ctx.now()
            )
        assert counter.count == 2, text  # whether the query is broad, then the page


def test_the_remark_is_searched(services, orders, monkeypatch):
    user = services.auth.system_user()
    with_remark = register(services, remark="业主行动不便需上门")
    assert found(services, "行动不便") == {with_remark.id}
    assert with_remark.id in found(services, "上门")
    services.paths.set_notes(orders["B"], user, remark="钥匙放物业")
    assert found(services, "钥匙放") == {orders["B"]}
    services.paths.set_notes(orders["B"], user, remark="")
    assert found(services, "钥匙放") == set()
    monkeypatch.setattr(search_index, "available", lambda db: False)  # PostgreSQL's path
    assert found(services, "行动不便") == {with_remark.id}


def test_a_database_indexed_without_remarks_is_reindexed(tmp_path, clock, sqlite_only):
    from propdesk.db.migrations import MIGRATIONS, SCHEMA_VERSION, migrate

    services = make_services(tmp_path / "v.db", clock)
    db = services.ctx.db
    order = register(services, remark="老人独居")
    # as version 7 left it: triggers and texts without the remark
    search_index.drop_triggers(db)
    db.execute_sql("DELETE FROM order_search_text")
    search_index.create_triggers(db, remark=False)
    search_index.catch_up(db, remark=False)
    db.execute_sql("INSERT INTO order_search (order_search) VALUES ('rebuild')")
    assert found(services, "老人独居") == set()
    step = MIGRATIONS.index(migrations_step())
    db.execute_sql("UPDATE schema_info SET value = ? WHERE key = 'version'", (str(step),))
    assert migrate(db) == step < SCHEMA_VERSION
    assert found(services, "老人独居") == {order.id}
    check_index(services)


def migrations_step():  # type: ignore[no-untyped-def]
    from propdesk.db import migrations

    return migrations._m006b_remark_searchable
