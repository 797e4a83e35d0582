"""The audit log viewer's service (经理): filtered pages of entries with Chinese labels and
names instead of ids; and the audit rows of actions that change no record (a full export,
a restore)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from propdesk.db import audit_query, orders_repo, reference_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.audit import AuditEntry, AuditFilter, value_text
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import UserRecord

from .context import ServiceContext
from .order_ops import authorize

PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    next_before: int | None  # pass as ``before_id`` for the next (older) page


class AuditLogService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def page(
        self,
        user: UserRecord,
        f: AuditFilter = AuditFilter(),
        *,
        limit: int = PAGE_SIZE,
        before_id: int | None = None,
    ) -> AuditPage:
        """Entries matching ``f``, newest first; values shown as people read them (状态
        “已派工”, 金额 “75.50”, 类别 by name)."""
        authorize(user, Perm.VIEW_AUDIT)
        if f.date_from and f.date_to and f.date_from > f.date_to:
            raise UserError("开始日期不能晚于结束日期", "日期")
        entries, after = audit_query.page(f, limit, before_id)
        return AuditPage(tuple(self._readable(entries)), after)

    def _readable(self, entries: list[AuditEntry]) -> list[AuditEntry]:
        refs: dict[str, set[int]] = {}
        for e in entries:
            target = audit_query.REFERENCE_FIELDS.get(e.field)
            if target is None:
                continue
            for v in (e.old_value, e.new_value):
                if v is not None and v.isdigit():
                    refs.setdefault(target, set()).add(int(v))
        names = {entity: audit_query.names(entity, ids) for entity, ids in refs.items()}

        def show(e: AuditEntry, value: str | None) -> str | None:
            if value is None:
                return None
            target = audit_query.REFERENCE_FIELDS.get(e.field)
            if target is not None and value.isdigit():
                return names.get(target, {}).get(int(value), value)
            return value_text(e.entity, e.field, value)

        return [
            replace(e, old_value=show(e, e.old_value), new_value=show(e, e.new_value))
            for e in entries
        ]

    def users(self, user: UserRecord) -> list[UserRecord]:
        """Accounts to filter by (including the built-in ``system``)."""
        authorize(user, Perm.VIEW_AUDIT)
        return reference_repo.list_users()

    def record(
        self, user: UserRecord, entity: str, field: str, new_value: str, reason: str = ""
    ) -> None:
        """One audit row for an action that changes no record (a full export: who exported
        what), in its own transaction."""
        row = {
            "at": self.ctx.now(),
            "user_id": user.id,
            "username": user.username,
            "workstation": self.ctx.workstation,
            "entity": entity,
            "entity_id": None,
            "field": field,
            "old_value": None,
            "new_value": new_value,
            "reason": reason,
        }
        with write_transaction(self.ctx.db):
            orders_repo.insert_audit([row])


def record_full_export(ctx: ServiceContext, user: UserRecord, what: str) -> None:
    """Audit a full export (unmasked phones — 经理 only: ``PermissionDenied`` otherwise):
    who exported what, when, from which workstation. Call it before writing the file."""
    authorize(user, Perm.EXPORT_FULL)
    AuditLogService(ctx).record(user, "export", "full_export", what)
