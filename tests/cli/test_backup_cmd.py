"""``propdesk backup`` and ``propdesk restore`` from a terminal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from propdesk.services.instance_lock import InstanceLock
from tests.cli.terminal import run
from tests.factories import orders_in


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The data folder (instance lock, logs) of this test only."""
    folder = tmp_path / "home"
    monkeypatch.setenv("PROPDESK_HOME", str(folder))
    return folder


@pytest.fixture
def demo(tmp_path, capsys, home) -> str:
    path = str(tmp_path / "cli.db")
    assert (
        run(capsys, "--db", path, "demo", "--orders", "30", "--until", "2026-11-20 10:00")[0] == 0
    )
    return path


def test_backup_and_list(demo, capsys, tmp_path):
    code, out, err = run(capsys, "--db", demo, "backup")
    assert code == 0, err
    assert "已备份：" in out and "完整性检查通过" in out
    made = out.split("已备份：")[1].split("（")[0]
    assert Path(made).parent == tmp_path / "backups" and orders_in(Path(made)) == 30
    code, out, _ = run(capsys, "--db", demo, "backup", "--list")
    assert code == 0 and made in out and "手动备份" in out


def test_backup_to_a_file(demo, capsys, tmp_path):
    target = tmp_path / "U盘" / "备份.db"
    code, out, err = run(capsys, "--db", demo, "backup", "-o", str(target))
    assert code == 0, err
    assert orders_in(target) == 30 and str(target) in out


def test_backup_needs_the_right_role(demo, capsys):
    code, _out, err = run(capsys, "--db", demo, "--user", "qiantai", "backup")
    assert code == 1 and "无权备份与恢复" in err


def test_restore_backs_up_first_and_replaces(demo, capsys, tmp_path):
    target = tmp_path / "before.db"
    run(capsys, "--db", demo, "backup", "-o", str(target))
    code, _out, err = run(
        capsys,
        "--db",
        demo,
        "order",
        "add",
        "--kind",
        "报修",
        "--unit",
        "3-2-1502",
        "--name",
        "王五",
        "--phone",
        "13700137000",
        "--category",
        "水/水龙头",
        "--desc",
        "水龙头漏水",
    )
    assert code == 0, err
    assert orders_in(Path(demo)) == 31
    code, out, err = run(capsys, "--db", demo, "restore", str(target))
    assert code == 0, err
    assert "已从备份恢复" in out and "恢复前的数据已保存为" in out
    safety = Path(out.split("恢复前的数据已保存为：")[1].strip())
    assert orders_in(safety) == 31 and orders_in(Path(demo)) == 30
    con = sqlite3.connect(demo)
    try:
        last = con.execute(
            "SELECT entity, field, new_value FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert last == ("database", "restore", "before.db")


def test_restore_a_damaged_database(demo, capsys, tmp_path):
    target = tmp_path / "good.db"
    run(capsys, "--db", demo, "backup", "-o", str(target))
    Path(demo).write_bytes(b"\x00" * 4096 * 3)
    for suffix in ("-wal", "-shm"):  # left over beside it, belonging to the lost file
        Path(f"{demo}{suffix}").write_bytes(b"\x01" * 64)
    code, _out, err = run(capsys, "--db", demo, "check")
    assert code == 1 and "损坏" in err
    code, out, err = run(capsys, "--db", demo, "restore", str(target))
    assert code == 0, err
    assert ".damaged-" in out
    assert orders_in(Path(demo)) == 30
    aside = Path(out.split("恢复前的数据已保存为：")[1].strip())
    assert aside.read_bytes() == b"\x00" * 4096 * 3
    assert Path(f"{aside}-wal").exists() and Path(f"{aside}-shm").exists()


def test_restore_refused_while_the_program_runs(demo, capsys, tmp_path, home):
    target = tmp_path / "b.db"
    run(capsys, "--db", demo, "backup", "-o", str(target))
    with InstanceLock(home):
        code, _out, err = run(capsys, "--db", demo, "restore", str(target))
    assert code == 1 and "已经在这台电脑上运行" in err


def test_restore_refuses_a_missing_or_bad_file(demo, capsys, tmp_path):
    code, _out, err = run(capsys, "--db", demo, "restore", str(tmp_path / "none.db"))
    assert code == 1 and "备份文件不存在" in err
    bad = tmp_path / "bad.db"
    bad.write_text("不是数据库" * 50, encoding="utf-8")
    before = Path(demo).read_bytes()
    code, _out, err = run(capsys, "--db", demo, "restore", str(bad))
    assert code == 1 and "不能用于恢复" in err
    assert Path(demo).read_bytes() == before


def test_postgres_backups_are_the_servers(capsys, home):
    code, _out, err = run(capsys, "--db", "postgresql://u:p@127.0.0.1:1/x", "backup")
    assert code == 1 and "pg_dump" in err
