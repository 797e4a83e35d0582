"""Generating demo orders in memory: one pass, plain tuples ready for ``executemany``.

Written for speed (200,000 orders in a few seconds): enum codes are looked up once, each time
is formatted once, and random draws use ``random()`` directly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from propdesk.db.search_index import text_of as search_text
from propdesk.domain.deadlines import OrderTimes, TimeRules, arrival_deadline, next_deadline
from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    Satisfaction,
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
SAT_LABELS = {s.value: s.label for s in Satisfaction}
OPINIONS = ("维修不及时", "师傅态度一般", "希望尽快彻底解决", "基本解决")
CANCEL_REASONS = ("业主已自行处理", "重复登记", "业主取消预约")
PHONE_PREFIXES = ("138", "139", "137", "136", "135", "150", "186", "189", "177")
#: Only orders received this recently before "now" may be stuck (never arrived, never
#: finished, slip not back, not visited): an office clears its backlog, so older orders are
#: all closed or cancelled and the overdue list holds a few dozen current cases, not years.
STALL_DAYS = 14


_FMT_CACHE: dict[datetime, str] = {}


def fmt(dt: datetime | None) -> str | None:
    """Stored text of a time; each order's few times are formatted once (cache cleared per
    order), since every time appears in an event, the order row and often a dispatch."""
    if dt is None:
        return None
    text = _FMT_CACHE.get(dt)
    if text is None:
        text = _FMT_CACHE[dt] = dt.isoformat(sep=" ")
    return text


@dataclass
class Generated:
    orders: list[tuple[Any, ...]] = field(default_factory=list)
    dispatches: list[tuple[Any, ...]] = field(default_factory=list)
    dispatch_staff: list[tuple[int, int]] = field(default_factory=list)
    materials: list[tuple[Any, ...]] = field(default_factory=list)
    visits: list[tuple[Any, ...]] = field(default_factory=list)
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


def received_times(seed: int, count: int, months: int, now: datetime) -> list[datetime]:
    """When the ``count`` orders came in over ``months`` up to ``now``, oldest first: mostly
    office hours, some at night."""
    rnd = random.Random(seed).random
    start = datetime(now.year, now.month, now.day) - timedelta(days=30 * months)
    span_days = max(1, (now - start).days + 1)
    day, night = (8 * 3600, 10 * 3600), (0, 24 * 3600)
    out = []
    for _ in range(count):
        lo, span = day if rnd() < 0.85 else night
        t = start + timedelta(days=int(rnd() * span_days), seconds=lo + int(rnd() * span))
        if t > now:
            t = now - timedelta(seconds=60 + int(rnd() * (6 * 3600 - 60)))
        out.append(t)
    out.sort()
    return out


class OrderGenerator:
    def __init__(self, seed: int, rules: TimeRules, pools: Pools) -> None:
        rng = random.Random(seed)
        self.rnd = rng.random
        self.rules = rules
        self.p = pools

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

    def generate(
        self,
        times: list[datetime],
        now: datetime,
        first_id: int,
        first_dispatch_id: int,
        seq_by_year: dict[int, int],
    ) -> Generated:
        """Orders received at ``times`` (sorted), ids after ``first_id``, dispatch ids after
        ``first_dispatch_id``, numbers after ``seq_by_year``."""
        g = Generated(last_seq=dict(seq_by_year))
        self.did = first_dispatch_id
        self.stall_from = now - timedelta(days=STALL_DAYS)
        self.last_fix: dict[tuple[int, int], datetime] = {}
        for i, received in enumerate(times):
            self.one(g, first_id + i + 1, received, now)
            _FMT_CACHE.clear()
        return g

    def one(self, g: Generated, oid: int, received: datetime, now: datetime) -> None:
        rnd, p, rules = self.rnd, self.p, self.rules
        year = received.year
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
        rule = urgency.rule
        unit = self.pick(p.units) if area == HOME else None
        location = ""
        if unit is not None:
            caller, phone = (unit[2], unit[3]) if rnd() < 0.8 else (self.name(), self.phone())
        else:
            caller, phone, location = self.name(), self.phone(), self.pick(COMMON_AREAS)
        after_hours = not (9 <= received.hour < 17)
        if after_hours and rnd() < 0.7:
            channel = MONITOR
        elif area == COMMON and rnd() < 0.3:
            channel = PATROL
        else:
            channel = self.pick(DAYTIME_CHANNELS)
        desc = self.pick(DESCRIPTIONS.get(cat.name) or (cat.path + "问题，请尽快处理",))
        paid = kind == REPAIR and area == HOME and rnd() < 0.25
        appointment = None
        if kind == REPAIR and area == HOME and rnd() < 0.15:
            hours = self.pick((1, 2, 3, 20, 24))
            appointment = (received + timedelta(hours=hours)).replace(minute=0, second=0)
        rework = False
        if unit is not None:
            key = (unit[0], cat.id)
            prev = self.last_fix.get(key)
            rework = prev is not None and (received - prev).days < 30
            self.last_fix[key] = received
        receiver = self.pick(p.receivers)
        rs = fmt(received)
        stall = received >= self.stall_from  # recent: a step may still be missing

        o = _OrderState(status=PENDING, since=received)
        if rnd() < 0.02 and received + timedelta(minutes=30) <= now:
            at = received + timedelta(minutes=self.rint(2, 30))
            o.cancelled_at, o.cancel_reason = at, self.pick(CANCEL_REASONS)
            self.step(g, oid, o, at, receiver, "cancel", CANCELLED, o.cancel_reason)
        elif kind == REPAIR and area == HOME and rnd() < 0.01:
            o.developer_note = "开发商保修期内，已转开发商"
            self.step(g, oid, o, received, receiver, "to_developer", DEVELOPER, o.developer_note)
            done = received + timedelta(days=self.rint(2, 15))
            if done <= now:
                o.completed, o.work = done, "开发商已维修完毕"
                self.step(g, oid, o, done, receiver, "developer_result", TO_VISIT, o.work)
        else:
            self.work(
                g, oid, o, received, now, kind, cat, rule, appointment, paid, desc, receiver, stall
            )
        if o.status is COMPLETED and o.completed is not None:
            ret = o.completed + timedelta(minutes=self.rint(20, 300))
            if ret <= now and not (stall and rnd() < 0.015):
                o.slip = ret
                self.step(g, oid, o, ret, receiver, "return_slip", TO_VISIT, "")
        if o.status is TO_VISIT and o.completed is not None:
            vt = (o.slip or o.completed) + timedelta(minutes=self.rint(30, 1500))
            if vt <= now and not (stall and rnd() < 0.03):
                self.visit(g, oid, o, vt)
        if paid and o.fee_status and o.status in (TO_VISIT, CLOSED):
            self.fee(o, number, now)

        deadline = next_deadline(
            OrderTimes(o.status, received, o.since, o.dispatched, o.arrive_due, o.completed),
            rule,
            rules,
        )
        g.orders.append(
            (
                oid,
                number,
                kind,
                cat.matter_type.value if cat.matter_type and kind == MATTER else None,
                area,
                channel,
                S[o.status],
                fmt(o.since),
                rs,
                receiver,
                caller,
                phone,
                unit[0] if unit else None,
                location,
                cat.id,
                desc,
                urgency.id,
                fmt(appointment),
                paid,
                "centre",
                o.developer_note != "",
                cat.default_department_id,
                o.staff_names,
                fmt(deadline.at) if deadline else None,
                deadline.kind.value if deadline else None,
                fmt(o.dispatched),
                fmt(o.arrive_due),
                fmt(o.arrived),
                fmt(o.completed),
                fmt(o.slip),
                fmt(o.visited),
                fmt(o.visited),
                fmt(o.cancelled_at),
                o.cancel_reason,
                o.developer_note,
                o.work,
                o.labour,
                o.material,
                o.labour + o.material,
                o.fee_status,
                fmt(o.fee_paid_at),
                o.receipt,
                "",
                o.satisfaction,
                rework,
                0,
                1,
                rs,
                fmt(o.since),
            )
        )
        g.texts.append(
            (oid, search_text(number, caller, phone, location, desc, unit[1] if unit else ""))
        )

    def step(
        self,
        g: Generated,
        oid: int,
        o: _OrderState,
        at: datetime,
        user: int,
        action: str,
        to: Status,
        note: str,
    ) -> None:
        """Move the order to ``to`` at ``at``. The timeline event itself is derived in SQL
        after loading (propdesk.db.derived_events) from the times stored here."""
        o.status, o.since = to, at

    def work(
        self,
        g: Generated,
        oid: int,
        o: _OrderState,
        received: datetime,
        now: datetime,
        kind: str,
        cat: CategoryRecord,
        rule: Any,
        appointment: datetime | None,
        paid: bool,
        desc: str,
        receiver: int,
        stall: bool,
    ) -> None:
        """Dispatch, arrival and completion as far as ``now``; only a recent (``stall``)
        order may also stop short of arriving or finishing."""
        rnd, p = self.rnd, self.p
        dispatched = received + timedelta(
            seconds=self.pick((60, 120, 180, 240, 240, 300, 420, 600)) + self.rint(0, 60)
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
        dispatch = self.dispatch(
            g, oid, o, dispatched, crew, cat.default_department_id, rule, appointment, ""
        )
        self.step(g, oid, o, dispatched, p.dispatcher, "dispatch", DISPATCHED, o.staff_names)
        base = appointment if appointment and appointment > dispatched else dispatched
        limit = rule.arrive_minutes
        if limit is None:
            arrive = base + timedelta(minutes=self.rint(10, 600))
        elif rnd() < 0.08:
            arrive = base + timedelta(minutes=limit + self.rint(2, 45))
        else:
            arrive = base + timedelta(minutes=self.rint(2, limit), seconds=self.rint(0, 60))
        if arrive > now or (stall and rnd() < 0.01):
            g.dispatches.append(tuple(dispatch))
            return
        dispatch[7] = fmt(arrive)
        o.arrived = arrive
        self.step(g, oid, o, arrive, receiver, "arrive", IN_PROGRESS, "")
        if rnd() < 0.04:
            finish = arrive + timedelta(minutes=self.rint(10, 60))
            if finish > now:
                g.dispatches.append(tuple(dispatch))
                return
            again = (finish + timedelta(days=1)).replace(hour=10, minute=0, second=0)
            dispatch[8], dispatch[9], dispatch[10], dispatch[11] = (
                fmt(finish),
                NOT_DONE,
                "需购买配件",
                fmt(again),
            )
            g.dispatches.append(tuple(dispatch))
            o.arrived = None
            self.step(g, oid, o, finish, receiver, "incomplete", DISPATCHED, "需购买配件")
            dispatch = self.dispatch(
                g,
                oid,
                o,
                finish,
                crew,
                cat.default_department_id,
                rule,
                again,
                "未完成重新派工：需购买配件",
            )
            arrive = again + timedelta(minutes=self.rint(-5, 12))
            if arrive > now:
                g.dispatches.append(tuple(dispatch))
                return
            dispatch[7] = fmt(arrive)
            o.arrived = arrive
            self.step(g, oid, o, arrive, receiver, "arrive", IN_PROGRESS, "")
        minutes = self.rint(10, 150) if rnd() < 0.95 else self.rint(600, 3000)
        done = arrive + timedelta(minutes=minutes)
        if done <= now and not (stall and rnd() < 0.01):
            dispatch[8], dispatch[9] = fmt(done), DONE
            o.completed, o.work = done, "已处理：" + desc[:12]
            if paid:
                self.charge(g, oid, o)
            self.step(g, oid, o, done, receiver, "complete", COMPLETED, "")
        g.dispatches.append(tuple(dispatch))

    def dispatch(
        self,
        g: Generated,
        oid: int,
        o: _OrderState,
        at: datetime,
        crew: list[tuple[int, str]],
        dept: int | None,
        rule: Any,
        appointment: datetime | None,
        note: str,
    ) -> list[Any]:
        self.did += 1
        o.dispatches += 1
        o.dispatched = at
        o.arrive_due = arrival_deadline(at, rule, self.rules, appointment)
        for staff_id, _name in crew:
            g.dispatch_staff.append((self.did, staff_id))
        return [
            self.did,
            oid,
            o.dispatches,
            fmt(at),
            self.p.dispatcher,
            dept,
            fmt(o.arrive_due),
            None,
            None,
            None,
            "",
            None,
            note,
        ]

    def charge(self, g: Generated, oid: int, o: _OrderState) -> None:
        item = self.pick(self.p.fee_items)
        o.labour = item[3]
        o.fee_status = FeeStatus.UNPAID.value
        if item[4]:
            qty = self.pick((1, 1, 1, 2))
            amount = qty * item[4]
            g.materials.append((oid, 1, item[1], str(qty), item[2], item[4], amount, item[0]))
            o.material = amount

    def visit(self, g: Generated, oid: int, o: _OrderState, at: datetime) -> None:
        s = self.rnd()
        sat = "satisfied" if s < 0.86 else "fair" if s < 0.96 else "unsatisfied"
        opinion = "" if sat == "satisfied" else self.pick(OPINIONS)
        method = VisitMethod.PHONE.value if self.rnd() < 0.9 else VisitMethod.HOME.value
        g.visits.append((oid, fmt(at), method, self.p.visitor, sat, opinion, False, False))
        o.visited, o.satisfaction = at, sat
        self.step(g, oid, o, at, self.p.visitor, "visit", CLOSED, f"电话回访，{SAT_LABELS[sat]}")

    def fee(self, o: _OrderState, number: str, now: datetime) -> None:
        f = self.rnd()
        base = o.completed or o.since
        if f < 0.72:
            paid_at = base + timedelta(hours=self.rint(1, 72))
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


@dataclass(slots=True)
class _OrderState:
    status: Status
    since: datetime
    dispatches: int = 0
    dispatched: datetime | None = None
    arrive_due: datetime | None = None
    arrived: datetime | None = None
    completed: datetime | None = None
    slip: datetime | None = None
    visited: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    developer_note: str = ""
    staff_names: str = ""
    work: str = ""
    labour: int = 0
    material: int = 0
    fee_status: str | None = None
    fee_paid_at: datetime | None = None
    receipt: str = ""
    satisfaction: str | None = None
