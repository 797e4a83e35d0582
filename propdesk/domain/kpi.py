"""Monthly KPI definitions (统计口径), as pure functions over plain order facts.

A month is the orders **received** in that calendar month (local time); figures are taken at
a point in time ``as_of``. Each rule is one function below (``arrival_judgement``,
``resolve_judgement``, ``response_seconds``, ``repair_seconds``, ``rework_ids``, and the
``OrderFact`` properties ``valid``, ``completed``, ``visited``, and for issue 11
``visit_judgement`` — 回访及时率 under the office's visit rule — with 完成率 leaving out 已备案
orders, 合格率 the complement of 返修率, and the 已备案/已委外 counts); ``compute()`` counts
their verdicts. The README (统计口径) states the rules in words and formulas; the tests cross-check
the figures with plain SQL (``tests/db/kpi_sql.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .deadlines import (
    TimeRules,
    arrival_clock_text,
    resolve_deadline,
    visit_deadline,
    visit_rule_text,
)
from .enums import AreaType, FeeStatus, Kind, MatterType, Satisfaction, Status, WorkResult

REWORK_DAYS = 30


@dataclass(frozen=True, slots=True)
class OrderFact:
    """What the KPIs need of one order. Dispatch fields are of the order's latest dispatch."""

    id: int
    kind: Kind
    area_type: AreaType
    status: Status
    received_at: datetime
    category_id: int
    resolve_minutes: int
    matter_type: MatterType | None = None
    unit_id: int | None = None
    department_id: int | None = None
    developer: bool = False
    appointment_at: datetime | None = None
    dispatched_at: datetime | None = None
    arrive_due_at: datetime | None = None
    arrived_at: datetime | None = None
    finished_at: datetime | None = None
    result: WorkResult | None = None
    staff_ids: tuple[int, ...] = ()
    completed_at: datetime | None = None
    visited_at: datetime | None = None
    satisfaction: Satisfaction | None = None
    paid: bool = False
    fee_status: FeeStatus | None = None
    total_fen: int = 0
    outsourced: bool = False  # ever handed to an outside firm (委外)

    @property
    def valid(self) -> bool:
        return self.status is not Status.CANCELLED

    @property
    def is_home_repair(self) -> bool:
        """报修·入户 handled by the centre (转开发商 excluded)."""
        return self.kind is Kind.REPAIR and self.area_type is AreaType.HOME and not self.developer

    @property
    def completed(self) -> bool:
        return self.valid and self.completed_at is not None

    @property
    def visited(self) -> bool:
        return (
            self.completed
            and self.visited_at is not None
            and self.completed_at is not None
            and self.visited_at >= self.completed_at
        )


@dataclass(frozen=True, slots=True)
class LaterOrder:
    """A possible 返修 follow-up: an order that is not cancelled, of a unit."""

    id: int
    unit_id: int
    category_id: int
    received_at: datetime


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int

    @property
    def value(self) -> Decimal | None:
        """The exact ratio (``None`` when nothing counts)."""
        return Decimal(self.num) / Decimal(self.den) if self.den else None

    def percent(self, places: int = 1) -> str:
        """``"87.5%"``; ``"—"`` when nothing counts."""
        v = self.value
        if v is None:
            return "—"
        q = Decimal(1).scaleb(-places)
        return f"{(v * 100).quantize(q, rounding=ROUND_HALF_UP)}%"

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.num + other.num, self.den + other.den)


@dataclass(frozen=True)
class Average:
    """An average duration: total seconds over a count."""

    seconds: int
    count: int

    @property
    def minutes(self) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(self.seconds) / 60 / self.count).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def text(self) -> str:
        m = self.minutes
        return "—" if m is None else f"{m} 分钟"


