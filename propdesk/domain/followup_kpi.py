"""The follow-up KPIs (统计口径), pure functions over plain facts built by the query layer:

- **跟进及时率**: dispatches of the month's valid orders whose dispatch has an arrival deadline
  (someone is to arrive, so the owner is to be called): on time when the first 致电业主 note
  after the dispatch was written within ``first_call_minutes`` of it; late when it came later,
  or there is none and that limit is before ``as_of``. Not yet due is left out.
- **投诉处理及时率**: the month's valid complaints (报事·投诉): on time when the first contact
  with the complainant (致电业主 or 答复 note) came within ``complaint_contact_hours`` of
  receiving it; late when later, or none and the limit is before ``as_of``. Not yet due is
  left out.

The limits are the office's settings when the figures are taken. Reproduced by the plain SQL
in ``propdesk.db.followup_stats.CHECK_SQL``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .kpi import Ratio


@dataclass(frozen=True, slots=True)
class CallFact:
    """One dispatch (with an arrival deadline) and the first 致电业主 note after it."""

    order_id: int
    dispatched_at: datetime
    first_call_at: datetime | None


@dataclass(frozen=True, slots=True)
class ComplaintFact:
    """One complaint and the first contact with the complainant."""

    order_id: int
    received_at: datetime
    first_contact_at: datetime | None


def _judge(
    start: datetime, done: datetime | None, limit: timedelta, as_of: datetime
) -> bool | None:
    due = start + limit
    if done is not None:
        return done <= due
    return False if due < as_of else None


def call_judgement(f: CallFact, first_call_minutes: int, as_of: datetime) -> bool | None:
    return _judge(f.dispatched_at, f.first_call_at, timedelta(minutes=first_call_minutes), as_of)


def complaint_judgement(f: ComplaintFact, contact_hours: int, as_of: datetime) -> bool | None:
    return _judge(f.received_at, f.first_contact_at, timedelta(hours=contact_hours), as_of)


def _ratio(judged: Iterable[bool | None]) -> Ratio:
    counted = [j for j in judged if j is not None]
    return Ratio(sum(counted), len(counted))


def call_ratio(facts: Iterable[CallFact], first_call_minutes: int, as_of: datetime) -> Ratio:
    """跟进及时率."""
    return _ratio(call_judgement(f, first_call_minutes, as_of) for f in facts)


def complaint_ratio(facts: Iterable[ComplaintFact], contact_hours: int, as_of: datetime) -> Ratio:
    """投诉处理及时率."""
    return _ratio(complaint_judgement(f, contact_hours, as_of) for f in facts)
