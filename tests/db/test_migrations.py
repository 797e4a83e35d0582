"""Schema versions: a fresh database is built and seeded, reopening changes nothing, an old
one is backed up and migrated, a newer one is refused."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from propdesk.db import migrations
from propdesk.db.connection import open_database
from propdesk.db.migrations import MIGRATIONS, SCHEMA_VERSION, current_version, migrate
from propdesk.db.models import (
    ALL_MODELS,
    AuditLog,
    Category,
    Department,
    SchemaInfo,
    Setting,
    UrgencyLevel,
    User,
)
from propdesk.db.seed import ADMIN_USERNAME, CATEGORY_TREE, DEPARTMENTS
from propdesk.domain.enums import Role
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import SYSTEM_USERNAME


def set_version(path, version: int) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE schema_info SET value = ? WHERE key = 'version'", (str(version),))
    con.commit()
    con.close()


def tables(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_schema_version_counts_the_migrations():
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_fresh_database_gets_every_table_and_the_current_version(db_path):
    db = open_database(db_path, create=True)
    try:
        assert current_version(db) == SCHEMA_VERSION
        assert SchemaInfo.get(SchemaInfo.key == "version").value == str(SCHEMA_VERSION)
        for model in ALL_MODELS:
            assert db.table_exists(model._meta.table_name), model
    finally:
        db.close()
    assert "work_order" in tables(db_path)


def test_fresh_database_is_seeded(db_path):
    db = open_database(db_path, create=True)
    try:
        assert [d.name for d in Department.select().order_by(Department.sort)] == list(DEPARTMENTS)
        roots = Category.select().where(Category.parent.is_null())
        assert {c.name for c in roots} == {row[0] for row in CATEGORY_TREE}
        for name in (
            "水",
            "电",
            "门窗",
            "墙地面",
            "公共设施",
            "电梯",
            "投诉",
            "咨询",
            "建议",
            "报失",
            "装修",
        ):
            assert Category.get_or_none(Category.name == name) is not None, name
        burst = Category.get(Category.name == "爆管")
        assert burst.parent.name == "水"
        assert burst.default_urgency.name == "紧急"
        assert burst.default_department.name == "工程部"
        assert Category.get(Category.name == "投诉").default_department.name == "客服部"
        urgencies = {u.name: (u.arrive_minutes, u.resolve_minutes) for u in UrgencyLevel.select()}
        assert urgencies == {"紧急": (10, 120), "一般": (15, 1440), "咨询建议": (None, 2880)}
        assert Setting.get_or_none(Setting.key == "office") is not None
        system = User.get(User.username == SYSTEM_USERNAME)
        assert system.role == Role.ADMIN.value and system.password_hash == "!"
        admin = User.get(User.username == ADMIN_USERNAME)
        assert admin.must_change_password and admin.password_hash == ""
    finally:
        db.close()


def test_reopening_applies_nothing_and_makes_no_backup(db_path):
    open_database(db_path, create=True).close()
    before = sorted(p.name for p in db_path.parent.iterdir())
    db = open_database(db_path)
    try:
        assert Department.select().count() == len(DEPARTMENTS)
        assert User.select().count() == 2
        assert migrate(db) == SCHEMA_VERSION  # found the current version, did nothing
    finally:
        db.close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == before


def test_newer_database_is_refused(db_path):
    open_database(db_path, create=True).close()
    set_version(db_path, SCHEMA_VERSION + 1)
    with pytest.raises(UserError) as info:
        open_database(db_path)
    message = str(info.value)
    assert str(SCHEMA_VERSION + 1) in message and "升级程序" in message
    # refused without touching it: still the newer version, nothing migrated or backed up
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT value FROM schema_info").fetchone()[0] == str(SCHEMA_VERSION + 1)
    finally:
        con.close()
    assert [p.name for p in db_path.parent.iterdir() if ".pre-v" in p.name] == []


def test_newer_database_is_refused_even_with_create(db_path):
    open_database(db_path, create=True).close()
    set_version(db_path, 99)
    with pytest.raises(UserError):
        open_database(db_path, create=True)


def test_old_database_is_backed_up_and_migrated(db_path):
    """A version-1 file (no append-only audit triggers yet) is copied beside itself, then
    brought to the current version."""
    db = open_database(db_path, create=True)
    for op in ("update", "delete"):
        db.execute_sql(f"DROP TRIGGER audit_log_no_{op}")
    Department.create(name="绿化组", sort=9)
    db.close()
    set_version(db_path, 1)

    db = open_database(db_path)
    try:
        assert current_version(db) == SCHEMA_VERSION
        assert Department.get(Department.name == "绿化组").sort == 9
        triggers = {
            r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert {"audit_log_no_update", "audit_log_no_delete"} <= triggers
    finally:
        db.close()
    backups = [p for p in db_path.parent.iterdir() if p.name.startswith("propdesk.pre-v2-")]
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    try:
        assert con.execute("SELECT value FROM schema_info").fetchone()[0] == "1"
        assert con.execute("SELECT count(*) FROM department WHERE name='绿化组'").fetchone()[0]
    finally:
        con.close()


def test_version_4_database_gets_the_dispatch_order_index(db_path):
    open_database(db_path, create=True).close()
    con = sqlite3.connect(db_path)
    con.execute('DROP INDEX "dispatch_id_order_id"')
    con.commit()
    con.close()
    set_version(db_path, 4)

    db = open_database(db_path)
    try:
        assert current_version(db) == SCHEMA_VERSION
        indexes = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master")}
        assert {"dispatch_id_order_id", "dispatch_order_id_seq"} <= indexes
    finally:
        db.close()


def test_a_failing_migration_leaves_the_old_version(db_path, monkeypatch):
    open_database(db_path, create=True).close()
    set_version(db_path, 1)

    def broken(db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", [MIGRATIONS[0], broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(RuntimeError):
        open_database(db_path)
    assert "half_done" not in tables(db_path)
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT value FROM schema_info").fetchone()[0] == "1"
    finally:
        con.close()


def test_audit_log_is_append_only(services):
    services.reference.save_department(services.auth.system_user(), name="绿化组")
    assert AuditLog.select().count() > 0
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditLog.update(new_value="forged").execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditLog.delete().execute()
    assert not AuditLog.select().where(AuditLog.new_value == "forged").exists()


def test_follow_up_log_migration_adds_the_table_to_an_older_database(db_path):
    """A database from before the follow-up log gets its table (and keeps its orders)."""
    mine = MIGRATIONS.index(migrations._m007_follow_up_log) + 1
    db = open_database(db_path, create=True)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("DROP TABLE follow_up")
    con.commit()
    con.close()
    set_version(db_path, mine - 1)
    assert "follow_up" not in tables(db_path)
    db = open_database(db_path)
    try:
        assert current_version(db) == SCHEMA_VERSION
        from propdesk.db.models import FollowUp

        assert db.table_exists("follow_up")
        assert {i.name for i in db.get_indexes("follow_up")} >= {
            idx.name for idx in FollowUp._meta.database.get_indexes("follow_up")
        }
        assert len(db.get_indexes("follow_up")) == 2
    finally:
        db.close()


def test_the_listed_labour_column_arrives_empty_for_orders_already_stored(db_path):
    """A database from before the 收费标准 labour was kept gets its column; the orders already
    there have it null (not known), so their labour fee is not shown as typed."""
    mine = MIGRATIONS.index(migrations._m006c_labour_listed) + 1
    db = open_database(db_path, create=True)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("ALTER TABLE work_order DROP COLUMN labour_listed_fen")
    con.commit()
    con.close()
    set_version(db_path, mine - 1)
    db = open_database(db_path)
    try:
        assert current_version(db) == SCHEMA_VERSION
        assert "labour_listed_fen" in {c.name for c in db.get_columns("work_order")}
        column = next(c for c in db.get_columns("work_order") if c.name == "labour_listed_fen")
        assert column.null
    finally:
        db.close()