@dataclass(frozen=True)
class Figures:
    """The KPIs of a set of orders (a month, a category, a technician...)."""

    received: int = 0
    repair: int = 0
    repair_home: int = 0
    repair_common: int = 0
    matter: int = 0
    cancelled: int = 0
    valid: int = 0
    completed: int = 0
    open: int = 0
    timely: Ratio = Ratio(0, 0)
    timely_pending: int = 0
    zero_repair: Ratio = Ratio(0, 0)
    zero_repair_pending: int = 0
    completion: Ratio = Ratio(0, 0)
    visit: Ratio = Ratio(0, 0)
    satisfaction: Ratio = Ratio(0, 0)
    satisfied: int = 0
    fair: int = 0
    unsatisfied: int = 0
    rework: Ratio = Ratio(0, 0)
    response: Average = Average(0, 0)
    repair_time: Average = Average(0, 0)
    paid_orders: int = 0
    paid_total_fen: int = 0
    collected_fen: int = 0
    with_fee_fen: int = 0
    outstanding_fen: int = 0
    waived_fen: int = 0
    matter_types: dict[MatterType, int] = field(default_factory=dict)
    declined: int = 0
    outsourced: int = 0
    visit_timely: Ratio = Ratio(0, 0)
    visit_timely_pending: int = 0
    pass_rate: Ratio = Ratio(0, 0)
    #: the rules in force, for the 口径 (``KpiLine.explain``)
    visit_rule: str = ""
    arrival_clock: str = ""
    # the follow-up loop (propdesk/domain/followup_kpi.py): a month's figures only
    follow_up: Ratio = Ratio(0, 0)
    complaint_contact: Ratio = Ratio(0, 0)


# --- judging one order -----------------------------------------------------------------


def arrival_applies(f: OrderFact) -> bool:
    """Whether 及时率 judges the order at all: valid, its latest dispatch has an arrival
    deadline, and it was not finished without an arrival step."""
    return (
        f.valid
        and f.dispatched_at is not None
        and f.arrive_due_at is not None
        and not (f.arrived_at is None and f.finished_at is not None)
    )


def arrival_judgement(f: OrderFact, as_of: datetime) -> bool | None:
    """及时率 of one order: ``True`` on time, ``False`` late, ``None`` left out (the rule does
    not apply, or the deadline has not passed yet)."""
    if not arrival_applies(f):
        return None
    assert f.arrive_due_at is not None
    if f.arrived_at is not None:
        return f.arrived_at <= f.arrive_due_at
    return False if as_of > f.arrive_due_at else None


def resolve_deadline_of(f: OrderFact) -> datetime:
    return resolve_deadline(f.received_at, f.resolve_minutes)


def resolve_applies(f: OrderFact) -> bool:
    """Whether 零修及时率 judges the order: a valid in-home repair (not 转开发商)."""
    return f.valid and f.is_home_repair


def resolve_judgement(f: OrderFact, as_of: datetime) -> bool | None:
    """零修及时率 of one order: ``True`` on time, ``False`` late, ``None`` left out (the rule
    does not apply, or the deadline has not passed yet)."""
    if not resolve_applies(f):
        return None
    deadline = resolve_deadline_of(f)
    if f.completed_at is not None:
        return f.completed_at <= deadline
    return False if as_of > deadline else None


def response_seconds(f: OrderFact) -> int | None:
    """平均响应时长 of one order: dispatch to arrival of the latest dispatch, in seconds;
    ``None`` left out (an appointment, no arrival deadline, not arrived)."""
    if (
        not f.valid
        or f.appointment_at is not None
        or f.dispatched_at is None
        or f.arrive_due_at is None
        or f.arrived_at is None
    ):
        return None
    return int((f.arrived_at - f.dispatched_at).total_seconds())


def repair_seconds(f: OrderFact) -> int | None:
    """平均维修时长 of one order: arrival to finish of the latest dispatch, in seconds;
    ``None`` left out (not completed by that dispatch, or a step missing)."""
    if (
        not f.completed
        or f.result is not WorkResult.DONE
        or f.arrived_at is None
        or f.finished_at is None
    ):
        return None
    return int((f.finished_at - f.arrived_at).total_seconds())


