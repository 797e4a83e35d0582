"""Databases saved by released schemas open in this program with their data intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from propdesk.db.connection import open_database
from propdesk.db.migrations import SCHEMA_VERSION, current_version
from propdesk.services import build_services

DATA = Path(__file__).resolve().parent.parent / "data"


def _snapshot(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT number, status, received_at, caller_name, total_fen FROM work_order ORDER BY id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("name", ["schema_v2.db"])
def test_stored_database_upgrades_with_data_intact(tmp_path, name):
    source = DATA / name
    target = tmp_path / name
    shutil.copy(source, target)
    before = _snapshot(target)
    assert before, "fixture holds orders"
    db = open_database(target)
    try:
        assert current_version(db) == SCHEMA_VERSION
        svc = build_services(db)
        first = svc.registers.by_number(before[0][0])
        assert first.caller_name == before[0][3]
        assert len(first.events) >= 1
    finally:
        db.close()
    assert _snapshot(target) == before
