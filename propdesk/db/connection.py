"""Opening the database: SQLite file (default) or a PostgreSQL URL, with the right pragmas,
identity check and migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from propdesk.domain.errors import UserError

from .models import ALL_MODELS

#: SQLite ``application_id`` marking a propdesk file ("PDSK").
APPLICATION_ID = 0x5044534B
BUSY_TIMEOUT_MS = 5000

SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: NORMAL lost acknowledged rows in simulated power cuts
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -16000,
    "temp_store": 2,
}


def is_url(target: str | os.PathLike[str]) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def default_data_dir() -> Path:
    """The user's data folder (``PROPDESK_HOME`` overrides it)."""
    env = os.environ.get("PROPDESK_HOME")
    if env:
        return Path(env)
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / "propdesk"
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "propdesk"


def default_db_path() -> Path:
    return default_data_dir() / "propdesk.db"


def _sqlite(path: Path) -> SqliteDatabase:
    return SqliteDatabase(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )


def _postgres(url: str) -> PostgresqlDatabase:
    from playhouse.db_url import parse

    params = parse(url)
    name = params.pop("database")
    return PostgresqlDatabase(name, autorollback=False, **params)


def _check_sqlite_identity(path: Path) -> None:
    """Refuse a file that is not SQLite or not ours, before peewee touches it."""
    try:
        # as_uri() escapes "#", "?" and "%": in a raw "file:" URI they would cut the path
        # short and open (creating) some other, empty file instead of this one
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"“{path}”不是有效的数据库文件或已损坏：{exc}") from exc
    if app_id != APPLICATION_ID and tables > 0:
        raise UserError(f"“{path}”不是本程序的数据库文件")


def open_database(target: str | os.PathLike[str], *, create: bool = False) -> Database:
    """Open (and migrate) the database at ``target``: a file path or a PostgreSQL URL.

    A missing SQLite file is created only with ``create=True``; otherwise ``UserError``.
    """
    from .migrations import migrate

    db: Database
    if is_url(target):
        db = _postgres(str(target))
    else:
        path = Path(target).expanduser()
        if path.exists():
            _check_sqlite_identity(path)
        elif not create:
            raise UserError(f"数据库文件不存在：{path}（可用 propdesk init 或 propdesk demo 新建）")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = _sqlite(path)
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    db.connect(reuse_if_open=True)
    if isinstance(db, SqliteDatabase):
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    migrate(db)
    return db


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def db_path(db: Database) -> Path | None:
    return Path(db.database) if is_sqlite(db) else None


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One atomic write: ``BEGIN IMMEDIATE`` on SQLite so writers queue instead of failing
    half-way; a plain transaction on PostgreSQL."""
    if isinstance(db, SqliteDatabase):
        with db.atomic("IMMEDIATE"):
            yield
    else:
        with db.atomic():
            yield
