"""Bulk loading works the same on SQLite and PostgreSQL: rows by field name with explicit ids,
then an ordinary insert that must not be handed an id already taken."""

from __future__ import annotations

from propdesk.db import bulk
from propdesk.db.connection import open_database, write_transaction
from propdesk.db.models import Department


def test_explicit_ids_then_an_ordinary_insert(db_target):
    db = open_database(db_target, create=True)
    try:
        start = bulk.max_id(db, "department")
        rows = [{"id": start + i, "name": f"部门{i}", "sort": i} for i in range(1, 251)]
        with write_transaction(db):
            bulk.insert(db, Department, iter(rows))
        assert bulk.max_id(db, "department") == start + 250
        with write_transaction(db):
            fresh = Department.create(name="新部门", sort=0)
        assert fresh.id == start + 251
        loaded = Department.select().where(Department.name.startswith("部门"))
        assert loaded.count() == 250
        assert all(d.active for d in loaded)  # a field a row leaves out takes its default
        assert Department.get(Department.name == "部门7").sort == 7
    finally:
        db.close()
