"""Room for a new database (``propdesk init`` / ``demo``): refused over an existing one,
replaced only when asked, and never over another program's data — on a SQLite file and on a
PostgreSQL server alike."""

from __future__ import annotations

import pytest

from propdesk.db.connection import is_url, open_database, prepare_new
from propdesk.db.migrations import SCHEMA_VERSION, current_version
from propdesk.domain.errors import UserError
from tests.conftest import TEST_START
from tests.factories import FakeClock, make_services


def _orders(target: str) -> int:
    db = open_database(target)
    try:
        return int(db.execute_sql("SELECT COUNT(*) FROM work_order").fetchone()[0])
    finally:
        db.close()


def _with_orders(target: str) -> None:
    svc = make_services(target, FakeClock(TEST_START))  # type: ignore[arg-type]
    svc.ctx.db.execute_sql(
        "INSERT INTO number_counter (year, last_seq) VALUES (2099, 7)"
    )  # something of ours to lose
    svc.ctx.db.close()


def test_nothing_there_is_fine(db_target):
    prepare_new(db_target)  # a missing file, or an empty server database
    db = open_database(db_target, create=True)
    try:
        assert current_version(db) == SCHEMA_VERSION
    finally:
        db.close()
    assert _orders(db_target) == 0


def test_an_existing_database_is_refused_and_kept(db_target):
    _with_orders(db_target)
    with pytest.raises(UserError, match="数据库已存在"):
        prepare_new(db_target)
    db = open_database(db_target)
    try:
        kept = db.execute_sql("SELECT last_seq FROM number_counter WHERE year = 2099").fetchone()
    finally:
        db.close()
    assert kept == (7,)


def test_replace_empties_it_for_a_new_start(db_target):
    _with_orders(db_target)
    prepare_new(db_target, replace=True)
    db = open_database(db_target, create=True)  # built again from nothing by the migrations
    try:
        counters = db.execute_sql("SELECT COUNT(*) FROM number_counter").fetchone()[0]
        audit = db.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    finally:
        db.close()
    assert counters == 0
    assert audit == 0
    assert _orders(db_target) == 0


def test_another_programs_database_is_never_replaced(db_target):
    if not is_url(db_target):
        pytest.skip("a foreign SQLite file is refused when opened (tests/db/test_open_cases.py)")
    import psycopg2

    con = psycopg2.connect(db_target)
    con.autocommit = True
    con.cursor().execute("CREATE TABLE invoices (id integer)")
    con.close()
    with pytest.raises(UserError, match="其他程序"):
        prepare_new(db_target, replace=True)
    con = psycopg2.connect(db_target)
    cur = con.cursor()
    cur.execute("SELECT to_regclass('invoices') IS NOT NULL")
    assert cur.fetchone() == (True,)
    con.close()
