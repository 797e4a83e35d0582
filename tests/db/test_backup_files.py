"""Backup files at the database level: snapshot (temporary file, flush, check, rename),
checks, restores and moving a damaged file aside."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from propdesk.db import backup as files
from propdesk.db.connection import APPLICATION_ID, open_database
from propdesk.domain.errors import DatabaseUnavailable, UserError
from tests.factories import make_services, orders_in, register

pytestmark = pytest.mark.usefixtures("sqlite_only")


@pytest.fixture
def live(db_path, clock):
    """An open database with a few orders (its latest changes still in the -wal file)."""
    svc = make_services(db_path, clock)
    for _ in range(3):
        register(svc)
    assert Path(f"{db_path}-wal").exists()
    yield svc
    svc.ctx.db.close()


def test_snapshot_of_an_open_database_is_complete_and_checked(live, db_path, tmp_path):
    target = tmp_path / "backups" / "b.db"
    size = files.snapshot(db_path, target)
    assert size == target.stat().st_size > 0
    assert orders_in(target) == 3  # the -wal contents are in the backup
    found = files.check_file(target)
    assert found.ok and found.orders == 3 and found.schema_version >= 2
    assert not Path(f"{target}{files.PART_SUFFIX}").exists()
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()


def test_snapshot_replaces_a_stale_part_file(live, db_path, tmp_path):
    target = tmp_path / "b.db"
    Path(f"{target}{files.PART_SUFFIX}").write_bytes(b"half a backup from a crash")
    files.snapshot(db_path, target)
    assert files.check_file(target).ok
    assert not Path(f"{target}{files.PART_SUFFIX}").exists()


def test_snapshot_of_a_missing_source_leaves_nothing(tmp_path):
    target = tmp_path / "b.db"
    with pytest.raises(UserError, match="备份失败"):
        files.snapshot(tmp_path / "nothing.db", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_check_file_finds_every_kind_of_problem(live, db_path, tmp_path):
    assert files.check_file(db_path).ok
    assert "不存在" in files.check_file(tmp_path / "none.db").problems[0]
    text = tmp_path / "notes.db"
    text.write_text("交接班记录" * 100, encoding="utf-8")
    assert "损坏或不是数据库" in files.check_file(text).problems[0]
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert files.check_file(foreign).problems == ("不是本程序的数据库文件",)


def test_check_file_fails_a_damaged_data_page(live, db_path, tmp_path):
    from tests.db.test_open_cases import corrupt_page, root_page

    copy = tmp_path / "copy.db"
    files.snapshot(db_path, copy)
    corrupt_page(copy, root_page(copy, "audit_log"))
    found = files.check_file(copy)
    assert not found.ok and found.problems


def test_restore_file_replaces_the_file_and_drops_stale_wal(live, db_path, tmp_path, clock):
    backup = tmp_path / "b.db"
    files.snapshot(db_path, backup)
    register(live)
    live.ctx.db.close()
    # a crash left a -wal and -shm that belong to the old file
    Path(f"{db_path}-wal").write_bytes(b"\0" * 4096)
    Path(f"{db_path}-shm").write_bytes(b"\0" * 32768)
    files.restore_file(db_path, backup)
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    assert orders_in(db_path) == 3
    open_database(db_path).close()


def test_restore_file_refuses_a_bad_backup_and_keeps_the_database(live, db_path, tmp_path):
    live.ctx.db.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\0" + b"\x11" * 8000)
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="恢复失败"):
        files.restore_file(db_path, bad)
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}{files.PART_SUFFIX}").exists()


def test_move_aside_takes_wal_and_shm_along(tmp_path):
    db = tmp_path / "propdesk.db"
    for suffix, data in (("", b"main"), ("-wal", b"wal"), ("-shm", b"shm")):
        Path(f"{db}{suffix}").write_bytes(data)
    aside = files.move_aside(db, datetime(2026, 11, 20, 10, 30, 0))
    assert aside == tmp_path / "propdesk.damaged-20261120-103000.db"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "propdesk.damaged-20261120-103000.db",
        "propdesk.damaged-20261120-103000.db-shm",
        "propdesk.damaged-20261120-103000.db-wal",
    ]
    assert aside.read_bytes() == b"main"


def test_restore_live_is_seen_by_other_connections(live, db_path, tmp_path):
    backup = tmp_path / "b.db"
    files.snapshot(db_path, backup)
    for _ in range(4):
        register(live)
    reader = sqlite3.connect(db_path)
    try:
        assert reader.execute("SELECT count(*) FROM work_order").fetchone()[0] == 7
        files.restore_live(live.ctx.db, backup)
        assert reader.execute("SELECT count(*) FROM work_order").fetchone()[0] == 3
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        reader.close()
    assert live.ctx.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    register(live)  # still writable, numbering continues from the restored counter
    assert orders_in(db_path) == 4


# --- disk full ------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB filesystem (a real full disk). Needs mount rights; skipped without them."""
    point = tmp_path / "small"
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here: " + done.stderr.decode().strip())
    yield point
    subprocess.run(["umount", str(point)], check=True)


def test_backup_onto_a_full_disk_is_reported(tmp_path, clock, small_disk):
    source = tmp_path / "propdesk.db"
    svc = make_services(source, clock)
    for _ in range(40):
        register(svc, description="厨房水龙头漏水，需要更换阀芯。" * 40)
    svc.ctx.db.close()
    assert source.stat().st_size > 256 * 1024
    with pytest.raises(DatabaseUnavailable) as info:
        files.snapshot(source, small_disk / "b.db")
    assert "磁盘空间不足" in str(info.value) and str(small_disk) in str(info.value)
    assert list(small_disk.iterdir()) == []


def test_disk_filling_while_writing_is_reported(tmp_path, clock, small_disk, monkeypatch):
    """The second line of defence: with the free-space estimate out of the way, SQLite
    itself hits the full disk while writing the backup — reported, no partial file left."""
    source = tmp_path / "propdesk.db"
    svc = make_services(source, clock)
    for _ in range(40):
        register(svc, description="厨房水龙头漏水，需要更换阀芯。" * 40)
    svc.ctx.db.close()
    monkeypatch.setattr(files, "SPACE_MARGIN", 0)
    with pytest.raises(DatabaseUnavailable) as info:
        files.snapshot(source, small_disk / "b.db")
    assert "磁盘空间不足" in str(info.value)
    assert list(small_disk.iterdir()) == []
