"""Opening the database: pragmas, identity checks, create=False, BEGIN IMMEDIATE writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from propdesk.db import connection
from propdesk.db.connection import (
    APPLICATION_ID,
    default_data_dir,
    default_db_path,
    is_sqlite,
    is_url,
    open_database,
    write_transaction,
)
from propdesk.db.models import Department
from propdesk.domain.errors import UserError


def pragma(db, name: str):
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


def foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    con.commit()
    con.close()


def test_new_database_has_the_safety_pragmas(db_path):
    db = open_database(db_path, create=True)
    try:
        assert pragma(db, "journal_mode") == "wal"
        assert pragma(db, "synchronous") == 2  # FULL
        assert pragma(db, "foreign_keys") == 1
        assert pragma(db, "busy_timeout") == connection.BUSY_TIMEOUT_MS
        assert pragma(db, "application_id") == APPLICATION_ID
        assert is_sqlite(db)
        assert connection.db_path(db) == db_path
    finally:
        db.close()


def test_application_id_is_written_to_the_file(db_path):
    open_database(db_path, create=True).close()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()


def test_missing_file_is_not_created_without_create(tmp_path):
    target = tmp_path / "sub" / "propdesk.db"
    with pytest.raises(UserError) as info:
        open_database(target)
    assert "不存在" in str(info.value)
    assert not target.exists()
    assert not target.parent.exists()


def test_create_makes_the_folder_and_the_file(tmp_path):
    target = tmp_path / "a" / "b" / "propdesk.db"
    open_database(target, create=True).close()
    assert target.is_file()


def test_existing_database_reopens_with_its_data(db_path):
    db = open_database(db_path, create=True)
    Department.create(name="绿化组", sort=9)
    db.close()
    db = open_database(db_path)
    try:
        assert Department.get(Department.name == "绿化组").sort == 9
    finally:
        db.close()


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path):
    target = tmp_path / "accounts.db"
    foreign_sqlite(target)
    before = target.read_bytes()
    with pytest.raises(UserError) as info:
        open_database(target)
    assert "不是本程序的数据库文件" in str(info.value)
    assert target.read_bytes() == before
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    finally:
        con.close()


def test_foreign_sqlite_file_is_refused_even_with_create(tmp_path):
    target = tmp_path / "accounts.db"
    foreign_sqlite(target)
    with pytest.raises(UserError):
        open_database(target, create=True)


def test_non_database_file_is_refused(tmp_path):
    target = tmp_path / "notes.db"
    target.write_text("这不是数据库，只是一份交接班记录。\n" * 200, encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(UserError) as info:
        open_database(target)
    assert "不是有效的数据库文件" in str(info.value)
    assert target.read_bytes() == before


@pytest.mark.parametrize("folder", ["备份#1", "what?", "100%", "a b"])
def test_identity_check_works_in_folders_with_uri_characters(tmp_path, folder):
    """The read-only identity check opens a ``file:`` URI: ``#``, ``?`` and ``%`` in the
    folder name must not make it look at another (new, empty) file and wave a foreign
    database through."""
    (tmp_path / folder).mkdir()
    target = tmp_path / folder / "accounts.db"
    foreign_sqlite(target)
    with pytest.raises(UserError):
        open_database(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    ours = tmp_path / folder / "propdesk.db"
    open_database(ours, create=True).close()
    open_database(ours).close()  # and our own file there reopens


def test_write_transaction_rolls_back_on_error(db_path):
    db = open_database(db_path, create=True)
    try:
        with pytest.raises(RuntimeError), write_transaction(db):
            Department.create(name="临时部门")
            raise RuntimeError("boom")
        assert Department.get_or_none(Department.name == "临时部门") is None
        with write_transaction(db):
            Department.create(name="临时部门")
        assert Department.get_or_none(Department.name == "临时部门") is not None
    finally:
        db.close()


def test_write_transaction_takes_the_write_lock_at_begin(db_path):
    """BEGIN IMMEDIATE: another writer is locked out from the start of the transaction,
    before this one has written anything."""
    db = open_database(db_path, create=True)
    other = sqlite3.connect(db_path, timeout=0)
    try:
        with write_transaction(db), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
        db.close()


def test_is_url():
    assert is_url("postgresql://u:p@localhost/propdesk")
    assert is_url("postgres://localhost/propdesk")
    assert not is_url("/home/u/propdesk.db")
    assert not is_url(Path("C:/数据/propdesk.db"))


def test_data_dir_follows_propdesk_home(monkeypatch, tmp_path):
    monkeypatch.setenv("PROPDESK_HOME", str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home"
    assert default_db_path() == tmp_path / "home" / "propdesk.db"


def test_data_dir_default_is_under_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PROPDESK_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if connection.os.name == "nt":
        pytest.skip("Windows uses APPDATA")
    assert default_data_dir() == tmp_path / "xdg" / "propdesk"
