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


def test_lifecycle_columns_arrive_with_their_defaults(tmp_path):
    """Migration 6 (issue 11) adds the 重要/备注/待审价/已备案/转开发商 columns in place (old
    rows get the defaults), the owner-supplied material check, the 委外 table, and an
    open-orders index that leaves 已备案 out."""
    target = tmp_path / "v2.db"
    shutil.copy(DATA / "schema_v2.db", target)
    db = open_database(target)
    try:
        order = build_services(db).registers.by_number(_snapshot(target)[0][0])
        assert (order.important, order.remark, order.price_review, order.decline_reason) == (
            False,
            "",
            None,
            "",
        )
        assert db.table_exists("outsourcing")
        columns = {c.name for c in db.get_columns("material_line")}
        assert {"owner_supplied", "check_result", "check_note"} <= columns
    finally:
        db.close()
    con = sqlite3.connect(target)
    try:
        (sql,) = con.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'work_order_open'"
        ).fetchone()
        # a plain INSERT (bulk loads) gets the database defaults
        new = {"important", "remark", "decline_reason", "developer_contact"}
        old = [r[1] for r in con.execute("PRAGMA table_info(work_order)")]
        keep = ", ".join(c for c in old if c not in new | {"id", "number"})
        con.execute(
            f"INSERT INTO work_order (number, {keep}) SELECT 'X1', {keep} FROM work_order LIMIT 1"
        )
        row = con.execute(
            "SELECT important, remark, decline_reason FROM work_order WHERE number = 'X1'"
        ).fetchone()
    finally:
        con.close()
    assert "'declined'" in sql
    assert row == (0, "", "")
