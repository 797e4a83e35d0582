"""Demo orders, each living its life step by step by the domain's rules: the lifecycle table
(``next_status``) moves its status, ``arrival_deadline`` gives each dispatch its arrival
deadline and ``next_deadline`` an open order its next one. What happened comes out as rows by
field name for the import's bulk path (``import_repo.insert_orders``); timelines, search texts
and 返修 marks are derived there from the stored times, as for imported orders."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from propdesk.domain.deadlines import OrderTimes, TimeRules, arrival_deadline, next_deadline
from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    MaterialSource,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.lifecycle import Action, next_status
from propdesk.domain.numbering import format_number
from propdesk.domain.records import CategoryRecord, FeeItemRecord, UnitRecord, UrgencyRecord

from .names import COMMON_AREAS, DESCRIPTIONS, GIVEN, SURNAMES

DAYTIME_CHANNELS = (Channel.PHONE,) * 4 + (Channel.VISIT, Channel.WECHAT)
OPINIONS = ("维修不及时", "师傅态度一般", "希望尽快彻底解决", "基本解决")
CANCEL_REASONS = ("业主已自行处理", "重复登记", "业主取消预约")
PHONE_PREFIXES = ("138", "139", "137", "136", "135", "150", "186", "189", "177")
#: Only orders received this recently before "now" may be stuck (never arrived, never
#: finished, slip not back, not visited): an office clears its backlog, so older orders are
#: all closed or cancelled and the overdue list holds a few dozen current cases, not years.
STALL_DAYS = 14
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@dataclass(frozen=True)
class Crew:
    """A technician the demo dispatches."""

    id: int
    name: str


@dataclass
class Pools:
    """What orders are drawn from."""

    repair_cats: list[CategoryRecord]
    common_cats: list[CategoryRecord]
    matter_cats: list[CategoryRecord]
    urgencies: dict[int, UrgencyRecord]
    units: list[UnitRecord]
    crews: dict[int | None, list[Crew]]  # department id -> its technicians
    fallback_crew: list[Crew]
    fee_items: list[FeeItemRecord]
    receivers: list[int]
    dispatcher: int
    visitor: int


@dataclass
class Generated:
    """Rows by field name (``propdesk.db.bulk.insert``)."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    dispatch_staff: list[dict[str, int]] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    of_units: list[int] = field(default_factory=list)  # ids of orders of a unit (返修 judged)


def received_times(seed: int, count: int, months: int, now: datetime) -> list[datetime]:
    """When ``count`` orders came in over ``months`` (30 days each) up to ``now``, oldest
    first, to the second: mostly office hours, some at night."""
    rnd = random.Random(seed).random
    origin = datetime.combine(now.date() - timedelta(days=30 * months), datetime.min.time())
    span_days = (now - origin).days + 1
    out = []
    for _ in range(count):
        lo, span = (8 * 3600, 10 * 3600) if rnd() < 0.85 else (0, 24 * 3600)
        t = origin + timedelta(days=int(rnd() * span_days), seconds=lo + int(rnd() * span))
        if t > now:
            t = now - timedelta(seconds=60 + int(rnd() * (6 * 3600 - 60)))
        out.append(t)
    out.sort()
    return out


class _Story:
    """One order as it is generated: its row, and its status moved by the lifecycle table."""

    def __init__(self, row: dict[str, Any], kind: Kind) -> None:
        self.row = row
        self.kind = kind
        self.status = Status.PENDING
        self.dispatch: dict[str, Any] | None = None

    def step(self, action: Action, at: datetime, **fields: Any) -> None:
        self.status = next_status(self.status, action, self.kind)
        self.row.update(fields, status=self.status.value, status_since=at, updated_at=at)


