"""KPI definitions on a hand-built month whose figures are worked out below, by hand.

Urgencies: 一般 arrive 15 min / resolve 24 h; 紧急 arrive 10 min / resolve 2 h; 咨询 no arrival
rule / 48 h. The figures are taken at AS_OF = 2026-11-20 18:00.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from propdesk.domain.enums import (
    AreaType,
    FeeStatus,
    Kind,
    MatterType,
    Satisfaction,
    Status,
    WorkResult,
)
from propdesk.domain.kpi import (
    KPI_LINES,
    Average,
    LaterOrder,
    OrderFact,
    Ratio,
    ResolveCounts,
    arrival_judgement,
    compute,
    daily_counts,
    group_figures,
    month_bounds,
    parse_month,
    previous_month,
    repair_seconds,
    resolve_counts,
    resolve_judgement,
    response_seconds,
    rework_ids,
    rework_window,
)

AS_OF = datetime(2026, 11, 20, 18, 0)
NOV = date(2026, 11, 1)
ORDINARY, URGENT, ADVICE = 24 * 60, 120, 48 * 60
WATER, PIPE, TAP = 10, 11, 12  # category ids
S1, S2 = 101, 102  # staff ids


def t(day: int, hh: int, mm: int, ss: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hh, mm, ss)


def home(fid: int, received: datetime, unit: int, **kw: object) -> OrderFact:
    values: dict[str, object] = dict(
        id=fid,
        kind=Kind.REPAIR,
        area_type=AreaType.HOME,
        status=Status.CLOSED,
        received_at=received,
        category_id=WATER,
        resolve_minutes=ORDINARY,
        unit_id=unit,
    )
    values.update(kw)
    return OrderFact(**values)  # type: ignore[arg-type]


def done(
    dispatched: datetime, due: datetime, arrived: datetime | None, finished: datetime
) -> dict[str, object]:
    return dict(
        dispatched_at=dispatched,
        arrive_due_at=due,
        arrived_at=arrived,
        finished_at=finished,
        result=WorkResult.DONE,
        completed_at=finished,
    )


# A: ordinary, arrives exactly at the 15-minute limit (on time); done in 40 min; 满意.
A = home(
    1,
    t(20, 9, 0),
    1,
    **done(t(20, 9, 5), t(20, 9, 20), t(20, 9, 20), t(20, 10, 0)),
    visited_at=t(20, 11, 0),
    satisfaction=Satisfaction.SATISFIED,
    staff_ids=(S1,),
    paid=True,
    fee_status=FeeStatus.PAID,
    total_fen=7550,
)
# B: ordinary, arrives one minute past the limit (late); done in 29 min; 基本满意.
B = home(
    2,
    t(20, 9, 0),
    2,
    **done(t(20, 9, 5), t(20, 9, 20), t(20, 9, 21), t(20, 9, 50)),
    visited_at=t(20, 11, 0),
    satisfaction=Satisfaction.FAIR,
    staff_ids=(S1, S2),
)
# C: emergency (爆管), arrives at the 10-minute limit, completed exactly at the 2-hour resolve
# limit (on time both ways); 不满意; billed with the management fee.
C = home(
    3,
    t(20, 10, 0),
    3,
    category_id=PIPE,
    resolve_minutes=URGENT,
    **done(t(20, 10, 2), t(20, 10, 12), t(20, 10, 12), t(20, 12, 0)),
    visited_at=t(20, 13, 0),
    satisfaction=Satisfaction.UNSATISFIED,
    staff_ids=(S2,),
    paid=True,
    fee_status=FeeStatus.WITH_MGMT_FEE,
    total_fen=5000,
)
# D: emergency, one minute late to arrive and one minute past the resolve limit; not visited;
# fee outstanding.
D = home(
    4,
    t(20, 10, 0),
    4,
    category_id=PIPE,
    resolve_minutes=URGENT,
    status=Status.TO_VISIT,
    **done(t(20, 10, 2), t(20, 10, 12), t(20, 10, 13), t(20, 12, 1)),
    paid=True,
    fee_status=FeeStatus.UNPAID,
    total_fen=3000,
)
# E: appointment at 14:00 (deadline 14:10), arrives 14:05: on time, but left out of the
# average response; completed within 24 h; not visited; fee waived.
E = home(
    5,
    t(19, 8, 0),
    5,
    appointment_at=t(19, 14, 0),
    status=Status.TO_VISIT,
    **done(t(19, 8, 10), t(19, 14, 10), t(19, 14, 5), t(19, 15, 0)),
    paid=True,
    fee_status=FeeStatus.WAIVED,
    total_fen=2000,
)
# F: cancelled after dispatch (its missed arrival and its fee must not count anywhere).
F = home(
    6,
    t(18, 9, 0),
    6,
    status=Status.CANCELLED,
    dispatched_at=t(18, 9, 5),
    arrive_due_at=t(18, 9, 20),
    paid=True,
    fee_status=FeeStatus.UNPAID,
    total_fen=9999,
)
# G: dispatched 17:52, arrival due 18:07 — after AS_OF: not yet due, left out; paid, nothing
# charged yet.
G = home(
    7,
    t(20, 17, 50),
    7,
    status=Status.DISPATCHED,
    dispatched_at=t(20, 17, 52),
    arrive_due_at=t(20, 18, 7),
    paid=True,
    fee_status=FeeStatus.UNPAID,
)
# H: dispatched 16:05, arrival due 16:20, nobody arrived by AS_OF: late.
H = home(
    8,
    t(20, 16, 0),
    8,
    status=Status.DISPATCHED,
    dispatched_at=t(20, 16, 5),
    arrive_due_at=t(20, 16, 20),
)
# J: received at the first second of the month, never dispatched; its 24 h passed.
J = home(9, t(1, 0, 0), 9, status=Status.PENDING)
# M: the same unit and category as A, received after A was completed: A is 返修.
M = home(
    10,
    t(20, 17, 0),
    1,
    status=Status.IN_PROGRESS,
    dispatched_at=t(20, 17, 3),
    arrive_due_at=t(20, 17, 18),
    arrived_at=t(20, 17, 10),
    staff_ids=(S1,),
)
# N: a common-area repair: counts for 及时率, not for 零修 or 返修.
N = OrderFact(
    11,
    Kind.REPAIR,
    AreaType.COMMON,
    Status.CLOSED,
    t(5, 9, 0),
    WATER,
    ORDINARY,
    **done(t(5, 9, 4), t(5, 9, 19), t(5, 9, 15), t(5, 10, 0)),  # type: ignore[arg-type]
    visited_at=t(5, 11, 0),
    satisfaction=Satisfaction.SATISFIED,
)
# I: a complaint handled by a department without an arrival step: out of 及时率.
I_ = OrderFact(
    12,
    Kind.MATTER,
    AreaType.HOME,
    Status.CLOSED,
    t(10, 10, 0),
    20,
    ORDINARY,
    matter_type=MatterType.COMPLAINT,
    department_id=3,
    **done(t(10, 10, 3), t(10, 10, 18), None, t(10, 11, 0)),  # type: ignore[arg-type]
    visited_at=t(10, 12, 0),
    satisfaction=Satisfaction.SATISFIED,
)
# O: 转开发商 (developer's warranty): completed and visited, out of 零修 and 返修.
O_ = home(
    13,
    t(3, 9, 0),
    13,
    developer=True,
    completed_at=t(10, 9, 0),
    visited_at=t(10, 15, 0),
    satisfaction=Satisfaction.SATISFIED,
)
# P: a consultation: no arrival rule (out of 及时率 and of the response average), but its
# 60-minute visit counts for the repair average.
P = OrderFact(
    14,
    Kind.MATTER,
    AreaType.COMMON,
    Status.TO_VISIT,
    t(10, 11, 0),
    21,
    ADVICE,
    matter_type=MatterType.CONSULTATION,
    dispatched_at=t(10, 11, 0),
    arrived_at=t(10, 12, 0),
    finished_at=t(10, 13, 0),
    result=WorkResult.DONE,
    completed_at=t(10, 13, 0),
)
# Q: reopened after an unhappy visit and completed again: the old visit does not count.
Q = OrderFact(
    15,
    Kind.MATTER,
    AreaType.HOME,
    Status.TO_VISIT,
    t(6, 9, 0),
    20,
    ORDINARY,
    matter_type=MatterType.COMPLAINT,
    dispatched_at=t(6, 9, 5),
    finished_at=t(8, 10, 0),
    result=WorkResult.DONE,
    completed_at=t(8, 10, 0),
    visited_at=t(7, 9, 0),
    satisfaction=Satisfaction.UNSATISFIED,
)
# Outside November: the last second of October and the first of December.
OCT_LAST = home(16, datetime(2026, 10, 31, 23, 59, 59), 16)
DEC_FIRST = home(17, datetime(2026, 12, 1, 0, 0, 0), 17)

ALL = [A, B, C, D, E, F, G, H, J, M, N, I_, O_, P, Q, OCT_LAST, DEC_FIRST]

# Later orders the query gives (never cancelled ones): M follows A; a follow-up of D exactly
# 30 days after D's completion; for B only one 31 days later; for E one of another category
# and one received before E was completed.
LATER = [
    LaterOrder(10, 1, WATER, t(20, 17, 0)),
    LaterOrder(30, 4, PIPE, t(20, 12, 1, month=12)),
    LaterOrder(31, 2, WATER, t(21, 9, 51, month=12)),
    LaterOrder(32, 5, TAP, t(20, 9, 0)),
    LaterOrder(33, 5, WATER, t(19, 14, 59)),
    *(
        LaterOrder(f.id, f.unit_id, f.category_id, f.received_at)  # the month's own orders
        for f in [A, B, C, D, E, G, H, J]
        if f.unit_id
    ),
]


def month_facts() -> list[OrderFact]:
    start, end = month_bounds(NOV)
    return [f for f in ALL if start <= f.received_at < end]


@pytest.fixture
def figures():
    facts = month_facts()
    return compute(facts, AS_OF, rework_ids(facts, LATER))


def test_month_bounds_take_the_first_second_and_leave_out_the_next_month():
    start, end = month_bounds(date(2026, 11, 17))
    assert (start, end) == (datetime(2026, 11, 1), datetime(2026, 12, 1))
    # J (11-01 00:00:00) is in; 10-31 23:59:59 and 12-01 00:00:00 are out
    assert [f.id for f in month_facts()] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    assert month_bounds(date(2026, 12, 5)) == (datetime(2026, 12, 1), datetime(2027, 1, 1))
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert parse_month("2026-11") == parse_month("2026年11月") == date(2026, 11, 1)
    with pytest.raises(ValueError):
        parse_month("2026-13")


def test_totals_by_kind(figures):
    # 15 orders: 12 repairs (11 in-home incl. F cancelled and O developer, N common-area),
    # 3 matters (I and Q complaints, P consultation); F cancelled -> 14 valid.
    assert (figures.received, figures.repair, figures.repair_home, figures.repair_common) == (
        15,
        12,
        11,
        1,
    )
    assert figures.matter == 3
    assert figures.matter_types == {MatterType.COMPLAINT: 2, MatterType.CONSULTATION: 1}
    assert (figures.cancelled, figures.valid) == (1, 14)
    # completed: A B C D E I N O P Q = 10; open: G H J M = 4
    assert (figures.completed, figures.open) == (10, 4)


def test_timely_rate(figures):
    # judged on the latest dispatch: on time A (exactly at the limit), C (exactly), E
    # (appointment 14:00 + 10 min, arrived 14:05), M, N = 5; late B (1 min past), D (1 min
    # past), H (no arrival, due 16:20 < 18:00) = 3. Left out: G not yet due (18:07), F
    # cancelled, I and Q finished without an arrival, P no arrival rule, J and O never
    # dispatched.
    assert figures.timely == Ratio(5, 8)
    assert figures.timely_pending == 1
    assert figures.timely.percent() == "62.5%"
    assert arrival_judgement(A, AS_OF) is True
    assert arrival_judgement(B, AS_OF) is False
    assert arrival_judgement(G, AS_OF) is None
    assert arrival_judgement(G, datetime(2026, 11, 20, 18, 7)) is None  # at the deadline
    assert arrival_judgement(G, datetime(2026, 11, 20, 18, 7, 1)) is False  # one second past
    assert arrival_judgement(F, AS_OF) is None


def test_zero_repair_rate(figures):
    # in-home repairs, not cancelled (F), not developer (O): A B C D E G H J M.
    # on time: A, B, C (12:00 = received 10:00 + 2 h exactly), E = 4;
    # late: D (12:01), J (never done, 11-02 00:00 passed) = 2; not yet due: G H M = 3.
    assert figures.zero_repair == Ratio(4, 6)
    assert figures.zero_repair_pending == 3
    assert resolve_judgement(C, AS_OF) is True
    assert resolve_judgement(D, AS_OF) is False
    assert resolve_judgement(O_, AS_OF) is None
    assert resolve_judgement(N, AS_OF) is None


def test_completion_visit_and_satisfaction(figures):
    # 完成率 10 / 14 valid. 回访率: visited after completion A B C I N O = 6 of 10 completed
    # (D E P not visited; Q's visit was before its new completion).
    assert figures.completion == Ratio(10, 14)
    assert figures.visit == Ratio(6, 10)
    # 满意 A I N O = 4, 基本满意 B = 1, 不满意 C = 1: (4 + 1) / 6
    assert (figures.satisfied, figures.fair, figures.unsatisfied) == (4, 1, 1)
    assert figures.satisfaction == Ratio(5, 6)
    assert figures.satisfaction.percent() == "83.3%"


def test_rework_rate(figures):
    # completed in-home repairs (not developer): A B C D E = 5. Reworked: A (M, same unit and
    # category, 7 h after A's completion) and D (a follow-up exactly 30 days after). Not: B
    # (31 days), C (none), E (other category; same category but before completion).
    assert rework_ids(month_facts(), LATER) == {A.id, D.id}
    assert figures.rework == Ratio(2, 5)
    assert figures.rework.percent() == "40.0%"
    assert rework_window([A, D]) == t(20, 12, 1) + timedelta(days=30)


def test_average_minutes(figures):
    # response (latest dispatch -> arrival), with an arrival rule, no appointment:
    # A 15, B 16, C 10, D 11, M 7, N 11 minutes = 70 min = 4200 s over 6 -> 11.7
    assert figures.response == Average(4200, 6)
    assert figures.response.minutes == Decimal("11.7")
    assert response_seconds(E) is None  # appointment
    assert response_seconds(P) is None  # no arrival rule
    # repair (arrival -> done): A 40, B 29, C 108, D 108, E 55, N 45, P 60 = 445 min
    # = 26700 s over 7 -> 63.6
    assert figures.repair_time == Average(26700, 7)
    assert figures.repair_time.minutes == Decimal("63.6")
    assert repair_seconds(I_) is None


def test_revenue(figures):
    # paid, not cancelled: A 75.50 已收, C 50.00 随管理费, D 30.00 未收, E 20.00 减免, G nothing
    # charged yet (未收, 0); F's 99.99 is cancelled.
    assert figures.paid_orders == 5
    assert figures.paid_total_fen == 17550
    assert (figures.collected_fen, figures.with_fee_fen) == (7550, 5000)
    assert (figures.outstanding_fen, figures.waived_fen) == (3000, 2000)


def test_groups_by_technician():
    facts = month_facts()
    by_staff = group_figures(facts, lambda f: f.staff_ids, AS_OF, rework_ids(facts, LATER))
    # S1: A (on time), B (late, shared with S2), M (on time); S2: B, C (on time)
    assert by_staff[S1].received == 3 and by_staff[S1].timely == Ratio(2, 3)
    assert by_staff[S2].received == 2 and by_staff[S2].timely == Ratio(1, 2)
    assert by_staff[S2].completed == 2 and by_staff[S2].satisfaction == Ratio(1, 2)


def test_resolve_counts_table():
    counts = resolve_counts(month_facts(), AS_OF)
    # A B C D E G H J M: 5 completed (4 on time, D late), J late and open, G H M not due
    assert counts == ResolveCounts(9, 5, 4, 1, 1, 3)
    assert counts.ratio == Ratio(4, 6)


def test_daily_counts_cover_every_day():
    days = daily_counts(month_facts(), date(2026, 11, 1), 30)
    assert len(days) == 30 and days[0][0] == date(2026, 11, 1)
    by_day = {d: (r, m) for d, r, m in days}
    assert by_day[date(2026, 11, 20)] == (7, 0)  # A B C D G H M
    assert by_day[date(2026, 11, 10)] == (0, 2)  # I P
    assert by_day[date(2026, 11, 1)] == (1, 0)  # J


def test_empty_month_has_no_rates():
    f = compute([], AS_OF, frozenset())
    assert f.received == 0 and f.timely.value is None and f.timely.percent() == "—"
    assert f.response.minutes is None


def test_kpi_lines_render_every_figure(figures):
    texts = {line.key: line.text(figures) for line in KPI_LINES}
    assert texts["timely"] == "62.5%" and texts["response"] == "11.7"
    assert texts["collected"] == "75.50" and texts["matter_complaint"] == "2"
    assert KPI_LINES[0].counts(figures) == ""
    assert next(x for x in KPI_LINES if x.key == "visit").counts(figures) == "6 / 10"


# --- the inlined compute() agrees with the judging functions it documents -------------


def _reference(facts: list[OrderFact], as_of: datetime, reworked: frozenset[int]) -> dict:
    valid = [f for f in facts if f.valid]
    arrivals = [arrival_judgement(f, as_of) for f in valid]
    zero = [resolve_judgement(f, as_of) for f in valid]
    completed = [f for f in valid if f.completed]
    visited = [f for f in completed if f.visited]
    resp = [s for f in valid if (s := response_seconds(f)) is not None]
    rep = [s for f in valid if (s := repair_seconds(f)) is not None]
    homes = [f for f in completed if f.is_home_repair]
    return {
        "timely": Ratio(arrivals.count(True), arrivals.count(True) + arrivals.count(False)),
        "zero": Ratio(zero.count(True), zero.count(True) + zero.count(False)),
        "visit": Ratio(len(visited), len(completed)),
        "sat": Ratio(
            sum(f.satisfaction in (Satisfaction.SATISFIED, Satisfaction.FAIR) for f in visited),
            len(visited),
        ),
        "rework": Ratio(sum(f.id in reworked for f in homes), len(homes)),
        "resp": Average(sum(resp), len(resp)),
        "rep": Average(sum(rep), len(rep)),
    }


def _random_fact(rng: random.Random, fid: int) -> OrderFact:
    base = datetime(2026, 11, 1) + timedelta(minutes=rng.randrange(30 * 24 * 60))
    kind = rng.choice(list(Kind))
    f = OrderFact(
        fid,
        kind,
        rng.choice(list(AreaType)),
        rng.choice(list(Status)),
        base,
        rng.choice([WATER, PIPE]),
        rng.choice([URGENT, ORDINARY]),
        unit_id=rng.choice([1, 2, 3, None]),
        developer=rng.random() < 0.1,
        appointment_at=base + timedelta(hours=2) if rng.random() < 0.2 else None,
    )
    if rng.random() < 0.8:
        d = base + timedelta(minutes=rng.randrange(1, 10))
        due = d + timedelta(minutes=15) if rng.random() < 0.9 else None
        arrived = d + timedelta(minutes=rng.randrange(1, 30)) if rng.random() < 0.8 else None
        fin = (
            (arrived or d) + timedelta(minutes=rng.randrange(5, 3000))
            if rng.random() < 0.7
            else None
        )
        f = replace(
            f,
            dispatched_at=d,
            arrive_due_at=due,
            arrived_at=arrived,
            finished_at=fin,
            result=WorkResult.DONE if fin else None,
            completed_at=fin,
        )
        if fin and rng.random() < 0.7:
            f = replace(
                f,
                visited_at=fin + timedelta(hours=rng.randrange(-5, 30)),
                satisfaction=rng.choice(list(Satisfaction)),
            )
    return f


def test_compute_agrees_with_the_judging_functions():
    rng = random.Random(7)
    facts = [_random_fact(rng, i) for i in range(1, 3000)]
    later = [
        LaterOrder(f.id, f.unit_id, f.category_id, f.received_at)
        for f in facts
        if f.unit_id and f.valid
    ]
    reworked = rework_ids(facts, later)
    as_of = datetime(2026, 11, 25, 12, 0)
    got = compute(facts, as_of, reworked)
    ref = _reference(facts, as_of, reworked)
    assert (got.timely, got.zero_repair, got.visit, got.satisfaction, got.rework) == (
        ref["timely"],
        ref["zero"],
        ref["visit"],
        ref["sat"],
        ref["rework"],
    )
    assert (got.response, got.repair_time) == (ref["resp"], ref["rep"])
    assert got.timely.den > 100 and got.rework.num > 0  # the sample exercises every rule


# --- issue 11: 回访及时率, 合格率, 已备案, 已委外 ---------------------------------------------


def test_visit_timeliness_follows_the_visit_rule() -> None:
    from datetime import time

    from propdesk.domain.deadlines import TimeRules

    done_at = t(18, 16, 0)
    facts = [
        # visited 23 h after completion: on time within 24 h, late for 当日回访 (by 17:30)
        home(1, t(18, 9, 0), 1, completed_at=done_at, visited_at=t(19, 15, 0)),
        # visited the same afternoon: on time under both rules
        home(2, t(18, 9, 0), 2, completed_at=done_at, visited_at=t(18, 17, 0)),
        # not visited, completed 2 h before AS_OF: not yet due at 24 h, overdue for 当日
        home(3, t(20, 9, 0), 3, status=Status.TO_VISIT, completed_at=t(20, 16, 0)),
        # an answered consultation closed without a visit by the office's setting: left out
        home(4, t(20, 9, 0), None, kind=Kind.MATTER, completed_at=t(20, 9, 5)),
    ]
    hours = compute(facts, AS_OF, frozenset())
    assert (hours.visit_timely, hours.visit_timely_pending) == (Ratio(2, 2), 1)
    same_day = compute(facts, AS_OF, frozenset(), TimeRules(visit_same_day=True))
    assert (same_day.visit_timely, same_day.visit_timely_pending) == (Ratio(1, 3), 0)
    earlier = TimeRules(visit_same_day=True, work_end=time(18, 0))
    assert compute(facts, AS_OF, frozenset(), earlier).visit_timely == Ratio(1, 2)
    assert "当日回访" in same_day.visit_rule and "24 小时" in hours.visit_rule


def test_declined_orders_leave_the_completion_rate_and_outsourced_are_counted() -> None:
    facts = [
        home(1, t(2, 9, 0), 1, completed_at=t(2, 12, 0)),
        home(2, t(3, 9, 0), 2, status=Status.DECLINED),
        home(3, t(4, 9, 0), 3, status=Status.OUTSOURCED, outsourced=True),
        home(4, t(5, 9, 0), 4, status=Status.CANCELLED, outsourced=True),
    ]
    f = compute(facts, AS_OF, frozenset())
    assert (f.received, f.valid, f.declined, f.outsourced) == (4, 3, 1, 1)
    assert f.completion == Ratio(1, 2)
    assert f.open == 1


def test_pass_rate_is_the_repairs_without_rework() -> None:
    facts = [home(i, t(2, 9, 0), i, completed_at=t(2, 12, 0)) for i in (1, 2, 3, 4)]
    f = compute(facts, AS_OF, frozenset({2}))
    assert f.pass_rate == Ratio(3, 4) and f.rework == Ratio(1, 4)


def test_every_note_names_the_rules_in_force() -> None:
    from propdesk.domain.deadlines import TimeRules

    f = compute([], AS_OF, frozenset(), TimeRules(arrival_from_received=True))
    notes = {line.key: line.explain(f) for line in KPI_LINES}
    assert "自受理时间起算" in notes["timely"]
    assert "完工后 24 小时内回访" in notes["visit_timely"]
    assert all("{" not in n for n in notes.values())
