"""Opening the database: a SQLite file (default) or a PostgreSQL URL, with the right pragmas,
the checks that refuse what is not safe to open, migrations, and the one way to write
(``write_transaction``).

Opening refuses, each with a clear Chinese message: a missing file (created only with
``create=True`` — ``propdesk init``/``demo``), a file that is not SQLite or not ours
(``application_id``), a damaged file, a schema newer than the program, a read-only file or
folder, an unreachable server or missing PostgreSQL database, and a PostgreSQL database that
holds someone else's tables. A file on a network share opens, but ``storage_warning`` says to
use PostgreSQL instead.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from propdesk.domain.errors import DatabaseDamaged, DatabaseUnavailable, UserError

from . import faults, models
from .location import network_filesystem
from .models import ALL_MODELS

#: SQLite ``application_id`` marking a propdesk file ("PDSK").
APPLICATION_ID = 0x5044534B
BUSY_TIMEOUT_MS = 5000
#: PostgreSQL: connection attempts and lock waits give up after these.
PG_CONNECT_TIMEOUT_S = 5
PG_LOCK_TIMEOUT_MS = BUSY_TIMEOUT_MS
#: PostgreSQL advisory lock every write transaction takes, so that writers queue one after
#: another as they do on SQLite (BEGIN IMMEDIATE).
WRITE_LOCK_KEY = APPLICATION_ID

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


#: This PC's own settings file in the data folder: ``[database] target = ...`` points the
#: program at a shared PostgreSQL server (or another file) without ``--db`` every time.
CONFIG_FILE = "propdesk.ini"


def configured_target() -> str | None:
    """The database this PC is set to use: ``PROPDESK_DB``, else ``target`` in the
    ``[database]`` section of ``propdesk.ini`` in the data folder; ``None`` when neither is
    set (the default file ``default_db_path()`` is used)."""
    env = os.environ.get("PROPDESK_DB", "").strip()
    if env:
        return env
    import configparser

    config = configparser.ConfigParser(interpolation=None)
    path = default_data_dir() / CONFIG_FILE
    try:
        config.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise UserError(f"本机设置文件“{path}”格式有误：{exc}") from exc
    value = config.get("database", "target", fallback="").strip()
    return value or None


def display_target(target: str | os.PathLike[str]) -> str:
    """The database for messages: a path, or a URL without its password."""
    text = str(target)
    if not is_url(text):
        return text
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


# --- SQLite ---------------------------------------------------------------------------


def _sqlite(path: Path) -> SqliteDatabase:
    return SqliteDatabase(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )


def _writable(path: Path) -> bool:
    """Writable by us, and not marked read-only (no write bit at all — the Windows read-only
    attribute — is honoured even where the account could override it)."""
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _check_writable(path: Path) -> None:
    if path.exists() and not _writable(path):
        raise UserError(
            f"数据库文件“{path}”是只读的，程序无法保存。请取消文件的只读属性，"
            "或把它复制到可写的文件夹后再打开。"
        )
    folder = path.parent
    if folder.exists() and not _writable(folder):
        raise UserError(
            f"数据库所在文件夹“{folder}”不可写入（程序保存时需要在同一文件夹建立临时文件）。"
            "请检查文件夹权限，或把数据库移到可写的文件夹。"
        )


def _check_sqlite_identity(path: Path) -> None:
    """Refuse a file that is not SQLite, damaged, or not ours, before peewee touches it."""
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
        raise DatabaseDamaged(
            f"“{path}”不是有效的数据库文件或已损坏（{exc}）。可以从备份恢复。", str(path)
        ) from exc
    if app_id != APPLICATION_ID and tables > 0:
        raise UserError(f"“{path}”不是本程序的数据库文件")


def storage_warning(target: str | os.PathLike[str]) -> str | None:
    """A warning for a SQLite file on a network share (SQLite's locking is not reliable over
    the network: several desks must share a PostgreSQL server instead)."""
    if is_url(target):
        return None
    path = Path(target).expanduser()
    fs = network_filesystem(path)
    if fs is None:
        return None
    return (
        f"数据库文件“{path}”位于网络共享文件夹（{fs}）上。网络上的数据库文件在断网或多台电脑"
        "同时使用时可能损坏：多台电脑共用请改用 PostgreSQL 数据库服务器，单机使用请把数据库放在"
        "本机硬盘上。"
    )


# --- PostgreSQL -----------------------------------------------------------------------


def _postgres(url: str) -> PostgresqlDatabase:
    from .pg_driver import load_psycopg2

    load_psycopg2()  # before peewee's PostgreSQL classes are used
    from playhouse.db_url import parse

    params = parse(url)
    name = params.pop("database")
    params.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
    params.setdefault("application_name", "propdesk")
    params["options"] = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    return PostgresqlDatabase(name, autorollback=False, **params)


def _connect_postgres(db: PostgresqlDatabase, target: str) -> None:
    shown = display_target(target)
    try:
        db.connect(reuse_if_open=True)
    except Exception as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "does not exist" in text and "database" in text:
            raise UserError(
                f"PostgreSQL 数据库不存在：{shown}。请先由服务器管理员建立空数据库"
                "（CREATE DATABASE），再用 propdesk init 初始化。"
            ) from exc
        if "password" in text or "authentication" in text:
            raise UserError(f"无法登录 PostgreSQL 服务器（用户名或密码错误）：{shown}") from exc
        raise DatabaseUnavailable(f"无法连接数据库服务器：{shown}（{text}）") from exc


def _check_postgres_identity(db: PostgresqlDatabase, target: str) -> None:
    """A PostgreSQL database holding tables but no ``schema_info`` belongs to something
    else."""
    tables = db.execute_sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    ).fetchone()[0]
    if tables and not db.table_exists("schema_info"):
        raise UserError(f"数据库“{display_target(target)}”中已有其他程序的数据，不是本程序的数据库")


# --- opening --------------------------------------------------------------------------


def open_database(target: str | os.PathLike[str], *, create: bool = False) -> Database:
    """Open (and migrate) the database at ``target``: a file path or a PostgreSQL URL.

    A missing SQLite file is created only with ``create=True``; every refusal is a
    ``UserError`` (``DatabaseDamaged`` for a damaged file, which can be restored).
    """
    from .migrations import migrate

    db: Database
    if is_url(target):
        db = _postgres(str(target))
        _connect_postgres(db, str(target))
        try:
            _check_postgres_identity(db, str(target))
            models.use_database(db)
            migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    path = Path(target).expanduser()
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，不是数据库文件")
    if path.exists():
        _check_writable(path)  # first: a read-only folder also fails the WAL identity read
        _check_sqlite_identity(path)
    elif not create:
        raise UserError(f"数据库文件不存在：{path}（可用 propdesk init 或 propdesk demo 新建）")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        _check_writable(path)
    db = _sqlite(path.absolute())  # the vanished-folder check must not depend on the cwd
    models.use_database(db)
    try:
        db.connect(reuse_if_open=True)
        if db.execute_sql("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")  # a new, empty file
        migrate(db)
    except UserError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        translated = faults.translate(exc, str(path))
        if isinstance(translated, DatabaseDamaged):
            raise DatabaseDamaged(
                f"数据库文件“{path}”已损坏，无法打开。可以从备份恢复。", str(path)
            ) from exc
        if translated is not None:
            raise translated from exc
        raise
    return db


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def db_path(db: Database) -> Path | None:
    return Path(db.database) if is_sqlite(db) else None


# --- damaged databases: no write path --------------------------------------------------

_damaged: weakref.WeakKeyDictionary[Database, str] = weakref.WeakKeyDictionary()


def mark_damaged(db: Database, message: str = faults.DAMAGED) -> None:
    """Close the write path of ``db`` (a check found it damaged): every later
    ``write_transaction`` raises ``DatabaseDamaged`` with ``message``."""
    _damaged[db] = message


def clear_damage(db: Database) -> None:
    """Open the write path again (the file was replaced by a sound one)."""
    _damaged.pop(db, None)


def damage_of(db: Database) -> str | None:
    """The message ``mark_damaged`` left, or ``None`` while writes are allowed."""
    return _damaged.get(db)


# --- writing --------------------------------------------------------------------------


def _location(db: Database) -> str:
    return str(db.database) if is_sqlite(db) else display_target(str(db.database))


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One atomic write. SQLite: ``BEGIN IMMEDIATE`` so writers queue instead of failing
    half-way; PostgreSQL: a transaction that first takes the write advisory lock (the same
    queueing). Database faults become Chinese ``UserError``s; nothing is half-written."""
    damage = _damaged.get(db)
    if damage is not None:
        raise DatabaseDamaged(damage, _location(db))
    if isinstance(db, SqliteDatabase) and db.transaction_depth() == 0:
        path = Path(db.database)
        # a vanished folder: on POSIX the open file lives on unlinked, writes would vanish
        if not path.exists():
            raise DatabaseUnavailable(faults.vanished(str(path)))
    try:
        if isinstance(db, SqliteDatabase):
            with db.atomic("IMMEDIATE"):
                yield
        else:
            with db.atomic():
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                yield
    except UserError:
        raise
    except Exception as exc:
        translated = faults.translate(exc, _location(db)) if faults.is_driver_error(exc) else None
        if translated is None:
            raise
        if isinstance(translated, DatabaseDamaged):
            mark_damaged(db)
        raise translated from exc


