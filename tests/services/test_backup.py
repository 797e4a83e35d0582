"""The backup service: automatic backups at start (after a quick check), every few hours
while data changed and on exit; retention; backups and restores by hand; the refusals."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from propdesk.db.connection import damage_of, mark_damaged
from propdesk.db.migrations import SCHEMA_VERSION
from propdesk.domain.enums import Role
from propdesk.domain.errors import DatabaseDamaged, PermissionDenied, UserError
from propdesk.domain.retention import BackupKind
from propdesk.services import backup as backup_service
from propdesk.services.backup import PERIODIC_INTERVAL, POSTGRES_NOTE, restore_closed
from tests.factories import audit_rows, make_user, orders_in, register, table_counts


@pytest.fixture
def manager(services):
    return make_user(services, Role.MANAGER, "jingli")


@pytest.fixture
def backups(services, sqlite_only):
    return services.backups


# --- by hand --------------------------------------------------------------------------


def test_manual_backup_lands_in_the_backups_folder(services, backups, manager, db_path, clock):
    register(services)
    info = backups.backup_now(manager)
    path = Path(info.path)
    assert path.parent == db_path.parent / "backups"
    assert path.name == "propdesk-20261120-100000-manual.db"
    assert info.kind is BackupKind.MANUAL and info.taken_at == clock.now
    assert info.size == path.stat().st_size
    assert orders_in(path) == 1
    assert backups.backups() == [info]


def test_two_backups_in_one_second_both_kept(services, backups, manager):
    first, second = backups.backup_now(manager), backups.backup_now(manager)
    assert first.path != second.path and second.path.endswith("-manual-2.db")
    assert {b.path for b in backups.backups()} == {first.path, second.path}


def test_backup_to_a_chosen_file(services, backups, manager, tmp_path):
    register(services)
    target = tmp_path / "U盘" / "月底备份.db"
    info = backups.backup_now(manager, target)
    assert Path(info.path) == target and orders_in(target) == 1
    assert backups.backups() == []  # not in the backups folder, not thinned


def test_backup_onto_the_database_itself_is_refused(services, backups, manager, db_path):
    with pytest.raises(UserError, match="不能是数据库文件本身"):
        backups.backup_now(manager, db_path)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_who_may_back_up_and_restore(services, backups, role, tmp_path):
    user = make_user(services, role)
    allowed = role in (Role.MANAGER, Role.ADMIN)
    if allowed:
        info = backups.backup_now(user)
        backups.restore(user, Path(info.path))
    else:
        with pytest.raises(PermissionDenied):
            backups.backup_now(user)
        first = backups.backup_now(services.auth.system_user())
        with pytest.raises(PermissionDenied):
            backups.restore(user, Path(first.path))


# --- automatic ------------------------------------------------------------------------


def test_startup_checks_then_backs_up(services, backups, db_path):
    register(services)
    report = backups.startup()
    assert report.damaged is None and report.error is None and report.backup is not None
    assert report.backup.kind is BackupKind.START
    assert orders_in(Path(report.backup.path)) == 1


def test_startup_on_a_damaged_file_makes_no_backup_and_closes_writes(
    services, backups, db_path, clock
):
    from tests.db.test_open_cases import corrupt_page, root_page

    for _ in range(30):
        register(services, description="水管爆裂" * 200)
    services.ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    corrupt_page(db_path, root_page(db_path, "audit_log"))
    report = backups.startup()
    assert report.backup is None and report.damaged is not None
    assert "已损坏" in report.damaged and "从备份恢复" in report.damaged
    assert backups.backups() == []
    assert damage_of(services.ctx.db) == report.damaged
    with pytest.raises(DatabaseDamaged):
        register(services)
    assert backups.periodic_due() is False and backups.at_exit() is None
    with pytest.raises(DatabaseDamaged):
        backups.backup_now(services.auth.system_user())


def test_periodic_backup_every_few_hours_while_data_changed(services, backups, clock):
    assert backups.periodic_due()  # nothing taken yet (the start-up backup failed or is due)
    backups.startup()
    assert not backups.periodic_due()
    clock.advance(hours=1)
    register(services)
    assert not backups.periodic_due()  # changed, but too soon
    clock.advance(seconds=PERIODIC_INTERVAL.total_seconds() - 3600)
    assert backups.periodic_due()
    info = backups.periodic()
    assert info is not None and info.kind is BackupKind.PERIODIC
    clock.advance(hours=10)
    assert not backups.periodic_due() and backups.periodic() is None  # nothing changed


def test_exit_backup_only_when_something_changed(services, backups, clock):
    backups.startup()
    clock.advance(minutes=30)
    assert backups.at_exit() is None
    register(services)
    info = backups.at_exit()
    assert info is not None and info.kind is BackupKind.EXIT


def test_backups_are_thinned_by_retention(services, backups, clock):
    """A backup every 4 hours for 90 days, as the running program would take them."""
    for step in range(90 * 6):
        register(services, description=f"第{step}次") if step % 6 == 0 else None
        clock.advance(hours=4)
        backups.periodic() if step else backups.startup()
    kept = backups.backups()
    times = [b.taken_at for b in kept]
    assert all(clock.now - t <= timedelta(days=90) for t in times)
    recent = [t for t in times if clock.now - t <= timedelta(hours=48)]
    assert len(recent) == len({t for t in recent})
    days = {t.date() for t in times}
    assert all((clock.now - timedelta(days=d)).date() in days for d in range(1, 30))
    assert len(kept) < 90 * 6 / 4
    on_disk = sorted(p.name for p in backups.folder().iterdir())
    assert on_disk == sorted(b.name for b in kept)


# --- restore --------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_what_was_there(services, backups, manager, clock):
    register(services)
    info = backups.backup_now(manager)
    clock.advance(hours=1)
    for _ in range(3):
        register(services)
    report = backups.restore(manager, Path(info.path))
    assert report.restored.path == info.path
    assert table_counts(services)["work_order"] == 1
    safety = Path(report.safety_copy)
    assert safety.name == "propdesk-20261120-110000-before-restore.db"
    assert orders_in(safety) == 4  # nothing is lost by restoring
    last = audit_rows(services)[-1]
    assert (last["entity"], last["field"], last["new_value"]) == ("database", "restore", info.name)
    assert last["username"] == manager.username and str(safety) in last["reason"]
    again = register(services)  # writes go on, numbering from the restored counter
    assert again.number.endswith("000002")
    assert report.changes.settings and report.changes.users


def test_restore_over_a_damaged_database_moves_it_aside(services, backups, manager, db_path, clock):
    register(services)
    info = backups.backup_now(manager)
    register(services)
    mark_damaged(services.ctx.db)
    clock.advance(minutes=10)
    report = backups.restore(manager, Path(info.path))
    aside = Path(report.safety_copy)
    assert aside.name == "propdesk.damaged-20261120-101000.db" and aside.exists()
    assert orders_in(aside) == 2
    assert damage_of(services.ctx.db) is None
    assert table_counts(services)["work_order"] == 1
    register(services)


def test_restore_refuses_what_is_not_a_sound_backup(services, backups, manager, db_path, tmp_path):
    text = tmp_path / "交接班.db"
    text.write_text("不是数据库" * 100, encoding="utf-8")
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    newer = tmp_path / "newer.db"
    info = backups.backup_now(manager, newer)
    con = sqlite3.connect(info.path)
    con.execute(
        "UPDATE schema_info SET value = ? WHERE key = 'version'", (str(SCHEMA_VERSION + 1),)
    )
    con.commit()
    con.close()
    before = table_counts(services)
    for bad, words in (
        (text, "不能用于恢复"),
        (foreign, "不是本程序"),
        (newer, "比本程序新"),
        (tmp_path / "missing.db", "不存在"),
        (db_path, "数据库文件本身"),
    ):
        with pytest.raises(UserError, match=words):
            backups.restore(manager, bad)
    assert table_counts(services) == before
    assert [b for b in backups.backups() if b.kind is BackupKind.BEFORE_RESTORE] == []


def test_restore_of_an_older_schema_is_migrated(services, backups, manager, tmp_path):
    old = tmp_path / "old.db"
    backups.backup_now(manager, old)
    con = sqlite3.connect(old)
    con.execute("UPDATE schema_info SET value = '1' WHERE key = 'version'")
    con.execute("DROP TRIGGER audit_log_no_update")
    con.commit()
    con.close()
    backups.restore(manager, old)
    version = services.ctx.db.execute_sql(
        "SELECT value FROM schema_info WHERE key = 'version'"
    ).fetchone()[0]
    assert int(version) == SCHEMA_VERSION
    with pytest.raises(Exception, match="append-only"):
        services.ctx.db.execute_sql("UPDATE audit_log SET reason = 'x'")


def test_restore_closed_backs_up_then_replaces(services, db_path, clock, tmp_path):
    register(services)
    manual = services.backups.backup_now(services.auth.system_user(), tmp_path / "m.db")
    register(services)
    services.ctx.db.close()
    Path(f"{db_path}-wal").write_bytes(b"stale")  # left by a crash
    info, safety = restore_closed(db_path, Path(manual.path), clock.now)
    assert info.path == manual.path
    assert orders_in(db_path) == 1 and orders_in(Path(safety)) == 2
    assert Path(safety).parent == db_path.parent / "backups"


def test_restore_closed_over_an_unreadable_file(db_path, clock, tmp_path, services):
    register(services)
    manual = services.backups.backup_now(services.auth.system_user(), tmp_path / "m.db")
    services.ctx.db.close()
    db_path.write_bytes(b"\x00" * 8192)
    info, safety = restore_closed(db_path, Path(manual.path), clock.now)
    assert Path(safety).name.startswith("propdesk.damaged-")
    assert Path(safety).read_bytes() == b"\x00" * 8192
    assert orders_in(db_path) == 1


def test_postgres_is_backed_up_on_the_server(services, on_postgres):
    if not on_postgres:
        pytest.skip("PostgreSQL run only")
    assert services.backups.available is False
    assert services.backups.startup().skipped == POSTGRES_NOTE
    assert services.backups.backups() == []
    assert services.backups.at_exit() is None and not services.backups.periodic_due()
    with pytest.raises(UserError, match="pg_dump"):
        services.backups.backup_now(services.auth.system_user())


def test_list_ignores_other_files(services, backups, manager):
    info = backups.backup_now(manager)
    folder = backups.folder()
    (folder / "readme.txt").write_text("x")
    (folder / "propdesk-20261120-100000-manual.db.part").write_bytes(b"x")
    (folder / "other-20261120-100000-manual.db").write_bytes(b"x")
    assert [b.path for b in backups.backups()] == [info.path]
    assert backup_service.list_backups(Path(info.path).parent.parent / "propdesk.db") == [info]
