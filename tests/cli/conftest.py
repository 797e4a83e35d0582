"""Fixtures of the command-line tests: a fresh demo database (accounts, staff, categories, no
orders)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.terminal import run


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.db")
    code, _out, err = run(capsys, "--db", path, "demo", "--orders", "0")
    assert code == 0, err
    return path


@pytest.fixture
def db(demo_db: str) -> list[str]:
    """``--db`` and the demo database, to put before a command."""
    return ["--db", demo_db]
