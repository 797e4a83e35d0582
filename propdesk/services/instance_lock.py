"""One copy of the program per PC (per user data folder): a lock file held open and locked
for the life of the process. The operating system drops the lock when the process ends,
however it ends, so a crash never leaves a stale lock behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from propdesk.domain.errors import UserError

LOCK_NAME = "propdesk.lock"

ALREADY_RUNNING = (
    "报事报修派工系统已经在这台电脑上运行（可能在任务栏或其他桌面中）。"
    "同一台电脑只能打开一个程序窗口，请切换到已打开的窗口。"
)


def _try_lock(fh: IO[bytes]) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class InstanceLock:
    """``acquire()`` or ``UserError``; ``release()`` (or process exit) frees it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> InstanceLock:
        if self._fh is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the process's life
        fh.seek(0)
        if not _try_lock(fh):
            fh.close()
            raise UserError(ALREADY_RUNNING)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing drops the lock
            self._fh = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