class OrderGenerator:
    """Orders with ids, numbers and dispatch ids following on from the ones given; call
    ``generate`` with successive batches of receive times."""

    def __init__(
        self,
        seed: int,
        rules: TimeRules,
        pools: Pools,
        now: datetime,
        last_id: int,
        last_dispatch_id: int,
        last_seq: dict[int, int],
    ) -> None:
        self.rnd = random.Random(seed).random
        self.rules = rules
        self.p = pools
        self.now = now
        self.stall_from = now - STALL_DAYS * DAY
        self.oid = last_id
        self.did = last_dispatch_id
        self.last_seq = dict(last_seq)

    # small draws
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

    def generate(self, times: list[datetime]) -> Generated:
        g = Generated()
        for received in times:
            self.one(g, received)
        return g

    def one(self, g: Generated, received: datetime) -> None:
        rnd, p = self.rnd, self.p
        self.oid += 1
        seq = self.last_seq[received.year] = self.last_seq.get(received.year, 0) + 1
        r = rnd()
        if r < 0.72:
            kind, area, cat = Kind.REPAIR, AreaType.HOME, self.pick(p.repair_cats)
        elif r < 0.86:
            kind, area, cat = Kind.REPAIR, AreaType.COMMON, self.pick(p.common_cats)
        else:
            area = AreaType.HOME if rnd() < 0.7 else AreaType.COMMON
            kind, cat = Kind.MATTER, self.pick(p.matter_cats)
        urgency = p.urgencies[cat.default_urgency_id]
        unit = self.pick(p.units) if area is AreaType.HOME else None
        location = ""
        if unit is not None:
            caller, phone = (
                (unit.owner_name, unit.phone) if rnd() < 0.8 else (self.name(), self.phone())
            )
        else:
            caller, phone, location = self.name(), self.phone(), self.pick(COMMON_AREAS)
        if not (9 <= received.hour < 17) and rnd() < 0.7:
            channel = Channel.MONITOR
        elif area is AreaType.COMMON and rnd() < 0.3:
            channel = Channel.PATROL
        else:
            channel = self.pick(DAYTIME_CHANNELS)
        desc = self.pick(DESCRIPTIONS.get(cat.name) or (cat.path + "问题，请尽快处理",))
        paid = kind is Kind.REPAIR and area is AreaType.HOME and rnd() < 0.25
        appointment = None
        if kind is Kind.REPAIR and area is AreaType.HOME and rnd() < 0.15:
            at = received + self.pick((1, 2, 3, 20, 24)) * HOUR
            appointment = at.replace(minute=0, second=0)
        story = _Story(
            dict(
                id=self.oid,
                number=format_number(received.year, seq),
                kind=kind.value,
                matter_type=cat.matter_type.value
                if cat.matter_type and kind is Kind.MATTER
                else None,
                area_type=area.value,
                channel=channel.value,
                status=Status.PENDING.value,
                status_since=received,
                received_at=received,
                receiver=self.pick(p.receivers),
                caller_name=caller,
                phone=phone,
                unit=unit.id if unit else None,
                location=location,
                category=cat.id,
                description=desc,
                urgency=urgency.id,
                appointment_at=appointment,
                paid=paid,
                material_source=MaterialSource.CENTRE.value,
                department=cat.default_department_id,
                fee_status=FeeStatus.UNPAID.value if paid else None,
                created_at=received,
                updated_at=received,
            ),
            kind,
        )
        stall = received >= self.stall_from  # recent: a step may still be missing
        if rnd() < 0.02 and received + 30 * MINUTE <= self.now:
            at = received + self.rint(2, 30) * MINUTE
            story.step(Action.CANCEL, at, cancelled_at=at, cancel_reason=self.pick(CANCEL_REASONS))
        elif kind is Kind.REPAIR and area is AreaType.HOME and rnd() < 0.01:
            self.developer(story, received)
        else:
            self.work(g, story, received, cat, urgency, appointment, paid, desc, stall)
        row = story.row
        if story.status is Status.COMPLETED:
            back = row["completed_at"] + self.rint(20, 300) * MINUTE
            if back <= self.now and not (stall and rnd() < 0.015):
                story.step(Action.RETURN_SLIP, back, slip_returned_at=back)
        if story.status is Status.TO_VISIT:
            at = (row.get("slip_returned_at") or row["completed_at"]) + self.rint(30, 1500) * MINUTE
            if at <= self.now and not (stall and rnd() < 0.03):
                self.visit(g, story, at)
        if paid and row.get("completed_at") is not None:
            self.fee(row)
        if story.status not in (Status.CLOSED, Status.CANCELLED):
            deadline = next_deadline(
                OrderTimes(
                    story.status,
                    received,
                    row["status_since"],
                    row.get("dispatched_at"),
                    row.get("arrive_due_at"),
                    row.get("completed_at"),
                ),
                urgency.rule,
                self.rules,
            )
            if deadline is not None:
                row.update(due_at=deadline.at, due_kind=deadline.kind.value)
        g.orders.append(row)
        if unit is not None:
            g.of_units.append(row["id"])

    def developer(self, story: _Story, received: datetime) -> None:
        """转开发商; the developer reports back within two weeks."""
        story.step(
            Action.TO_DEVELOPER,
            received,
            developer_warranty=True,
            developer_note="开发商保修期内，已转开发商",
        )
        done = received + self.rint(2, 15) * DAY
        if done <= self.now:
            story.step(
                Action.DEVELOPER_RESULT, done, completed_at=done, work_done="开发商已维修完毕"
            )

    def work(
        self,
        g: Generated,
        story: _Story,
        received: datetime,
        cat: CategoryRecord,
        urgency: UrgencyRecord,
        appointment: datetime | None,
        paid: bool,
        desc: str,
        stall: bool,
    ) -> None:
        """Dispatch, arrival and completion as far as ``now``; only a recent (``stall``)
        order may also stop short of arriving or finishing."""
        rnd, now = self.rnd, self.now
        dispatched = received + timedelta(
            seconds=self.pick((60, 120, 180, 240, 240, 300, 420, 600)) + self.rint(0, 60)
        )
        if dispatched > now:
            return
        pool = self.p.crews.get(cat.default_department_id) or self.p.fallback_crew
        crew = [self.pick(pool)]
        if story.kind is Kind.REPAIR and rnd() < 0.1 and len(pool) > 1:
            other = self.pick(pool)
            if other != crew[0]:
                crew.append(other)
        self.dispatch(g, story, Action.DISPATCH, dispatched, crew, urgency, appointment, "")
        limit = urgency.arrive_minutes
        base = appointment if appointment and appointment > dispatched else dispatched
        if limit is None:
            arrive = base + self.rint(10, 600) * MINUTE
        elif rnd() < 0.08:
            arrive = base + (limit + self.rint(2, 45)) * MINUTE
        else:
            arrive = base + timedelta(seconds=self.rint(2, limit) * 60 + self.rint(0, 60))
        if arrive > now or (stall and rnd() < 0.01):
            return
        self.arrive(story, arrive)
        if rnd() < 0.04:
            finish = arrive + self.rint(10, 60) * MINUTE
            if finish > now:
                return
            again = datetime.combine(finish.date() + DAY, datetime.min.time()) + 10 * HOUR
            assert story.dispatch is not None
            story.dispatch.update(
                finished_at=finish,
                result=WorkResult.NOT_DONE.value,
                incomplete_reason="需购买配件",
                new_appointment_at=again,
            )
            self.dispatch(
                g,
                story,
                Action.INCOMPLETE_REDISPATCH,
                finish,
                crew,
                urgency,
                again,
                "未完成重新派工：需购买配件",
            )
            story.row.update(appointment_at=again, arrived_at=None)
            arrive = again + self.rint(-5, 12) * MINUTE
            if arrive > now:
                return
            self.arrive(story, arrive)
        minutes = self.rint(10, 150) if rnd() < 0.95 else self.rint(600, 3000)
        done = arrive + minutes * MINUTE
        if done <= now and not (stall and rnd() < 0.01):
            assert story.dispatch is not None
            story.dispatch.update(finished_at=done, result=WorkResult.DONE.value)
            story.step(Action.COMPLETE, done, completed_at=done, work_done="已处理：" + desc[:12])
            if paid:
                self.charge(g, story.row)

    def dispatch(
        self,
        g: Generated,
        story: _Story,
        action: Action,
        at: datetime,
        crew: list[Crew],
        urgency: UrgencyRecord,
        appointment: datetime | None,
        note: str,
    ) -> None:
        """A new dispatch record, its arrival deadline by the domain's rule."""
        self.did += 1
        due = arrival_deadline(at, urgency.rule, self.rules, appointment)
        seq = story.dispatch["seq"] + 1 if story.dispatch else 1
        story.dispatch = dict(
            id=self.did,
            order=story.row["id"],
            seq=seq,
            dispatched_at=at,
            dispatcher=self.p.dispatcher,
            department=story.row["department"],
            arrive_due_at=due,
            note=note,
        )
        g.dispatches.append(story.dispatch)
        g.dispatch_staff.extend(dict(dispatch=self.did, staff=c.id) for c in crew)
        story.step(
            action,
            at,
            dispatched_at=at,
            arrive_due_at=due,
            staff_names="、".join(c.name for c in crew),
        )

    def arrive(self, story: _Story, at: datetime) -> None:
        assert story.dispatch is not None
        story.dispatch["arrived_at"] = at
        story.step(Action.ARRIVE, at, arrived_at=at)

    def charge(self, g: Generated, row: dict[str, Any]) -> None:
        item: FeeItemRecord = self.pick(self.p.fee_items)
        row["labour_fen"] = item.labour_fen
        if item.material_fen:
            qty = self.pick((1, 1, 1, 2))
            amount = qty * item.material_fen
            g.materials.append(
                dict(
                    order=row["id"],
                    line_no=1,
                    name=item.name,
                    quantity=str(qty),
                    unit=item.unit,
                    unit_price_fen=item.material_fen,
                    amount_fen=amount,
                    fee_item=item.id,
                )
            )
            row["material_fen"] = amount
        row["total_fen"] = row["labour_fen"] + row.get("material_fen", 0)

    def visit(self, g: Generated, story: _Story, at: datetime) -> None:
        s = self.rnd()
        sat = (
            Satisfaction.SATISFIED
            if s < 0.86
            else Satisfaction.FAIR
            if s < 0.96
            else Satisfaction.UNSATISFIED
        )
        method = VisitMethod.PHONE if self.rnd() < 0.9 else VisitMethod.HOME
        g.visits.append(
            dict(
                order=story.row["id"],
                visited_at=at,
                method=method.value,
                visitor=self.p.visitor,
                satisfaction=sat.value,
                opinion="" if sat is Satisfaction.SATISFIED else self.pick(OPINIONS),
            )
        )
        story.step(Action.VISIT, at, visited_at=at, closed_at=at, satisfaction=sat.value)

    def fee(self, row: dict[str, Any]) -> None:
        """How a paid job was settled (some are still owed)."""
        f = self.rnd()
        done = row["completed_at"]
        if f < 0.72:
            paid_at = done + self.rint(1, 72) * HOUR
            if paid_at <= self.now:
                row.update(
                    fee_status=FeeStatus.PAID.value,
                    fee_paid_at=paid_at,
                    receipt_no=f"SJ{row['number'][2:]}",
                )
        elif f < 0.86:
            row.update(fee_status=FeeStatus.WITH_MGMT_FEE.value, fee_paid_at=done)
        elif f < 0.9:
            row["fee_status"] = FeeStatus.WAIVED.value
