"""跟进: writing the follow-up log and working out the reminders that follow from it.

``add_note`` is one audited transaction; ``reminders`` reads the open orders with their logs
and applies the pure rules of ``propdesk.domain.reminders`` at ``now``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from propdesk.db import followup_repo, orders_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.enums import Role
from propdesk.domain.errors import UserError
from propdesk.domain.followup import FollowUpRecord, NoteInput
from propdesk.domain.permissions import SYSTEM_USERNAME, Perm, user_can
from propdesk.domain.records import Changes, OrderResult, UserRecord
from propdesk.domain.reminders import OrderFacts, Reminder, is_repeat_complaint
from propdesk.domain.reminders import reminders as rules_reminders
from propdesk.domain.settings import OfficeSettings

from . import audit
from .context import ServiceContext
from .order_ops import TIME_FORMAT, as_dt, authorize, load_row, require_text, step_time

TEXT_MAX = 500


class FollowUpService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- writing ----------------------------------------------------------------------
    def add_note(self, order_id: int, inp: NoteInput, user: UserRecord) -> OrderResult:
        """Record one contact about the order (跟进记录); returns the order, unchanged but
        for its log. The note and its audit rows are written in one transaction."""
        authorize(user, Perm.FOLLOW_UP)
        text = require_text(inp.text, "跟进内容", TEXT_MAX)
        if inp.result is not None and not inp.kind.takes_result:
            raise UserError(f"“{inp.kind.label}”不填写结果", "结果")
        with write_transaction(self.ctx.db):
            row = load_row(order_id)
            t = step_time(self.ctx, inp.at, as_dt(row["received_at"]), "跟进时间", "受理时间")
            if inp.next_at is not None and inp.next_at <= t:
                raise UserError(
                    f"约定回电时间（{inp.next_at:{TIME_FORMAT}}）应晚于跟进时间"
                    f"（{t:{TIME_FORMAT}}）",
                    "约定回电时间",
                )
            now = self.ctx.now()
            fields = {
                "order": order_id,
                "at": t,
                "user": user.id,
                "kind": inp.kind.value,
                "result": inp.result.value if inp.result else None,
                "text": text,
                "next_at": inp.next_at.replace(microsecond=0) if inp.next_at else None,
                "created_at": now,
            }
            note_id = followup_repo.insert_note(fields)
            audit.write(
                self.ctx,
                user,
                "follow_up",
                note_id,
                {},
                {k: v for k, v in fields.items() if k not in ("user", "created_at")},
                now,
            )
        order = orders_repo.load_order(order_id)
        assert order is not None
        return OrderResult(order, Changes.orders(order_id))

    # --- reading ----------------------------------------------------------------------
    def notes(self, order_id: int) -> list[FollowUpRecord]:
        return followup_repo.notes_for(order_id)

    def notes_between(self, start: datetime, end: datetime) -> list[FollowUpRecord]:
        return followup_repo.notes_between(start, end)

    def _facts(
        self, settings: OfficeSettings, order_ids: list[int] | None = None
    ) -> list[OrderFacts]:
        """The open orders (or ``order_ids``) as the rules read them, 升级 worked out."""
        rows = followup_repo.order_facts(order_ids)
        complaints = [f for f, _phone, _unit in rows if f.is_complaint]
        if not complaints:
            return [f for f, _phone, _unit in rows]
        rules = settings.rules
        window = timedelta(days=rules.complaint_repeat_days)
        by_phone: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
        by_unit: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
        for since, until in _spans([(f.received_at - window, f.received_at) for f in complaints]):
            for oid, at, phone, unit in followup_repo.complaints_between(since, until):
                by_phone[phone].append((oid, at))
                if unit is not None:
                    by_unit[unit].append((oid, at))
        out = []
        for f, phone, unit in rows:
            if f.is_complaint:
                others = by_phone[phone] + (by_unit[unit] if unit is not None else [])
                earlier = [at for oid, at in others if oid != f.id]
                f = replace(f, repeat_complaint=is_repeat_complaint(f.received_at, earlier, rules))
            out.append(f)
        return out

    def is_escalated(self, order_id: int) -> bool:
        """升级: a complaint with an earlier complaint from the same caller phone or unit
        within the office's window (``complaint_repeat_days``)."""
        facts = self._facts(self.ctx.settings(), [order_id])
        return bool(facts) and facts[0].repeat_complaint

    def order_reminders(
        self, order_id: int, now: datetime | None = None, *, upcoming: bool = True
    ) -> list[Reminder]:
        """One order's reminders (by default also those not yet due)."""
        settings = self.ctx.settings()
        facts = self._facts(settings, [order_id])
        if not facts:
            return []
        at = now or self.ctx.now()
        return rules_reminders(
            facts[0], self.notes(order_id), settings.rules, at, upcoming=upcoming
        )

    def reminders(
        self,
        now: datetime | None = None,
        *,
        role: Role | None = None,
        user: UserRecord | None = None,
        upcoming: bool = False,
    ) -> list[Reminder]:
        """Every open order's reminders due at ``now`` (default: the clock), in due order;
        with ``upcoming`` those due later too. ``user`` (or ``role``) keeps only that role's
        reminders; the built-in system account (and no user) sees all."""
        if user is not None and user_can(user.username, user.role, Perm.FOLLOW_UP):
            role = None if user.username == SYSTEM_USERNAME else user.role
        elif user is not None:
            return []
        at = now or self.ctx.now()
        settings = self.ctx.settings()
        facts = self._facts(settings)
        notes = followup_repo.notes_for_orders([f.id for f in facts])
        out: list[Reminder] = []
        for f in facts:
            out += rules_reminders(f, notes.get(f.id, []), settings.rules, at, upcoming=upcoming)
        if role is not None:
            out = [r for r in out if r.for_role(role)]
        return sorted(out, key=lambda r: (r.due_at, r.number, r.kind.value))


def _spans(windows: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The windows merged where they overlap: the complaints read are those of the month
    before each open complaint (a complaint left open for years does not make the tick read
    every order received since)."""
    out: list[tuple[datetime, datetime]] = []
    for since, until in sorted(windows):
        if out and since <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], until))
        else:
            out.append((since, until))
    return out
