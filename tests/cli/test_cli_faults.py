"""A database fault met by a command is a Chinese message and exit code 1, not a crash
report; a real bug still gets the report."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from propdesk.cli import main as cli_main
from propdesk.db import faults


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def failing_command(error: BaseException):  # type: ignore[no-untyped-def]
    def command(args):  # type: ignore[no-untyped-def]
        raise error

    return command


def run_with(monkeypatch, capsys, error: BaseException) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    from propdesk.cli import db_cmd

    monkeypatch.setattr(db_cmd, "cmd_check", failing_command(error))
    code = cli_main.main(["check"])
    return code, capsys.readouterr().err


def test_disk_full_is_a_message(monkeypatch, capsys, home):
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError as exc:
            raise peewee.OperationalError("cannot rollback - no transaction is active") from exc
    except peewee.OperationalError as err:
        code, text = run_with(monkeypatch, capsys, err)
    assert code == 1 and faults.DISK_FULL in text
    assert not (home / "logs").exists()


def test_a_bug_still_gets_the_crash_report(monkeypatch, capsys, home):
    code, text = run_with(monkeypatch, capsys, ZeroDivisionError("bug"))
    assert code == 70 and "propdesk-error.log" in text
    assert (home / "logs" / "propdesk-error.log").exists()
