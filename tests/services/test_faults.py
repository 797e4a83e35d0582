"""Faults met while saving — disk full, database busy past the timeout, the folder gone —
reach the clerk as Chinese messages, and nothing of the attempted change is written."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from propdesk.db import faults
from propdesk.db.connection import WRITE_LOCK_KEY, write_transaction
from propdesk.domain.enums import FeeStatus, Status
from propdesk.domain.errors import DatabaseDamaged, DatabaseUnavailable, UserError
from tests.factories import (
    assert_refused,
    closed_order,
    db_dump,
    order_in_status,
    order_input,
    register,
    staff_id,
)

BIG = "厨房水龙头漏水，楼下天花板渗水，需尽快上门查看。" * 60


def test_disk_full_is_reported_and_nothing_is_half_written(services, clock, sqlite_only):
    db = services.ctx.db
    register(services)
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    # the file may not grow: exactly what a full disk does to SQLite (SQLITE_FULL)
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    before = db_dump(services)
    with pytest.raises(DatabaseUnavailable) as info:
        for _ in range(20):  # free space inside the last pages runs out within a few orders
            services.intake.register(
                order_input(services, description=BIG), services.auth.system_user()
            )
            before = db_dump(services)
    assert str(info.value) == faults.DISK_FULL
    assert "磁盘空间不足" in str(info.value) and "未保存" in str(info.value)
    assert db_dump(services) == before
    db.execute_sql(f"PRAGMA max_page_count = {pages * 100}")
    again = services.intake.register(
        order_input(services, description=BIG), services.auth.system_user()
    )
    assert again.order.description == BIG.strip()


def test_peewee_hides_disk_full_behind_a_failed_rollback(services, sqlite_only):
    """What peewee raises for a commit that hits a full disk: the cause is only in the chain;
    ``translate`` finds it."""
    db = services.ctx.db
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    raised: BaseException | None = None
    try:
        with db.atomic():
            for _ in range(50):
                db.execute_sql(
                    "INSERT INTO department (name, active, sort) VALUES (?, 1, 0)", (BIG + str(_),)
                )
    except peewee.PeeweeException as exc:
        raised = exc
    assert raised is not None
    texts = [str(e) for e in faults.chain(raised)]
    assert any("database or disk is full" in t for t in texts)
    translated = faults.translate(raised, str(db.database))
    assert isinstance(translated, DatabaseUnavailable) and str(translated) == faults.DISK_FULL


def test_database_locked_past_the_timeout(services, clock, db_path, sqlite_only):
    order = order_in_status(services, clock, Status.PENDING)
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock and keeps it
    services.ctx.db.execute_sql("PRAGMA busy_timeout = 100")  # wait 0.1 s, not 5
    try:
        clock.advance(minutes=5)
        err = assert_refused(
            services,
            lambda: services.workflow.dispatch(
                order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
            ),
            None,
        )
        assert isinstance(err, DatabaseUnavailable) and str(err) == faults.BUSY
    finally:
        other.rollback()
        other.close()
    done = services.workflow.dispatch(
        order.id, services.auth.system_user(), staff_ids=[staff_id(services)]
    )
    assert done.order.status is Status.DISPATCHED


def test_vanished_folder_writes_nothing(services, clock, db_path, tmp_path, sqlite_only):
    order = closed_order(services, clock, paid=True)
    before = db_dump(services)
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    tmp_path.rename(moved)  # the USB stick was pulled / the folder renamed
    try:
        clock.advance(hours=1)
        with pytest.raises(DatabaseUnavailable) as info:
            services.fees.set_status(
                order.id, FeeStatus.PAID, services.auth.system_user(), receipt_no="R-9"
            )
        assert "找不到数据库文件" in str(info.value) and str(db_path) in str(info.value)
        assert "未保存" in str(info.value)
    finally:
        moved.rename(tmp_path)
    assert db_dump(services) == before
    paid = services.fees.set_status(
        order.id, FeeStatus.PAID, services.auth.system_user(), receipt_no="R-9"
    )
    assert paid.order.fee_status is FeeStatus.PAID


def test_postgres_writer_waiting_past_the_lock_timeout(services, clock, on_postgres):
    if not on_postgres:
        pytest.skip("PostgreSQL run only")
    import psycopg2

    order = order_in_status(services, clock, Status.PENDING)
    db = services.ctx.db
    login = {
        k: v for k, v in db.connect_params.items() if k in ("user", "password", "host", "port")
    }
    other = psycopg2.connect(dbname=db.database, **login)
    other.autocommit = False
    other.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
    services.ctx.db.execute_sql("SET lock_timeout = '100ms'")
    try:
        clock.advance(minutes=5)
        err = assert_refused(
            services,
            lambda: services.workflow.cancel(order.id, services.auth.system_user(), reason="重复"),
            None,
        )
        assert isinstance(err, DatabaseUnavailable) and str(err) == faults.BUSY
    finally:
        other.rollback()
        other.close()
    services.workflow.cancel(order.id, services.auth.system_user(), reason="重复")


# --- the chain walker ------------------------------------------------------------------


def wrapped(driver_error: BaseException) -> BaseException:
    """What peewee raises: its own type, the driver error as first argument and context."""
    try:
        try:
            raise driver_error
        except sqlite3.Error as exc:
            raise peewee.OperationalError(exc, *exc.args) from None
    except peewee.OperationalError as outer:
        outer.__context__ = driver_error
        return outer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("database or disk is full", faults.DISK_FULL),
        ("database is locked", faults.BUSY),
        ("attempt to write a readonly database", faults.READ_ONLY),
        ("disk I/O error", faults.IO_ERROR),
    ],
)
def test_translate_driver_messages(text, expected):
    err = faults.translate(wrapped(sqlite3.OperationalError(text)))
    assert isinstance(err, DatabaseUnavailable) and str(err) == expected


def test_translate_damage_and_unknown():
    damaged = faults.translate(
        wrapped(sqlite3.DatabaseError("database disk image is malformed")), "/d/propdesk.db"
    )
    assert isinstance(damaged, DatabaseDamaged) and damaged.path == "/d/propdesk.db"
    assert faults.translate(wrapped(sqlite3.OperationalError("no such column: foo"))) is None
    assert faults.translate(ValueError("bug")) is None
    mine = UserError("请填写报修人", "报修人")
    assert faults.translate(mine) is mine


def test_translate_unable_to_open_names_the_file():
    err = faults.translate(
        wrapped(sqlite3.OperationalError("unable to open database file")), "/media/u/propdesk.db"
    )
    assert err is not None and "/media/u/propdesk.db" in str(err)


class _PgError(Exception):
    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("53100", faults.DISK_FULL),
        ("55P03", faults.BUSY),
        ("40P01", faults.BUSY),
        ("40001", faults.BUSY),
        ("08006", faults.SERVER_GONE),
        ("57P01", faults.SERVER_GONE),
        ("25006", faults.READ_ONLY),
    ],
)
def test_translate_postgres_codes(code, expected):
    try:
        try:
            raise _PgError(code)
        except _PgError as exc:
            raise peewee.OperationalError(exc) from exc
    except peewee.OperationalError as outer:
        err = faults.translate(outer)
    assert err is not None and str(err) == expected


def test_write_transaction_lets_bugs_through(services):
    with (
        pytest.raises(peewee.DatabaseError, match="no.such.table"),
        write_transaction(services.ctx.db),
    ):
        services.ctx.db.execute_sql("UPDATE no_such_table SET x = 1")