def rework_ids(
    facts: Iterable[OrderFact], later: Iterable[LaterOrder], days: int = REWORK_DAYS
) -> frozenset[int]:
    """Ids of completed in-home repairs followed within ``days`` days of their completion by
    another order (not cancelled) of the same unit and category."""
    by_key: dict[tuple[int, int], list[tuple[datetime, int]]] = defaultdict(list)
    for o in later:
        by_key[(o.unit_id, o.category_id)].append((o.received_at, o.id))
    for times in by_key.values():
        times.sort()
    span = timedelta(days=days)
    out = set()
    for f in facts:
        if not (f.completed and f.is_home_repair and f.unit_id is not None):
            continue
        assert f.completed_at is not None
        end = f.completed_at + span
        for received, oid in by_key.get((f.unit_id, f.category_id), ()):
            if received > end:
                break
            if received >= f.completed_at and oid != f.id:
                out.add(f.id)
                break
    return frozenset(out)


def rework_window(facts: Iterable[OrderFact], days: int = REWORK_DAYS) -> datetime | None:
    """The latest receipt time a follow-up of these facts can have (``None``: no candidates)."""
    ends = [f.completed_at for f in facts if f.completed and f.is_home_repair and f.completed_at]
    return max(ends) + timedelta(days=days) if ends else None


# --- the figures -----------------------------------------------------------------------


def visit_applies(f: OrderFact) -> bool:
    """Whether 回访及时率 judges the order: completed, and not closed without a visit (an
    answered consultation the office closes at once)."""
    return f.completed and not (f.status is Status.CLOSED and f.visited_at is None)


def visit_judgement(f: OrderFact, as_of: datetime, rules: TimeRules) -> bool | None:
    """回访及时率 of one order: ``True`` visited by the visit deadline (完工后 N 小时 or 当日回访),
    ``False`` visited later or not visited with the deadline past, ``None`` left out."""
    if not visit_applies(f):
        return None
    assert f.completed_at is not None
    due = visit_deadline(f.completed_at, rules)
    if f.visited:
        assert f.visited_at is not None
        return f.visited_at <= due
    return False if as_of > due else None