# --- new databases ----------------------------------------------------------------------

#: Functions the migrations create on a PostgreSQL server (dropped with the tables).
_PG_FUNCTIONS = ("audit_log_refuse()",)


def prepare_new(target: str | os.PathLike[str], *, replace: bool = False) -> None:
    """Make room for a new database at ``target`` (``propdesk init`` / ``demo``).

    A SQLite file that exists is refused, or with ``replace`` deleted with its -wal/-shm.
    On a PostgreSQL server the database itself must exist (the server's administrator makes
    it); holding propdesk's tables it is refused, or with ``replace`` emptied of them — and of
    nothing else — in one transaction; holding another program's tables it is always refused.
    """
    if is_url(target):
        _prepare_postgres(str(target), replace)
        return
    path = Path(target).expanduser()
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，不是数据库文件")
    if not path.exists():
        return
    if not replace:
        raise UserError(f"数据库已存在：{path}（不会覆盖；演示库可加 --force 重建）")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _prepare_postgres(url: str, replace: bool) -> None:
    db = _postgres(url)
    _connect_postgres(db, url)
    try:
        _check_postgres_identity(db, url)  # another program's tables: refused
        if not db.table_exists("schema_info"):
            return  # empty: the migrations build it
        shown = display_target(url)
        if not replace:
            raise UserError(
                f"数据库已存在：{shown}（已有本程序的数据，不会覆盖；演示库可加 --force 重建）"
            )
        tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
        with db.atomic():
            db.execute_sql(f"DROP TABLE IF EXISTS {tables} CASCADE")
            for function in _PG_FUNCTIONS:
                db.execute_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    finally:
        db.close()
