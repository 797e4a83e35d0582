"""One copy of the program per PC: a second is refused while the first runs, and a crashed
first copy leaves no stale lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from propdesk.domain.errors import UserError
from propdesk.services.instance_lock import ALREADY_RUNNING, LOCK_NAME, InstanceLock

HOLD = (
    "import sys; from pathlib import Path; "
    "from propdesk.services.instance_lock import InstanceLock; "
    "lock = InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); sys.stdin.read()"
)


def test_second_copy_is_refused_until_the_first_ends(tmp_path):
    first = InstanceLock(tmp_path).acquire()
    assert first.held and (tmp_path / LOCK_NAME).read_text() == str(os.getpid())
    with pytest.raises(UserError) as info:
        InstanceLock(tmp_path).acquire()
    assert str(info.value) == ALREADY_RUNNING
    first.release()
    with InstanceLock(tmp_path) as again:
        assert again.held
    assert not again.held


def test_another_process_holding_it_and_then_killed(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(UserError, match="已经在这台电脑上运行"):
            InstanceLock(tmp_path).acquire()
    finally:
        child.send_signal(signal.SIGKILL)  # a crash: no clean-up runs
        child.wait()
    lock = InstanceLock(tmp_path).acquire()  # the system dropped the dead process's lock
    assert lock.held
    lock.release()


def test_the_folder_is_created(tmp_path):
    with InstanceLock(tmp_path / "new" / "home") as lock:
        assert (tmp_path / "new" / "home" / LOCK_NAME).exists() and lock.held