def compute(
    facts: Iterable[OrderFact],
    as_of: datetime,
    reworked: frozenset[int],
    rules: TimeRules | None = None,
) -> Figures:
    """All KPIs of ``facts`` at ``as_of``; ``reworked`` from ``rework_ids``; ``rules`` the
    office's (the visit deadline, the 口径 texts; defaults when not given). Every order is
    judged by the functions above (the README states the same rules in words)."""
    rules = rules or TimeRules()
    declined = outsourced = visit_ok = visit_late = visit_pending = 0
    received = repair = repair_home = matter = cancelled = completed = 0
    timely_ok = timely_late = timely_pending = zero_ok = zero_late = zero_pending = 0
    visited = satisfied = fair = unsatisfied = home_done = n_reworked = 0
    resp_s = resp_n = rep_s = rep_n = 0
    paid_orders = paid_total = collected = with_fee = outstanding = waived = 0
    matter_types: dict[MatterType, int] = defaultdict(int)
    for f in facts:
        received += 1
        if f.kind is Kind.REPAIR:
            repair += 1
            repair_home += f.area_type is AreaType.HOME
        else:
            matter += 1
            if f.matter_type is not None:
                matter_types[f.matter_type] += 1
        if not f.valid:
            cancelled += 1
            continue
        declined += f.status is Status.DECLINED
        outsourced += f.outsourced
        visit = visit_judgement(f, as_of, rules)
        visit_ok += visit is True
        visit_late += visit is False
        visit_pending += visit is None and visit_applies(f)
        arrival = arrival_judgement(f, as_of)
        timely_ok += arrival is True
        timely_late += arrival is False
        timely_pending += arrival is None and arrival_applies(f)
        resolve = resolve_judgement(f, as_of)
        zero_ok += resolve is True
        zero_late += resolve is False
        zero_pending += resolve is None and resolve_applies(f)
        response = response_seconds(f)
        if response is not None:
            resp_s += response
            resp_n += 1
        if f.completed:
            completed += 1
            if f.is_home_repair:
                home_done += 1
                n_reworked += f.id in reworked
        if f.visited:
            visited += 1
            satisfied += f.satisfaction is Satisfaction.SATISFIED
            fair += f.satisfaction is Satisfaction.FAIR
            unsatisfied += f.satisfaction is Satisfaction.UNSATISFIED
        duration = repair_seconds(f)
        if duration is not None:
            rep_s += duration
            rep_n += 1
        if f.paid:
            paid_orders += 1
            paid_total += f.total_fen
            collected += f.total_fen if f.fee_status is FeeStatus.PAID else 0
            with_fee += f.total_fen if f.fee_status is FeeStatus.WITH_MGMT_FEE else 0
            outstanding += f.total_fen if f.fee_status is FeeStatus.UNPAID else 0
            waived += f.total_fen if f.fee_status is FeeStatus.WAIVED else 0
    valid = received - cancelled
    return Figures(
        received=received,
        repair=repair,
        repair_home=repair_home,
        repair_common=repair - repair_home,
        matter=matter,
        cancelled=cancelled,
        valid=valid,
        completed=completed,
        open=valid - completed - declined,
        timely=Ratio(timely_ok, timely_ok + timely_late),
        timely_pending=timely_pending,
        zero_repair=Ratio(zero_ok, zero_ok + zero_late),
        zero_repair_pending=zero_pending,
        completion=Ratio(completed, valid - declined),
        visit=Ratio(visited, completed),
        satisfaction=Ratio(satisfied + fair, visited),
        satisfied=satisfied,
        fair=fair,
        unsatisfied=unsatisfied,
        rework=Ratio(n_reworked, home_done),
        response=Average(resp_s, resp_n),
        repair_time=Average(rep_s, rep_n),
        paid_orders=paid_orders,
        paid_total_fen=paid_total,
        collected_fen=collected,
        with_fee_fen=with_fee,
        outstanding_fen=outstanding,
        waived_fen=waived,
        matter_types=dict(matter_types),
        declined=declined,
        outsourced=outsourced,
        visit_timely=Ratio(visit_ok, visit_ok + visit_late),
        visit_timely_pending=visit_pending,
        pass_rate=Ratio(home_done - n_reworked, home_done),
        visit_rule=visit_rule_text(rules),
        arrival_clock=arrival_clock_text(rules),
    )


K = Hashable


def group_figures(
    facts: Sequence[OrderFact],
    keys: Callable[[OrderFact], Iterable[K]],
    as_of: datetime,
    reworked: frozenset[int],
    rules: TimeRules | None = None,
) -> dict[K, Figures]:
    """Figures per group; ``keys(fact)`` names the groups a fact belongs to (a technician's
    order counts for each technician on its latest dispatch)."""
    groups: dict[K, list[OrderFact]] = defaultdict(list)
    for f in facts:
        for k in keys(f):
            groups[k].append(f)
    return {k: compute(v, as_of, reworked, rules) for k, v in groups.items()}


@dataclass(frozen=True)
class ResolveCounts:
    """One line of the 零修及时率统计表."""

    orders: int = 0
    completed: int = 0
    on_time: int = 0
    late_done: int = 0
    late_open: int = 0
    not_due: int = 0

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.on_time, self.on_time + self.late_done + self.late_open)

    def __add__(self, o: ResolveCounts) -> ResolveCounts:
        return ResolveCounts(
            self.orders + o.orders,
            self.completed + o.completed,
            self.on_time + o.on_time,
            self.late_done + o.late_done,
            self.late_open + o.late_open,
            self.not_due + o.not_due,
        )


def resolve_counts(facts: Iterable[OrderFact], as_of: datetime) -> ResolveCounts:
    """零修 counts of ``facts`` (only valid in-home repairs count)."""
    orders = completed = on_time = late_done = late_open = not_due = 0
    for f in facts:
        if not resolve_applies(f):
            continue
        orders += 1
        j = resolve_judgement(f, as_of)
        if f.completed_at is not None:
            completed += 1
            if j:
                on_time += 1
            else:
                late_done += 1
        elif j is False:
            late_open += 1
        else:
            not_due += 1
    return ResolveCounts(orders, completed, on_time, late_done, late_open, not_due)


