"""Numbered, forward-only schema migrations applied on open.

The version lives in ``schema_info``; a database newer than the program is refused. Before
migrating an existing SQLite file it is backed up beside itself with ``VACUUM INTO``.
Migration 1 creates the tables from the current models; every later migration must therefore
also accept a database that already has its change (check before adding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import Database, SqliteDatabase

from propdesk.domain.errors import UserError

from .models import ALL_MODELS, SchemaInfo


def _m001_initial(db: Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)
    from .seed import seed_reference_data

    seed_reference_data(db)


def _m002_audit_append_only(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        db.execute_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        db.execute_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )


def _m003_audit_refusal_is_an_integrity_error(db: Database) -> None:
    """PostgreSQL: the append-only refusal carries SQLSTATE 23000 (integrity constraint
    violation), as SQLite's RAISE(ABORT) does, so both reach the program as the same error.
    SQLite: nothing to do."""
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_log is append-only' "
        "USING ERRCODE = 'integrity_constraint_violation'; END; $$ LANGUAGE plpgsql"
    )


def _m004_register_indexes_and_search(db: Database) -> None:
    """Indexes matched to the register's filters and sorts, and the search index with its
    triggers, filled for the orders already stored (SQLite; PostgreSQL searches with ILIKE).
    A fresh database already has the indexes: every step checks first."""
    from . import search_index
    from .models import Category, Order, UrgencyLevel

    for replaced in ("unit_id_category_id_received_at", "paid_fee_status_received_at"):
        db.execute_sql(f'DROP INDEX IF EXISTS "work_order_{replaced}"')
    for model in (Order, Category, UrgencyLevel):
        model._schema.create_indexes(safe=True)
    search_index.install(db, remark=False)  # orders have had a 备注 since version 7


def _m005_dispatch_order_index(db: Database) -> None:
    """The covering index ``dispatch (id, order_id)``: counting one technician's orders reads
    each of their dispatches' order from it instead of from the dispatch rows. A fresh
    database already has it (created only if missing)."""
    from .models import Dispatch

    Dispatch._schema.create_indexes(safe=True)


def _add_columns(db: Database, model: Any, names: Sequence[str]) -> None:
    """Add the model's columns ``names`` that the table lacks, as the model declares them
    (NOT NULL ones carry a database default, so both SQLite and PostgreSQL add them in place,
    existing rows filled)."""
    table = model._meta.table_name
    have = {c.name for c in db.get_columns(table)}
    for name in names:
        if name in have:
            continue
        ctx = db.get_sql_context()
        ddl, params = ctx.sql(model._meta.fields[name].ddl(ctx)).query()
        assert not params
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN {ddl}')


def _m006_lifecycle_paths(db: Database) -> None:
    """Issue 11: the order's 重要/备注/待审价/已备案/转开发商 columns, the material
    lines' owner-supplied check, the 委外 table, and the open-orders index that now leaves out
    已备案 as well. A fresh database already has them: every step checks first."""
    from .models import MaterialLineRow, Order, Outsourcing

    for model, names in (
        (
            Order,
            (
                "important",
                "remark",
                "price_review",
                "price_reviewed_at",
                "declined_at",
                "decline_reason",
                "developer_contact",
                "developer_notified_at",
            ),
        ),
        (MaterialLineRow, ("owner_supplied", "check_result", "check_note")),
    ):
        _add_columns(db, model, names)
    db.create_tables([Outsourcing], safe=True)
    db.execute_sql('DROP INDEX IF EXISTS "work_order_open"')
    Order._schema.create_indexes(safe=True)


def _m007_follow_up_log(db: Database) -> None:
    """The follow-up log (跟进记录) table with its indexes; a fresh database already has it."""
    from .models import FollowUp

    db.create_tables([FollowUp], safe=True)


def _m006b_remark_searchable(db: Database) -> None:
    """Issue 11: the register's search finds an order by its 备注 too: the search index's
    triggers are recreated with the remark in the text and every order re-indexed."""
    from . import search_index

    search_index.reindex(db)


def _m006c_labour_listed(db: Database) -> None:
    """Issue 11: the labour of the 收费标准 items an order's labour fee was made of, kept at
    完工 so the 审价 dialog can show a typed labour fee as outside the 收费标准. Orders completed
    before keep null (not known)."""
    from .models import Order

    _add_columns(db, Order, ["labour_listed_fen"])


def _m007b_reminder_indexes(db: Database) -> None:
    """Issue 12: the partial indexes of the important orders, of the prices waiting for
    review and of the 报事 by type and time, so working out the reminders reads only the
    orders they concern."""
    from .models import REMINDER_INDEXES

    for index in REMINDER_INDEXES:
        db.execute(index)


MIGRATIONS: list[Callable[[Database], None]] = [
    _m001_initial,
    _m002_audit_append_only,
    _m003_audit_refusal_is_an_integrity_error,
    _m004_register_indexes_and_search,
    _m005_dispatch_order_index,
    # Issue 12's follow-up log reached main first, as schema version 6; issue 11's lifecycle
    # columns follow as version 7 (both check before changing, so either order builds the
    # same schema).
    _m007_follow_up_log,
    _m006_lifecycle_paths,
    _m006b_remark_searchable,
    _m007b_reminder_indexes,  # reached main first
    _m006c_labour_listed,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: Database) -> int:
    if not db.table_exists("schema_info"):
        return 0
    row = SchemaInfo.get_or_none(SchemaInfo.key == "version")
    return int(row.value) if row else 0


def _backup_before_migration(db: Database, version: int) -> Path | None:
    if not isinstance(db, SqliteDatabase) or version == 0:
        return None
    path = Path(db.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.pre-v{version + 1}-{stamp}{path.suffix}")
    db.execute_sql("VACUUM INTO ?", (str(target),))
    return target


#: PostgreSQL advisory lock held while migrating: desks starting together migrate once.
MIGRATE_LOCK_KEY = 0x5044534C


def migrate(db: Database) -> int:
    """Bring the schema to ``SCHEMA_VERSION``; returns the version found before."""
    if isinstance(db, SqliteDatabase):
        return _migrate(db)
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK_KEY,))
    try:
        return _migrate(db)
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK_KEY,))


def _migrate(db: Database) -> int:
    found = current_version(db)
    if found > SCHEMA_VERSION:
        raise UserError(
            f"数据库版本（{found}）比本程序支持的版本（{SCHEMA_VERSION}）新，请升级程序后再打开"
        )
    if found < SCHEMA_VERSION:
        _backup_before_migration(db, found)
    for number in range(found + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            SchemaInfo.insert(key="version", value=str(number)).on_conflict(
                conflict_target=[SchemaInfo.key], update={SchemaInfo.value: str(number)}
            ).execute()
    return found
