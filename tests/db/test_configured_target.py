"""This PC's database setting (``propdesk.ini`` in the data folder, or ``PROPDESK_DB``): the
command line and the window use it when no ``--db`` is given — how a desk is pointed at the
shared PostgreSQL server once."""

from __future__ import annotations

import pytest

from propdesk.cli.main import main
from propdesk.db.connection import CONFIG_FILE, configured_target
from propdesk.domain.errors import UserError


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("PROPDESK_HOME", str(folder))
    monkeypatch.delenv("PROPDESK_DB", raising=False)
    return folder


def test_nothing_configured(home):
    assert configured_target() is None


def test_ini_names_the_database(home):
    (home / CONFIG_FILE).write_text(
        "[database]\ntarget = postgresql://desk:p%40ss@10.0.0.5/propdesk\n", encoding="utf-8"
    )
    assert configured_target() == "postgresql://desk:p%40ss@10.0.0.5/propdesk"


def test_environment_wins(home, monkeypatch):
    (home / CONFIG_FILE).write_text("[database]\ntarget = /a.db\n", encoding="utf-8")
    monkeypatch.setenv("PROPDESK_DB", "/b.db")
    assert configured_target() == "/b.db"


def test_broken_ini_is_a_chinese_message(home):
    (home / CONFIG_FILE).write_text("target = no section\n", encoding="utf-8")
    with pytest.raises(UserError, match="格式有误"):
        configured_target()


def test_command_line_uses_the_setting(home, tmp_path, capsys):
    shared = tmp_path / "共享" / "propdesk.db"
    (home / CONFIG_FILE).write_text(f"[database]\ntarget = {shared}\n", encoding="utf-8")
    assert main(["init"]) == 0
    assert shared.exists() and not (home / "propdesk.db").exists()
    capsys.readouterr()
    assert main(["check"]) == 0
    assert str(shared) in capsys.readouterr().out
