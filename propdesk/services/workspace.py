"""The desktop program's way to its data: the data folder, opening the database for a
window, and database faults as Chinese messages. The UI reaches the database layer only
through here (an import-linter contract keeps ``propdesk.ui`` off ``propdesk.db``)."""

from __future__ import annotations

from pathlib import Path

from propdesk.db import faults
from propdesk.db.connection import (
    configured_target,
    db_path,
    default_data_dir,
    default_db_path,
    open_database,
)
from propdesk.domain.errors import UserError

from . import Services, build_services
from .context import Clock, system_clock


def data_dir() -> Path:
    """The user's data folder (``PROPDESK_HOME`` overrides it): logs, the one-copy lock."""
    return default_data_dir()


def translate_fault(exc: BaseException) -> UserError | None:
    """A database fault (disk full, busy, gone, damaged…) as its Chinese ``UserError``;
    ``None`` when ``exc`` is not one."""
    return faults.translate(exc)


def db_label(services: Services, target: str) -> str:
    """What the window shows as its database: the file's full path, or the server's address
    without a password."""
    path = db_path(services.ctx.db)
    if path is not None:
        return str(path.resolve())
    return target.split("@")[-1] if "@" in target else target


def open_services(target: str | None, clock: Clock = system_clock) -> tuple[Services, str]:
    """Services over ``target`` (default: the PC's configured database, else the data
    folder's file, created when missing) and the database's label."""
    chosen = target or configured_target()
    path = chosen or str(default_db_path())
    db = open_database(path, create=chosen is None)
    services = build_services(db, clock)
    return services, db_label(services, path)
