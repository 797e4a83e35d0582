"""Opening a database that is not fit to open: each case gets its own Chinese message and
leaves the file as it was (and a damaged one opens no write path)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from propdesk.db import connection
from propdesk.db.connection import (
    clear_damage,
    damage_of,
    display_target,
    mark_damaged,
    open_database,
    storage_warning,
    write_transaction,
)
from propdesk.db.location import NETWORK_FILESYSTEMS, mount_type, network_filesystem
from propdesk.db.migrations import SCHEMA_VERSION
from propdesk.db.models import Department
from propdesk.domain.errors import DatabaseDamaged, UserError
from tests.factories import FakeClock, make_services, register

pytestmark = pytest.mark.usefixtures("sqlite_only")


def filled(path: Path, clock: FakeClock, orders: int = 60) -> Path:
    svc = make_services(path, clock)
    for i in range(orders):
        register(svc, description=f"厨房水龙头漏水，第{i}次报修" * 8)
    svc.ctx.db.close()
    return path


def corrupt_page(path: Path, page: int, byte: int = 0x55) -> None:
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * size + (100 if page == 1 else 0)
    data[start : page * size] = bytes([byte]) * (page * size - start)
    path.write_bytes(bytes(data))


def root_page(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        con.close()


# --- missing --------------------------------------------------------------------------


def test_missing_file_names_the_commands_that_create_one(tmp_path):
    target = tmp_path / "propdesk.db"
    with pytest.raises(UserError) as info:
        open_database(target)
    assert "数据库文件不存在" in str(info.value)
    assert "propdesk init" in str(info.value) and "propdesk demo" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(UserError, match="是文件夹"):
        open_database(tmp_path, create=True)


# --- newer schema ---------------------------------------------------------------------


def test_newer_schema_is_refused_with_both_versions(db_path):
    open_database(db_path, create=True).close()
    con = sqlite3.connect(db_path)
    con.execute(
        "UPDATE schema_info SET value = ? WHERE key = 'version'", (str(SCHEMA_VERSION + 3),)
    )
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError) as info:
        open_database(db_path)
    assert f"（{SCHEMA_VERSION + 3}）" in str(info.value) and "升级程序" in str(info.value)
    assert db_path.read_bytes() == before


# --- read-only ------------------------------------------------------------------------


@pytest.fixture
def restore_modes(tmp_path):
    yield
    for p in [tmp_path, *tmp_path.rglob("*")]:
        os.chmod(p, 0o700 if p.is_dir() else 0o600)


def test_read_only_file_is_refused(db_path, restore_modes):
    open_database(db_path, create=True).close()
    os.chmod(db_path, 0o444)
    before = db_path.read_bytes()
    with pytest.raises(UserError) as info:
        open_database(db_path)
    assert "只读" in str(info.value) and str(db_path) in str(info.value)
    assert db_path.read_bytes() == before


def test_read_only_folder_is_refused(tmp_path, restore_modes):
    folder = tmp_path / "data"
    folder.mkdir()
    target = folder / "propdesk.db"
    open_database(target, create=True).close()
    os.chmod(folder, 0o555)
    with pytest.raises(UserError) as info:
        open_database(target)
    assert "不可写入" in str(info.value) and str(folder) in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == ["propdesk.db"]


def test_new_file_in_a_read_only_folder_is_refused(tmp_path, restore_modes):
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o555)
    with pytest.raises(UserError, match="不可写入"):
        open_database(folder / "propdesk.db", create=True)
    assert list(folder.iterdir()) == []


# --- damaged --------------------------------------------------------------------------


def test_damaged_schema_page_is_refused_as_damaged(db_path, clock):
    filled(db_path, clock)
    corrupt_page(db_path, 1)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged) as info:
        open_database(db_path)
    assert "损坏" in str(info.value) and "从备份恢复" in str(info.value)
    assert info.value.path == str(db_path)
    assert db_path.read_bytes() == before


def test_truncated_file_is_refused_as_damaged(db_path, clock):
    filled(db_path, clock)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DatabaseDamaged, match="已损坏"):
        open_database(db_path)
    assert db_path.read_bytes() == data[: len(data) // 3]


def test_damaged_data_page_closes_the_write_path_once_found(db_path, clock):
    """A file whose damage lies in a data page opens (the header and schema are sound); the
    first statement that meets the damage turns into ``DatabaseDamaged`` and no write goes
    through after it."""
    filled(db_path, clock)
    corrupt_page(db_path, root_page(db_path, "work_order"))
    db = open_database(db_path)
    try:
        with pytest.raises(DatabaseDamaged), write_transaction(db):
            db.execute_sql("UPDATE work_order SET caller_name = '李四'")
        assert damage_of(db) is not None
        with pytest.raises(DatabaseDamaged), write_transaction(db):
            Department.create(name="绿化组")
    finally:
        db.close()


def test_mark_damaged_refuses_every_write_until_cleared(db_path):
    db = open_database(db_path, create=True)
    try:
        mark_damaged(db, "启动检查发现数据库文件已损坏")
        with pytest.raises(DatabaseDamaged, match="启动检查") as info, write_transaction(db):
            Department.create(name="绿化组")
        assert info.value.path == str(db_path)
        assert Department.get_or_none(Department.name == "绿化组") is None
        assert Department.select().count() > 0  # reads still work
        clear_damage(db)
        with write_transaction(db):
            Department.create(name="绿化组")
        assert damage_of(db) is None
    finally:
        db.close()


# --- network share --------------------------------------------------------------------

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
//fileserver/物业 /mnt/share cifs rw,vers=3.0 0 0
server:/export /mnt/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/share/local\\040disk ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/u/propdesk.db", "ext4"),
        ("/tmp/x/propdesk.db", "tmpfs"),
        ("/mnt/share/前台/propdesk.db", "cifs"),
        ("/mnt/share", "cifs"),
        ("/mnt/sharewell/propdesk.db", "ext4"),  # a prefix of a name is not the mount
        ("/mnt/nfs/a/b/propdesk.db", "nfs4"),
        ("/mnt/share/local disk/propdesk.db", "ext4"),  # escaped space in /proc/mounts
    ],
)
def test_mount_type_is_the_longest_containing_mount(path, fstype):
    assert mount_type(Path(path), MOUNTS) == fstype


def test_network_filesystems_are_named():
    assert {"cifs", "smb3", "nfs", "nfs4", "fuse.sshfs"} <= NETWORK_FILESYSTEMS
    assert "ext4" not in NETWORK_FILESYSTEMS and "tmpfs" not in NETWORK_FILESYSTEMS


def test_file_on_a_network_share_opens_with_a_warning(tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//nas/物业 {share.resolve()} cifs rw 0 0\n")
    monkeypatch.setattr("propdesk.db.location.MOUNTS_FILE", mounts)
    target = share / "propdesk.db"
    assert network_filesystem(target) == "cifs"
    open_database(target, create=True).close()  # a warning, not a refusal
    warning = storage_warning(target)
    assert warning is not None
    assert "网络共享" in warning and "PostgreSQL" in warning and str(target) in warning
    assert storage_warning(tmp_path / "local.db") is None
    assert storage_warning("postgresql://u:p@server/propdesk") is None


def test_local_disk_gives_no_warning(db_path):
    assert storage_warning(db_path) is None


# --- PostgreSQL targets in messages ---------------------------------------------------


def test_display_target_hides_the_password():
    assert display_target("postgresql://desk:s3cret@db.local:5432/propdesk") == (
        "postgresql://desk:***@db.local:5432/propdesk"
    )
    assert display_target("postgresql://db.local/propdesk") == "postgresql://db.local/propdesk"
    assert display_target("/data/propdesk.db") == "/data/propdesk.db"


def test_unreachable_server_is_a_chinese_message():
    # port 1 on loopback: nothing listens there, refused at once
    with pytest.raises(UserError) as info:
        open_database("postgresql://desk:s3cret@127.0.0.1:1/propdesk")
    text = str(info.value)
    assert "无法连接数据库服务器" in text and "s3cret" not in text and "***" in text


def test_copy_of_a_sound_database_opens(db_path, clock, tmp_path):
    filled(db_path, clock, orders=5)
    copy = tmp_path / "copy.db"
    shutil.copyfile(db_path, copy)
    db = open_database(copy)
    try:
        assert db.execute_sql("SELECT count(*) FROM work_order").fetchone()[0] == 5
    finally:
        db.close()


def test_an_opened_file_waits_the_busy_timeout(db_path):
    db = open_database(db_path, create=True)
    try:
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
    finally:
        db.close()
