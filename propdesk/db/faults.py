"""Database faults a clerk can meet — disk full, database busy past the timeout, the folder
gone, a read-only file, a damaged file, the server unreachable — turned into Chinese
``UserError``s.

peewee hides the cause: a commit that fails because the disk is full is rolled back, the
rollback itself fails ("cannot rollback - no transaction is active") and the real error sits
in ``__context__``. ``translate`` therefore reads the whole exception chain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from propdesk.domain.errors import DatabaseDamaged, DatabaseUnavailable, UserError

NOT_SAVED = "本次操作未保存"

DISK_FULL = f"磁盘空间不足，{NOT_SAVED}。请清理磁盘空间后重试。"
BUSY = f"数据库正忙（其他电脑或程序正在保存），等待超时，{NOT_SAVED}。请稍后重试。"
READ_ONLY = f"数据库文件是只读的，无法保存，{NOT_SAVED}。请检查文件属性和文件夹权限。"
IO_ERROR = (
    f"读写数据库文件出错（磁盘故障，或U盘、网络盘已断开），{NOT_SAVED}。请检查后重新启动程序。"
)
DAMAGED = "数据库文件已损坏，为防止损坏扩大已禁止写入。请从备份恢复（菜单“文件 → 备份与恢复”）。"
SERVER_GONE = f"与数据库服务器的连接已断开，{NOT_SAVED}。请检查网络后重试。"


def vanished(path: str) -> str:
    return (
        f"找不到数据库文件“{path}”（所在文件夹可能已被移动、改名或删除，"
        f"或U盘、网络盘已断开），{NOT_SAVED}。"
    )


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception behind it (``__cause__``, ``__context__``, and the
    driver error peewee passes as its first argument), each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        for nxt in (
            e.__cause__,
            e.__context__,
            *(a for a in e.args if isinstance(a, BaseException)),
        ):
            if nxt is not None:
                todo.append(nxt)


def _pg_code(e: BaseException) -> str | None:
    code = getattr(e, "pgcode", None)
    return code if isinstance(code, str) else None


def translate(exc: BaseException, path: str = "") -> UserError | None:
    """The Chinese ``UserError`` for a database fault anywhere in ``exc``'s chain, or
    ``None`` when it is not one (a bug: let it be logged)."""
    for e in chain(exc):
        if isinstance(e, UserError):
            return e
    texts: list[str] = []
    for e in chain(exc):
        code = _pg_code(e)
        if code is not None:
            if code == "53100":  # disk_full
                return DatabaseUnavailable(DISK_FULL)
            if code in ("55P03", "40P01", "40001"):  # lock timeout, deadlock, serialization
                return DatabaseUnavailable(BUSY)
            if code.startswith("08") or code in ("57P01", "57P02", "57P03"):
                return DatabaseUnavailable(SERVER_GONE)
            if code == "25006":  # read_only_sql_transaction
                return DatabaseUnavailable(READ_ONLY)
        if type(e).__module__.startswith("psycopg2") and type(e).__name__ in (
            "OperationalError",
            "InterfaceError",
        ):
            msg = str(e).lower()
            if "server closed" in msg or "connection" in msg or "could not" in msg:
                return DatabaseUnavailable(SERVER_GONE)
        texts.append(str(e).lower())
    for text in texts:
        if "database or disk is full" in text or "no space left" in text:
            return DatabaseUnavailable(DISK_FULL)
    for text in texts:
        if "malformed" in text or "file is not a database" in text or "corrupt" in text:
            return DatabaseDamaged(DAMAGED, path)
        if "readonly database" in text or "read-only" in text:
            return DatabaseUnavailable(READ_ONLY)
        if "database is locked" in text or "database table is locked" in text:
            return DatabaseUnavailable(BUSY)
        if "unable to open database file" in text:
            return DatabaseUnavailable(vanished(path) if path else IO_ERROR)
        if "disk i/o error" in text:
            return DatabaseUnavailable(IO_ERROR)
    return None


def is_driver_error(exc: BaseException) -> bool:
    """True for errors raised by the database layer (peewee or a driver)."""
    import peewee

    return isinstance(exc, peewee.PeeweeException | sqlite3.Error) or type(
        exc
    ).__module__.startswith("psycopg2")
