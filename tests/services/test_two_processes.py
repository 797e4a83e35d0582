"""Two programs on one database, as two desks are: an edit over someone else's newer save
is refused with "该工单已被他人修改" (never a silent overwrite), slip numbers stay unique, and a
backup taken while another process writes is complete. Real processes, real service calls;
SQLite file or (in the PostgreSQL run) a shared server database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from propdesk.db import backup as files
from propdesk.domain.numbering import format_number
from tests.factories import register
from tests.pg import target_of

ROOT = Path(__file__).resolve().parents[2]
LATER = "2026-11-20T12:00:00"  # the children's clock: after the fixtures' data


def spawn(*args: str, stdin: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.workers", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def ask(proc: subprocess.Popen[str], line: str) -> str:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    answer = proc.stdout.readline().strip()
    assert answer, proc.stderr.read() if proc.stderr else "no answer"
    return answer


def finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def test_second_desk_saving_over_a_newer_change_is_refused(services):
    order = register(services)
    target = target_of(services.ctx.db)
    desk_a = spawn("serve", target, LATER, stdin=True)
    desk_b = spawn("serve", target, LATER, stdin=True)
    try:
        # both open the order window and read the same version
        assert ask(desk_a, f"load {order.id}") == f"version {order.version}"
        assert ask(desk_b, f"load {order.id}") == f"version {order.version}"
        assert ask(desk_a, f"edit {order.id} {order.version} 卫生间水龙头漏水") == (
            f"ok {order.version + 1}"
        )
        refused = ask(desk_b, f"edit {order.id} {order.version} 厨房水龙头已不漏")
        assert refused.startswith("conflict ") and "该工单已被他人修改" in refused
        # B reloads (the fresh data) and saves on top of A's change
        assert ask(desk_b, f"load {order.id}") == f"version {order.version + 1}"
        assert ask(desk_b, f"edit {order.id} {order.version + 1} 厨房与卫生间均已修复") == (
            f"ok {order.version + 2}"
        )
    finally:
        for desk in (desk_a, desk_b):
            out, err = desk.communicate("quit\n", timeout=60)
            assert desk.returncode == 0, err
    fresh = services.registers.order(order.id)
    assert fresh.description == "厨房与卫生间均已修复" and fresh.version == order.version + 2


def test_read_modify_write_from_two_processes_loses_nothing(services):
    """Two processes each append their mark 150 times to one order, reading first and saving
    with the version read: every save that succeeded is in the final text."""
    order = register(services, description="记录：")
    target = target_of(services.ctx.db)
    n = 150
    procs = [spawn("append", target, LATER, str(order.id), str(n), mark) for mark in "AB"]
    outs = [finish(p).split() for p in procs]
    assert all(o[:2] == ["saved", str(n)] for o in outs)
    fresh = services.registers.order(order.id)
    tail = fresh.description.removeprefix("记录：")
    assert sorted(tail) == ["A"] * n + ["B"] * n
    assert fresh.version == order.version + 2 * n


def test_slip_numbers_stay_unique_with_two_writing_processes(services):
    register(services)
    target = target_of(services.ctx.db)
    per_process = 120
    procs = [spawn("register", target, LATER, str(per_process)) for _ in range(2)]
    numbers = [line for p in procs for line in finish(p).split()]
    assert len(numbers) == 2 * per_process
    assert len(set(numbers)) == len(numbers)
    stored = [r.number for r in services.registers.rows(list(range(1, 2 * per_process + 2)))]
    expected = {format_number(2026, i) for i in range(1, 2 * per_process + 2)}
    assert set(stored) == expected  # no gaps, no doubles, the first order included


def test_backup_while_another_process_writes_is_complete(services, tmp_path, sqlite_only):
    target = target_of(services.ctx.db)
    stop = tmp_path / "stop"
    writer = spawn("churn", target, LATER, str(stop))
    assert writer.stdout is not None
    acked: list[str] = []
    try:
        for i in range(5):
            for _ in range(15):  # let it commit some orders between backups
                acked.append(writer.stdout.readline().strip())
            backup = tmp_path / f"b{i}.db"
            files.snapshot(Path(target), backup)
            found = files.check_file(backup)
            assert found.ok, found.problems
            # every order in the backup is whole: its event and its audit row are there too
            con = sqlite3.connect(backup)
            try:
                orders = con.execute("SELECT id, number FROM work_order").fetchall()
                events = dict(
                    con.execute("SELECT order_id, count(*) FROM order_event GROUP BY order_id")
                )
                audited = {
                    r[0]
                    for r in con.execute(
                        "SELECT entity_id FROM audit_log WHERE entity='order' AND field='number'"
                    )
                }
            finally:
                con.close()
            # every order acknowledged before the backup began is in it
            assert set(acked) <= {number for _oid, number in orders}
            for oid, _number in orders:
                assert events.get(oid, 0) >= 1 and oid in audited
    finally:
        stop.touch()
        finish(writer)
