"""Opening a PostgreSQL database (the PostgreSQL run only): a fresh one is set up, a missing
one or someone else's is refused in Chinese, a newer schema is refused, several desks starting
together migrate once, and writes queue like SQLite's BEGIN IMMEDIATE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from propdesk.db.connection import WRITE_LOCK_KEY, open_database, write_transaction
from propdesk.db.migrations import SCHEMA_VERSION, current_version
from propdesk.db.models import Department, SchemaInfo
from propdesk.domain.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_url(db_target, on_postgres):
    if not on_postgres:
        pytest.skip("PostgreSQL run only")
    return db_target


def raw(url: str):  # type: ignore[no-untyped-def]
    con = psycopg2.connect(url)
    con.autocommit = True
    return con


def test_fresh_database_is_set_up_and_reopens(pg_url):
    db = open_database(pg_url, create=True)
    try:
        assert current_version(db) == SCHEMA_VERSION
        assert Department.select().count() > 0  # seeded
    finally:
        db.close()
    db = open_database(pg_url)
    try:
        assert current_version(db) == SCHEMA_VERSION
    finally:
        db.close()


def test_missing_database_is_a_chinese_message(pg_url):
    parts = urlsplit(pg_url)
    missing = urlunsplit(parts._replace(path="/propdesk_no_such_db"))
    with pytest.raises(UserError, match="PostgreSQL 数据库不存在"):
        open_database(missing)


def test_someone_elses_database_is_refused(pg_url):
    con = raw(pg_url)
    con.cursor().execute("CREATE TABLE invoices (id serial PRIMARY KEY, amount numeric)")
    con.close()
    with pytest.raises(UserError, match="不是本程序的数据库"):
        open_database(pg_url)
    con = raw(pg_url)
    cur = con.cursor()
    cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    assert cur.fetchone()[0] == 1  # nothing of ours was created
    con.close()


def test_newer_schema_is_refused(pg_url):
    open_database(pg_url, create=True).close()
    con = raw(pg_url)
    con.cursor().execute(
        "UPDATE schema_info SET value = %s WHERE key = 'version'", (str(SCHEMA_VERSION + 1),)
    )
    con.close()
    with pytest.raises(UserError, match="升级程序"):
        open_database(pg_url)


def test_desks_starting_together_migrate_once(pg_url):
    """Four programs (processes: one database per program) open a fresh database at once."""
    code = "import sys; from propdesk.db.connection import open_database; open_database(sys.argv[1], create=True).close()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    db = open_database(pg_url)
    try:
        assert SchemaInfo.get(SchemaInfo.key == "version").value == str(SCHEMA_VERSION)
        names = [d.name for d in Department.select()]
        assert names and len(names) == len(set(names))  # seeded once
    finally:
        db.close()


def test_writers_queue_behind_the_write_lock(pg_url):
    db = open_database(pg_url, create=True)
    other = raw(pg_url)
    try:
        other.autocommit = False
        cur = other.cursor()
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        db.execute_sql("SET lock_timeout = '50ms'")
        with pytest.raises(UserError, match="数据库正忙"), write_transaction(db):
            Department.create(name="绿化组")
        other.rollback()
        with write_transaction(db):
            Department.create(name="绿化组")
        assert Department.get(Department.name == "绿化组")
    finally:
        other.close()
        db.close()
