"""Generating demo orders in memory: one pass, plain tuples ready for ``executemany``.

Written for speed (200,000 orders in a few seconds): times are whole seconds on a ``Clock``
whose text is a table lookup, enum codes are looked up once, random draws use ``random()``
directly, and only open orders go through the deadline rules (on datetimes).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from propdesk.db.search_index import SEP
from propdesk.domain.deadlines import OrderTimes, TimeRules, next_deadline
from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    Status,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.numbering import format_number
from propdesk.domain.records import CategoryRecord, UrgencyRecord

from .demo_names import COMMON_AREAS, DESCRIPTIONS, GIVEN, SURNAMES

# Codes looked up once (enum attribute access is slow in a hot loop).
REPAIR, MATTER = Kind.REPAIR.value, Kind.MATTER.value
HOME, COMMON = AreaType.HOME.value, AreaType.COMMON.value
PENDING, DISPATCHED, IN_PROGRESS = Status.PENDING, Status.DISPATCHED, Status.IN_PROGRESS
COMPLETED, TO_VISIT, CLOSED = Status.COMPLETED, Status.TO_VISIT, Status.CLOSED
CANCELLED, DEVELOPER = Status.CANCELLED, Status.DEVELOPER
S = {s: s.value for s in Status}
DONE, NOT_DONE = WorkResult.DONE.value, WorkResult.NOT_DONE.value
DAYTIME_CHANNELS = (Channel.PHONE.value,) * 4 + (Channel.VISIT.value, Channel.WECHAT.value)
PATROL, MONITOR = Channel.PATROL.value, Channel.MONITOR.value
PHONE_VISIT, HOME_VISIT = VisitMethod.PHONE.value, VisitMethod.HOME.value
OPINIONS = ("维修不及时", "师傅态度一般", "希望尽快彻底解决", "基本解决")
CANCEL_REASONS = ("业主已自行处理", "重复登记", "业主取消预约")
PHONE_PREFIXES = ("138", "139", "137", "136", "135", "150", "186", "189", "177")
#: Only orders received this recently before "now" may be stuck (never arrived, never
#: finished, slip not back, not visited): an office clears its backlog, so older orders are
#: all closed or cancelled and the overdue list holds a few dozen current cases, not years.
STALL_DAYS = 14
#: search_index.text_of's lower-casing (ASCII only)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


#: "HH:MM:SS" of every second of a day (built once, on first use).
_HMS: list[str] = []


class Clock:
    """Times as whole seconds since midnight of ``origin``, with their stored text: integer
    arithmetic and a table lookup instead of datetime objects and ``isoformat`` (the
    generator's hottest work). ``now`` is the demo's "until" on this scale."""

    def __init__(self, origin: date, now: datetime, margin_days: int = 60) -> None:
        if not _HMS:
            _HMS.extend(
                f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
            )
        self.origin = datetime(origin.year, origin.month, origin.day)
        self.now = self.seconds(now)
        first = origin.toordinal()
        days = [date.fromordinal(first + i) for i in range(self.now // DAY + margin_days + 1)]
        self.days = [d.isoformat() + " " for d in days]
        self.years = [d.year for d in days]

    def seconds(self, at: datetime) -> int:
        return (at - self.origin) // timedelta(seconds=1)

    def at(self, t: int) -> datetime:
        return self.origin + timedelta(seconds=t)

    def text(self, t: int) -> str:
        """As ``datetime.isoformat(sep=" ")`` stores it."""
        return self.days[t // DAY] + _HMS[t % DAY]

    def year(self, t: int) -> int:
        return self.years[t // DAY]


DAY = 86400


@dataclass
class Generated:
    """Rows by field name (``propdesk.db.bulk.insert``)."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    dispatch_staff: list[dict[str, int]] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)  # the search index's texts
    last_seq: dict[int, int] = field(default_factory=dict)


@dataclass
class Pools:
    """What orders are drawn from."""

    repair_cats: list[CategoryRecord]
    common_cats: list[CategoryRecord]
    matter_cats: list[CategoryRecord]
    urgencies: dict[int, UrgencyRecord]
    units: list[tuple[int, str, str, str]]  # id, code, owner, phone
    crews: dict[int | None, list[tuple[int, str]]]  # department id -> (staff id, name)
    fallback_crew: list[tuple[int, str]]
    fee_items: list[tuple[int, str, str, int, int]]  # id, name, unit, labour, material
    receivers: list[int]
    dispatcher: int
    visitor: int


def demo_clock(months: int, now: datetime) -> Clock:
    """The clock of a demo over ``months`` up to ``now``: from midnight ``30 * months`` days
    before ``now``'s day."""
    return Clock(now.date() - timedelta(days=30 * months), now)


def received_times(seed: int, count: int, clock: Clock) -> list[int]:
    """When the ``count`` orders came in, from the clock's origin up to its ``now``, oldest
    first (seconds on ``clock``): mostly office hours, some at night."""
    rnd = random.Random(seed).random
    now = clock.now
    span_days = max(1, now // DAY + 1)
    day, night = (8 * 3600, 10 * 3600), (0, 24 * 3600)
    out = []
    for _ in range(count):
        lo, span = day if rnd() < 0.85 else night
        t = int(rnd() * span_days) * DAY + lo + int(rnd() * span)
        if t > now:
            t = now - (60 + int(rnd() * (6 * 3600 - 60)))
        out.append(t)
    out.sort()
    return out


class OrderGenerator:
    def __init__(self, seed: int, rules: TimeRules, pools: Pools) -> None:
        rng = random.Random(seed)
        self.rnd = rng.random
        self.rules = rules
        self.p = pools
        self.late_minutes = rules.appointment_late_minutes
        self.lowered: dict[str, str] = {}  # descriptions and places as the index stores them
        # callers and phones are stored lower-cased as they are (checked once here)
        self.plain_names = all(u[2] + u[3] == _lower(u[2] + u[3]) for u in pools.units) and (
            _lower(SURNAMES + GIVEN) == SURNAMES + GIVEN
        )

    # small fast draws
    def pick(self, seq: Any) -> Any:
        return seq[int(self.rnd() * len(seq))]

    def rint(self, lo: int, hi: int) -> int:
        """Integer in [lo, hi)."""
        return lo + int(self.rnd() * (hi - lo))

    def name(self) -> str:
        given = self.pick(GIVEN) + (self.pick(GIVEN) if self.rnd() < 0.6 else "")
        return self.pick(SURNAMES) + given

    def phone(self) -> str:
        return self.pick(PHONE_PREFIXES) + f"{int(self.rnd() * 10**8):08d}"

    def low(self, text: str) -> str:
        out = self.lowered.get(text)
        if out is None:
            out = self.lowered[text] = _lower(text)
        return out

    def generate(
        self,
        times: list[int],
        clock: Clock,
        first_id: int,
        first_dispatch_id: int,
        seq_by_year: dict[int, int],
    ) -> Generated:
        """Orders received at ``times`` (sorted, seconds on ``clock``), ids after
        ``first_id``, dispatch ids after ``first_dispatch_id``, numbers after
        ``seq_by_year``."""
        g = Generated(last_seq=dict(seq_by_year))
        self.did = first_dispatch_id
        self.clock = clock
        self.tx = clock.text
        self.stall_from = clock.now - STALL_DAYS * DAY
        self.last_fix: dict[tuple[int, int], int] = {}
        for i, received in enumerate(times):
            self.one(g, first_id + i + 1, received, clock.now)
        return g

    def one(self, g: Generated, oid: int, received: int, now: int) -> None:
        rnd, p, tx = self.rnd, self.p, self.tx
        year = self.clock.year(received)
        seq = g.last_seq.get(year, 0) + 1
        g.last_seq[year] = seq
        number = format_number(year, seq)

        r = rnd()
        if r < 0.72:
            kind, area, cat = REPAIR, HOME, self.pick(p.repair_cats)
        elif r < 0.86:
            kind, area, cat = REPAIR, COMMON, self.pick(p.common_cats)
        else:
            kind, area, cat = MATTER, (HOME if rnd() < 0.7 else COMMON), self.pick(p.matter_cats)
        urgency = p.urgencies[cat.default_urgency_id]
        unit = self.pick(p.units) if area == HOME else None
        location = ""
        if unit is not None:
            caller, phone = (unit[2], unit[3]) if rnd() < 0.8 else (self.name(), self.phone())
        else:
            caller, phone, location = self.name(), self.phone(), self.pick(COMMON_AREAS)
        hour = received % DAY // 3600
        if not (9 <= hour < 17) and rnd() < 0.7:
            channel = MONITOR
        elif area == COMMON and rnd() < 0.3:
            channel = PATROL
        else:
            channel = self.pick(DAYTIME_CHANNELS)
        desc = self.pick(DESCRIPTIONS.get(cat.name) or (cat.path + "问题，请尽快处理",))
        paid = kind == REPAIR and area == HOME and rnd() < 0.25
        appointment = None
        if kind == REPAIR and area == HOME and rnd() < 0.15:
            at = received + self.pick((1, 2, 3, 20, 24)) * 3600
            appointment = at - at % 3600
        rework = False
        if unit is not None:
            key = (unit[0], cat.id)
            prev = self.last_fix.get(key)
            rework = prev is not None and received - prev < 30 * DAY
            self.last_fix[key] = received
        receiver = self.pick(p.receivers)
        rs = tx(received)
        stall = received >= self.stall_from  # recent: a step may still be missing

        o = _OrderState(status=PENDING, since=received)
        if rnd() < 0.02 and received + 1800 <= now:
            at = received + self.rint(2, 30) * 60
            o.cancelled_at, o.cancel_reason = at, self.pick(CANCEL_REASONS)
            o.status, o.since = CANCELLED, at
        elif kind == REPAIR and area == HOME and rnd() < 0.01:
            o.developer_note = "开发商保修期内，已转开发商"
            o.status = DEVELOPER
            done = received + self.rint(2, 15) * DAY
            if done <= now:
                o.completed, o.work = done, "开发商已维修完毕"
                o.status, o.since = TO_VISIT, done
        else:
            self.work(g, oid, o, received, now, kind, cat, urgency, appointment, paid, desc, stall)
        if o.status is COMPLETED and o.completed is not None:
            ret = o.completed + self.rint(20, 300) * 60
            if ret <= now and not (stall and rnd() < 0.015):
                o.slip = ret
                o.status, o.since = TO_VISIT, ret
        if o.status is TO_VISIT and o.completed is not None:
            vt = (o.slip or o.completed) + self.rint(30, 1500) * 60
            if vt <= now and not (stall and rnd() < 0.03):
                self.visit(g, oid, o, vt)
        if paid and o.fee_status and o.status in (TO_VISIT, CLOSED):
            self.fee(o, number, now)

        status = o.status
        due_at = due_kind = None
        if status is not CLOSED and status is not CANCELLED:  # only open orders have one
            deadline = self.deadline(o, received, urgency)
            if deadline is not None:
                due_at, due_kind = tx(self.clock.seconds(deadline.at)), deadline.kind.value
        since = tx(o.since)
        g.orders.append(
            dict(
                id=oid,
                number=number,
                kind=kind,
                matter_type=cat.matter_type.value if cat.matter_type and kind == MATTER else None,
                area_type=area,
                channel=channel,
                status=S[status],
                status_since=since,
                received_at=rs,
                receiver=receiver,
                caller_name=caller,
                phone=phone,
                unit=unit[0] if unit else None,
                location=location,
                category=cat.id,
                description=desc,
                urgency=urgency.id,
                appointment_at=None if appointment is None else tx(appointment),
                paid=paid,
                developer_warranty=o.developer_note != "",
                department=cat.default_department_id,
                staff_names=o.staff_names,
                due_at=due_at,
                due_kind=due_kind,
                dispatched_at=None if o.dispatched is None else tx(o.dispatched),
                arrive_due_at=None if o.arrive_due is None else tx(o.arrive_due),
                arrived_at=None if o.arrived is None else tx(o.arrived),
                completed_at=None if o.completed is None else tx(o.completed),
                slip_returned_at=None if o.slip is None else tx(o.slip),
                visited_at=o.visited_text,
                closed_at=o.visited_text,
                cancelled_at=None if o.cancelled_at is None else tx(o.cancelled_at),
                cancel_reason=o.cancel_reason,
                developer_note=o.developer_note,
                work_done=o.work,
                labour_fen=o.labour,
                material_fen=o.material,
                total_fen=o.labour + o.material,
                fee_status=o.fee_status,
                fee_paid_at=None if o.fee_paid_at is None else tx(o.fee_paid_at),
                receipt_no=o.receipt,
                satisfaction=o.satisfaction,
                is_rework=rework,
                created_at=rs,
                updated_at=since,
            )
        )
        # the search index's text (search_index.text_of), its parts lower-cased once each
        g.texts.append(
            (
                oid,
                SEP.join(
                    (
                        number,
                        caller if self.plain_names else _lower(caller),
                        phone,
                        self.low(location),
                        self.low(desc),
                        self.low(unit[1]) if unit else "",
                    )
                )
                + SEP
                + SEP,
            )
        )

    def deadline(self, o: _OrderState, received: int, urgency: UrgencyRecord) -> Any:
        """An open order's next deadline, by the domain's rule (on datetimes)."""
        at = self.clock.at

        def dt(t: int | None) -> datetime | None:
            return None if t is None else at(t)

        times = OrderTimes(
            o.status, at(received), at(o.since), dt(o.dispatched), dt(o.arrive_due),
            dt(o.completed),
        )  # fmt: skip
        return next_deadline(times, urgency.rule, self.rules)

    def work(
        self,
        g: Generated,
        oid: int,
        o: _OrderState,
        received: int,
        now: int,
        kind: str,
        cat: CategoryRecord,
        urgency: UrgencyRecord,
        appointment: int | None,
        paid: bool,
        desc: str,
        stall: bool,
    ) -> None:
        """Dispatch, arrival and completion as far as ``now``; only a recent (``stall``)
        order may also stop short of arriving or finishing."""
        rnd, p, tx = self.rnd, self.p, self.tx
        dispatched = (
            received + self.pick((60, 120, 180, 240, 240, 300, 420, 600)) + self.rint(0, 60)
        )
        if dispatched > now:
            return
        crew_pool = p.crews.get(cat.default_department_id) or p.fallback_crew
        crew = [self.pick(crew_pool)]
        if kind == REPAIR and rnd() < 0.1 and len(crew_pool) > 1:
            other = self.pick(crew_pool)
            if other != crew[0]:
                crew.append(other)
        o.staff_names = "、".join(c[1] for c in crew)
        limit = urgency.arrive_minutes
        dispatch = self.dispatch(
            g, oid, o, dispatched, crew, cat.default_department_id, limit, appointment, ""
        )
        o.status, o.since = DISPATCHED, dispatched
        base = appointment if appointment and appointment > dispatched else dispatched
        if limit is None:
            arrive = base + self.rint(10, 600) * 60
        elif rnd() < 0.08:
            arrive = base + (limit + self.rint(2, 45)) * 60
        else:
            arrive = base + self.rint(2, limit) * 60 + self.rint(0, 60)
        if arrive > now or (stall and rnd() < 0.01):
            g.dispatches.append(dispatch)
            return
        dispatch["arrived_at"] = tx(arrive)
        o.arrived = arrive
        o.status, o.since = IN_PROGRESS, arrive
        if rnd() < 0.04:
            finish = arrive + self.rint(10, 60) * 60
            if finish > now:
                g.dispatches.append(dispatch)
                return
            again = (finish // DAY + 1) * DAY + 10 * 3600
            dispatch.update(
                finished_at=tx(finish),
                result=NOT_DONE,
                incomplete_reason="需购买配件",
                new_appointment_at=tx(again),
            )
            g.dispatches.append(dispatch)
            o.arrived = None
            o.status, o.since = DISPATCHED, finish
            dispatch = self.dispatch(
                g,
                oid,
                o,
                finish,
                crew,
                cat.default_department_id,
                limit,
                again,
                "未完成重新派工：需购买配件",
            )
            arrive = again + self.rint(-5, 12) * 60
            if arrive > now:
                g.dispatches.append(dispatch)
                return
            dispatch["arrived_at"] = tx(arrive)
            o.arrived = arrive
            o.status, o.since = IN_PROGRESS, arrive
        minutes = self.rint(10, 150) if rnd() < 0.95 else self.rint(600, 3000)
        done = arrive + minutes * 60
        if done <= now and not (stall and rnd() < 0.01):
            dispatch.update(finished_at=tx(done), result=DONE)
            o.completed, o.work = done, "已处理：" + desc[:12]
            if paid:
                self.charge(g, oid, o)
            o.status, o.since = COMPLETED, done
        g.dispatches.append(dispatch)

    def dispatch(
        self,
        g: Generated,
        oid: int,
        o: _OrderState,
        at: int,
        crew: list[tuple[int, str]],
        dept: int | None,
        arrive_minutes: int | None,
        appointment: int | None,
        note: str,
    ) -> dict[str, Any]:
        self.did += 1
        o.dispatches += 1
        o.dispatched = at
        # deadlines.arrival_deadline on seconds (the tests compare the two)
        if appointment is not None and appointment > at:
            due: int | None = appointment + self.late_minutes * 60
        elif arrive_minutes is None:
            due = None
        else:
            due = at + arrive_minutes * 60
        o.arrive_due = due
        for staff_id, _name in crew:
            g.dispatch_staff.append(dict(dispatch=self.did, staff=staff_id))
        return dict(
            id=self.did,
            order=oid,
            seq=o.dispatches,
            dispatched_at=self.tx(at),
            dispatcher=self.p.dispatcher,
            department=dept,
            arrive_due_at=None if due is None else self.tx(due),
            note=note,
        )

    def charge(self, g: Generated, oid: int, o: _OrderState) -> None:
        item = self.pick(self.p.fee_items)
        o.labour = item[3]
        o.fee_status = FeeStatus.UNPAID.value
        if item[4]:
            qty = self.pick((1, 1, 1, 2))
            amount = qty * item[4]
            g.materials.append(
                dict(
                    order=oid,
                    line_no=1,
                    name=item[1],
                    quantity=str(qty),
                    unit=item[2],
                    unit_price_fen=item[4],
                    amount_fen=amount,
                    fee_item=item[0],
                )
            )
            o.material = amount

    def visit(self, g: Generated, oid: int, o: _OrderState, at: int) -> None:
        s = self.rnd()
        sat = "satisfied" if s < 0.86 else "fair" if s < 0.96 else "unsatisfied"
        opinion = "" if sat == "satisfied" else self.pick(OPINIONS)
        method = PHONE_VISIT if self.rnd() < 0.9 else HOME_VISIT
        o.visited_text = text = self.tx(at)
        g.visits.append(
            dict(
                order=oid,
                visited_at=text,
                method=method,
                visitor=self.p.visitor,
                satisfaction=sat,
                opinion=opinion,
            )
        )
        o.satisfaction = sat
        o.status, o.since = CLOSED, at  # its event: derived_events

    def fee(self, o: _OrderState, number: str, now: int) -> None:
        f = self.rnd()
        base = o.completed if o.completed is not None else o.since
        if f < 0.72:
            paid_at = base + self.rint(1, 72) * 3600
            if paid_at <= now:
                o.fee_status, o.fee_paid_at, o.receipt = (
                    FeeStatus.PAID.value,
                    paid_at,
                    f"SJ{number[2:]}",
                )
        elif f < 0.86:
            o.fee_status, o.fee_paid_at = FeeStatus.WITH_MGMT_FEE.value, base
        elif f < 0.9:
            o.fee_status = FeeStatus.WAIVED.value


def _lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


@dataclass(slots=True)
class _OrderState:
    """An order's state while it is generated; times in seconds on the clock. Its timeline
    events are derived in SQL after loading (propdesk.db.derived_events) from the times
    stored on the rows."""

    status: Status
    since: int
    dispatches: int = 0
    dispatched: int | None = None
    arrive_due: int | None = None
    arrived: int | None = None
    completed: int | None = None
    slip: int | None = None
    visited_text: str | None = None
    cancelled_at: int | None = None
    cancel_reason: str = ""
    developer_note: str = ""
    staff_names: str = ""
    work: str = ""
    labour: int = 0
    material: int = 0
    fee_status: str | None = None
    fee_paid_at: int | None = None
    receipt: str = ""
    satisfaction: str | None = None