def daily_counts(facts: Iterable[OrderFact], first: date, days: int) -> list[tuple[date, int, int]]:
    """(day, 报修, 报事) received per day of the month, every day listed."""
    counts: dict[date, list[int]] = {first + timedelta(days=i): [0, 0] for i in range(days)}
    for f in facts:
        slot = counts.get(f.received_at.date())
        if slot is not None:
            slot[0 if f.kind is Kind.REPAIR else 1] += 1
    return [(d, c[0], c[1]) for d, c in counts.items()]


# --- months ----------------------------------------------------------------------------


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first moment, first moment of the next month) of ``month``'s calendar month."""
    first = date(month.year, month.month, 1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return datetime.combine(first, datetime.min.time()), datetime.combine(nxt, datetime.min.time())


def previous_month(month: date) -> date:
    first = date(month.year, month.month, 1)
    return (first - timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> date:
    """``"2026-11"`` (or ``2026/11``, ``2026年11月``) → the month's first day; ``ValueError``."""
    t = text.strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
    parts = [p for p in t.split("-") if p]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    year, month = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 2000 <= year <= 2999):
        raise ValueError(text)
    return date(year, month, 1)


# --- the lines of the summary (汇总 sheet and the 统计报表 tab) --------------------------

KpiValue = int | Ratio | Average


@dataclass(frozen=True)
class KpiLine:
    """One line of the summary: ``kind`` is ``int``, ``percent``, ``minutes`` or ``yuan``
    (the value is then an amount in fen)."""

    key: str
    label: str
    kind: str
    get: Callable[[Figures], KpiValue]
    note: str = ""

    def explain(self, f: Figures) -> str:
        """The 口径 with the rules in force filled in (``{visit_rule}``, ``{arrival_clock}``)."""
        return self.note.format(visit_rule=f.visit_rule, arrival_clock=f.arrival_clock)

    def text(self, f: Figures) -> str:
        """The value as the tab shows it."""
        v = self.get(f)
        if isinstance(v, Ratio):
            return v.percent()
        if isinstance(v, Average):
            m = v.minutes
            return "—" if m is None else f"{m}"
        if self.kind == "yuan":
            return f"{Decimal(v) / 100:,.2f}"
        return str(v)

    def counts(self, f: Figures) -> str:
        """``"45 / 50"`` for a rate, ``"12 单"`` for an average, else empty."""
        v = self.get(f)
        if isinstance(v, Ratio):
            return f"{v.num} / {v.den}"
        if isinstance(v, Average):
            return f"{v.count} 单"
        return ""


def _matter_line(mt: MatterType) -> KpiLine:
    return KpiLine(
        f"matter_{mt.value}", f"　报事·{mt.label}", "int", lambda f: f.matter_types.get(mt, 0)
    )


KPI_LINES: tuple[KpiLine, ...] = (
    KpiLine("received", "受理总数", "int", lambda f: f.received, "本月受理的全部工单（含已取消）"),
    KpiLine("repair", "报修", "int", lambda f: f.repair),
    KpiLine("repair_home", "　报修·入户", "int", lambda f: f.repair_home),
    KpiLine("repair_common", "　报修·公区", "int", lambda f: f.repair_common),
    KpiLine("matter", "报事", "int", lambda f: f.matter),
    *(_matter_line(mt) for mt in MatterType),
    KpiLine("cancelled", "已取消", "int", lambda f: f.cancelled),
    KpiLine("valid", "有效工单", "int", lambda f: f.valid, "受理总数 − 已取消"),
    KpiLine(
        "completed",
        "已完成",
        "int",
        lambda f: f.completed,
        "有效工单中已登记完成时间的（含前台当场答复的报事）",
    ),
    KpiLine("open", "未完成", "int", lambda f: f.open, "有效工单 − 已完成 − 已备案"),
    KpiLine(
        "declined",
        "已备案",
        "int",
        lambda f: f.declined,
        "业主不同意收费或拒绝维修，关闭备案的工单（计入受理，不计完成，不计入完成率分母）",
    ),
    KpiLine(
        "outsourced", "已委外", "int", lambda f: f.outsourced, "曾交专业单位处理（委外）的工单"
    ),
    KpiLine(
        "timely",
        "及时率",
        "percent",
        lambda f: f.timely,
        "按时到场 ÷（按时到场 + 超时到场 + 已过到场时限仍未到场）；按最后一次派工判定，"
        "到场时限{arrival_clock}；未到时限的不计，无到场时限或未经到场即办结的不计",
    ),
    KpiLine(
        "zero_repair",
        "零修及时率",
        "percent",
        lambda f: f.zero_repair,
        "入户报修（不含转开发商）在紧急程度的完成时限内完成 ÷ 已完成或已过完成时限的",
    ),
    KpiLine(
        "follow_up",
        "跟进及时率",
        "percent",
        lambda f: f.follow_up,
        "派工后在“派工后到场确认电话”时限内致电业主确认的派工 ÷ 应确认的派工（有到场时限的派工，"
        "含改派；未到时限且未致电的不计）",
    ),
    KpiLine(
        "complaint_contact",
        "投诉处理及时率",
        "percent",
        lambda f: f.complaint_contact,
        "受理后在“投诉联系投诉人时限”内联系投诉人（致电业主或答复）的投诉 ÷ 投诉（未取消；"
        "未到时限且未联系的不计）",
    ),
    KpiLine(
        "completion", "完成率", "percent", lambda f: f.completion, "已完成 ÷（有效工单 − 已备案）"
    ),
    KpiLine("visit", "回访率", "percent", lambda f: f.visit, "完成后已回访 ÷ 已完成"),
    KpiLine(
        "visit_timely",
        "回访及时率",
        "percent",
        lambda f: f.visit_timely,
        "按时限内回访 ÷（已回访 + 已过回访时限仍未回访）；回访时限：{visit_rule}；"
        "未到时限的不计，按设置无需回访而直接关闭的当场答复不计",
    ),
    KpiLine(
        "satisfaction",
        "满意率",
        "percent",
        lambda f: f.satisfaction,
        "（满意 + 基本满意）÷ 已回访，按最近一次评价",
    ),
    KpiLine("satisfied", "　满意", "int", lambda f: f.satisfied),
    KpiLine("fair", "　基本满意", "int", lambda f: f.fair),
    KpiLine("unsatisfied", "　不满意", "int", lambda f: f.unsatisfied),
    KpiLine(
        "rework",
        "返修率",
        "percent",
        lambda f: f.rework,
        f"已完成的入户报修中，完成后{REWORK_DAYS}天内同一房号同一类别又有报修的 ÷ 已完成的入户报修",
    ),
    KpiLine(
        "pass_rate",
        "合格率",
        "percent",
        lambda f: f.pass_rate,
        f"已完成的入户报修中，完成后{REWORK_DAYS}天内未返修的 ÷ 已完成的入户报修",
    ),
    KpiLine(
        "response",
        "平均响应时长（分钟）",
        "minutes",
        lambda f: f.response,
        "派工 → 到场，按最后一次派工；预约上门的、无到场时限的不计",
    ),
    KpiLine(
        "repair_time",
        "平均维修时长（分钟）",
        "minutes",
        lambda f: f.repair_time,
        "到场 → 完成，按最后一次派工",
    ),
    KpiLine("paid_orders", "有偿工单数", "int", lambda f: f.paid_orders, "有偿服务且未取消"),
    KpiLine("paid_total", "有偿金额合计（元）", "yuan", lambda f: f.paid_total_fen),
    KpiLine("collected", "已收（元）", "yuan", lambda f: f.collected_fen),
    KpiLine("with_fee", "随管理费收取（元）", "yuan", lambda f: f.with_fee_fen),
    KpiLine("outstanding", "未收（元）", "yuan", lambda f: f.outstanding_fen),
    KpiLine("waived", "减免（元）", "yuan", lambda f: f.waived_fen),
)

KPI_BY_KEY: dict[str, KpiLine] = {line.key: line for line in KPI_LINES}
