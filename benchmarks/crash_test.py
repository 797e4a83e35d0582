"""Crash test: real service calls in a child process, killed with SIGKILL at random moments.

    python benchmarks/crash_test.py --kills 200 [--seed 1] [--db FILE_OR_URL] [--keep]

The child takes orders through their whole life — register, dispatch, arrive, complete,
collect the fee (paid orders), return the slip, visit — with the program's own services, and
after each call returns (the commit is acknowledged) appends one line to an acknowledgement
file. The parent waits until the child is working, lets it run for a random moment, kills it
with SIGKILL, and then checks the database: ``integrity_check`` and ``foreign_key_check``
(SQLite), the program still opens it, and every acknowledged step of every order is there and
whole (status at least that far, its dispatch, materials, fee, visit, events and audit rows).
The database grows from kill to kill. Prints the figures; exit code 0 when nothing was lost.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from propdesk.db.connection import is_url, open_database  # noqa: E402
from propdesk.domain.enums import AreaType, FeeStatus, Kind, Satisfaction, Status, VisitMethod  # noqa: E402
from propdesk.domain.records import CompletionInput, MaterialInput, OrderInput  # noqa: E402
from propdesk.services import Services, build_services  # noqa: E402

#: The steps in order, with the status each leaves the order in.
STEPS: list[tuple[str, Status]] = [
    ("register", Status.PENDING),
    ("dispatch", Status.DISPATCHED),
    ("arrive", Status.IN_PROGRESS),
    ("complete", Status.COMPLETED),
    ("fee", Status.COMPLETED),
    ("return_slip", Status.TO_VISIT),
    ("visit", Status.CLOSED),
]
STEP_NO = {name: i for i, (name, _status) in enumerate(STEPS)}
STATUS_RANK = {
    Status.PENDING: 0,
    Status.DISPATCHED: 1,
    Status.IN_PROGRESS: 2,
    Status.COMPLETED: 3,
    Status.TO_VISIT: 5,
    Status.CLOSED: 6,
}
UNITS = [
    f"{b}-{e}-{f:02d}0{r}" for b in (1, 2, 3) for e in (1, 2) for f in (3, 8, 15) for r in (1, 2)
]


# --- the child ----------------------------------------------------------------------------


def prepare(target: str) -> None:
    """A new database with units, technicians and fee items, through the services."""
    svc = build_services(open_database(target, create=True))
    admin = svc.auth.system_user()
    for i, code in enumerate(UNITS):
        svc.reference.save_unit(admin, code=code, owner_name=f"业主{i}", phone=f"1380013{i:04d}")
    dept = next(d.id for d in svc.reference.departments() if d.name == "工程部")
    for name in ("李师傅", "王师傅", "赵师傅"):
        svc.reference.save_staff(admin, name=name, department_id=dept)
    svc.reference.save_fee_item(admin, name="更换水龙头", unit="个", labour="30", material="45")
    svc.ctx.db.close()


def _without_transactions() -> None:
    from contextlib import nullcontext

    for name, module in list(sys.modules.items()):
        if name.startswith("propdesk.services") and hasattr(module, "write_transaction"):
            module.write_transaction = lambda db: nullcontext()  # type: ignore[attr-defined]


def child(target: str, acks: Path, seed: int, control: bool = False) -> None:
    """Run orders through their life until killed; acknowledge each committed step.
    ``control``: each statement commits on its own instead of each step in one transaction
    (the control run: kills must then leave half-written steps, and the checks must see them)."""
    rng = random.Random(seed)
    svc = build_services(open_database(target))
    if control:
        _without_transactions()
    user = svc.auth.system_user()
    staff = [s.id for s in svc.reference.staff()]
    categories = [c for c in svc.reference.categories() if c.kind is Kind.REPAIR and c.parent_id]
    out = open(acks, "a", encoding="utf-8")  # noqa: SIM115 - open for the child's life
    print("ready", flush=True)

    def ack(number: str, step: str) -> None:
        out.write(f"{number} {step}\n")
        out.flush()

    while True:
        paid = rng.random() < 0.4
        inp = OrderInput(
            kind=Kind.REPAIR,
            area_type=AreaType.HOME,
            caller_name=rng.choice(["张三", "李四", "王五", "赵六"]),
            phone=f"139{rng.randrange(10**8):08d}",
            category_id=rng.choice(categories).id,
            description="厨房水龙头漏水，楼下天花板有水印。" * rng.randint(1, 6),
            unit_code=rng.choice(UNITS),
            paid=paid,
        )
        order = svc.intake.register(inp, user).order
        ack(order.number, "register")
        oid = order.id
        wf = svc.workflow
        wf.dispatch(oid, user, staff_ids=rng.sample(staff, rng.randint(1, 2)))
        ack(order.number, "dispatch")
        wf.arrive(oid, user)
        ack(order.number, "arrive")
        materials = [MaterialInput("水龙头", "1", "个", "45.5")] if rng.random() < 0.7 else []
        wf.complete(
            oid, CompletionInput(work_done="更换阀芯", labour="30", materials=materials), user
        )
        ack(order.number, "complete")
        if paid:
            svc.fees.set_status(oid, FeeStatus.PAID, user, receipt_no=f"R{oid:06d}")
            ack(order.number, "fee")
        wf.return_slip(oid, user)
        ack(order.number, "return_slip")
        wf.visit(oid, user, method=VisitMethod.PHONE, satisfaction=Satisfaction.SATISFIED)
        ack(order.number, "visit")


# --- the parent ---------------------------------------------------------------------------


@dataclass
class Figures:
    kills: int = 0
    integrity_ok: int = 0
    integrity_failed: int = 0
    opens_ok: int = 0
    acked_steps: int = 0
    acked_orders: int = 0
    lost: set[str] = field(default_factory=set)
    incomplete: set[str] = field(default_factory=set)
    ahead_of_ack: int = 0  # committed, killed before the acknowledgement was written
    orders_in_db: int = 0
    inconsistent: set[str] = field(default_factory=set)  # a step half there
    killed_at: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def read_acks(acks: Path) -> dict[str, str]:
    """Last acknowledged step per order number (a half-written last line is ignored)."""
    last: dict[str, str] = {}
    if not acks.exists():
        return last
    for line in acks.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] in STEP_NO:
            last[parts[0]] = parts[1]
    return last


def check_sqlite_file(path: Path, fig: Figures) -> bool:
    con = sqlite3.connect(path)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if result == ["ok"] and not fk:
        fig.integrity_ok += 1
        return True
    fig.integrity_failed += 1
    fig.problems.append(f"integrity: {result[:3]} fk: {fk[:3]}")
    return False


def expected_events(step: str, paid: bool) -> int:
    """Events an order has at least once ``step`` was acknowledged (one per step)."""
    done = [name for name, _status in STEPS[: STEP_NO[step] + 1]]
    return len([n for n in done if n != "fee" or paid])


def check_orders(svc: Services, acked: dict[str, str], fig: Figures) -> None:
    """Every acknowledged step is there, with everything that step writes."""
    from propdesk.db.models import AuditLog, Order

    numbers = list(acked)
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        ids.update(Order.select(Order.number, Order.id).where(Order.number.in_(chunk)).tuples())
    by_id = {o.id: o for o in svc.registers.orders(list(ids.values()))}
    audited = {
        r[0]
        for r in AuditLog.select(AuditLog.entity_id)
        .where((AuditLog.entity == "order") & (AuditLog.field == "number"))
        .tuples()
    }
    ahead = 0
    for number, step in acked.items():
        order = by_id.get(ids.get(number, -1))
        if order is None:
            fig.lost.add(number)
            fig.problems.append(f"{number}: acknowledged ({step}) but missing")
            continue
        need = STEP_NO[step]
        want = STEPS[need][1]
        wrong = []
        if STATUS_RANK.get(order.status, -1) < STATUS_RANK[want]:
            wrong.append(f"status {order.status.value} < {want.value}")
        if order.id not in audited:
            wrong.append("no audit row")
        if len(order.events) < expected_events(step, order.paid):
            wrong.append(f"{len(order.events)} events")
        if need >= STEP_NO["dispatch"] and not (
            order.dispatches and order.dispatches[-1].staff_ids
        ):
            wrong.append("no dispatch")
        if need >= STEP_NO["complete"]:
            if not order.work_done:
                wrong.append("no work done")
            if order.total_fen != 3000 + sum(m.amount_fen for m in order.materials):
                wrong.append("total != labour + materials")
        if need >= STEP_NO["fee"] and order.paid and order.fee_status is not FeeStatus.PAID:
            wrong.append("fee not collected")
        if need >= STEP_NO["visit"] and not order.visits:
            wrong.append("no visit")
        if wrong:
            fig.incomplete.add(number)
            fig.problems.append(f"{number} ({step}): " + "; ".join(wrong))
        elif len(order.events) > expected_events(step, order.paid):
            ahead += 1
    fig.acked_orders = len(acked)
    fig.acked_steps = sum(expected_events(s, False) for s in acked.values())
    fig.ahead_of_ack = max(fig.ahead_of_ack, ahead)
    check_consistency(svc, fig)


def check_consistency(svc: Services, fig: Figures) -> None:
    """Every order in the database — acknowledged or not — is in a state some sequence of
    whole steps leads to: a step killed half-way left nothing of itself."""
    from propdesk.db.models import Order

    ids = [i for (i,) in Order.select(Order.id).tuples()]
    fig.orders_in_db = len(ids)
    for start in range(0, len(ids), 500):
        for order in svc.registers.orders(ids[start : start + 500]):
            rank = STATUS_RANK.get(order.status, -1)
            fee = 1 if order.fee_status is FeeStatus.PAID else 0
            steps = {0: 1, 1: 2, 2: 3, 3: 4 + fee, 5: 5 + fee, 6: 6 + fee}.get(rank, -1)
            wrong = []
            if len(order.events) != steps:
                wrong.append(f"{len(order.events)} events for {order.status.value}")
            if (rank >= 1) != bool(order.dispatches):
                wrong.append("dispatch does not match the status")
            if (rank >= 3) != bool(order.work_done):
                wrong.append("completion does not match the status")
            if rank >= 3 and order.total_fen != 3000 + sum(m.amount_fen for m in order.materials):
                wrong.append("total != labour + materials")
            if (rank == 6) != bool(order.visits):
                wrong.append("visit does not match the status")
            if wrong:
                fig.inconsistent.add(order.number)
                fig.problems.append(f"{order.number}: " + "; ".join(wrong))


def run(target: str, kills: int, seed: int, max_wait_ms: int, control: bool = False) -> Figures:
    rng = random.Random(seed)
    acks = Path(tempfile.mkdtemp(prefix="propdesk-crash-")) / "acks.txt"
    fig = Figures()
    sqlite = not is_url(target)
    for k in range(kills):
        proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                target,
                str(acks),
                str(seed * 100_000 + k),
                *(["control"] if control else []),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"child did not start: {proc.communicate()[1]}")
        time.sleep(rng.uniform(0, max_wait_ms) / 1000)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        fig.kills += 1
        last = acks.read_text(encoding="utf-8").splitlines()[-1:] if acks.exists() else []
        fig.killed_at[last[0].split()[-1] if last and len(last[0].split()) == 2 else "start"] += 1
        if sqlite and not check_sqlite_file(Path(target), fig):
            continue
        try:
            svc = build_services(open_database(target))
        except Exception as exc:  # noqa: BLE001 - reported as a failure to open
            fig.problems.append(f"kill {k + 1}: does not open: {exc}")
            continue
        fig.opens_ok += 1
        try:
            check_orders(svc, read_acks(acks), fig)
        finally:
            svc.ctx.db.close()
    return fig


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]), int(argv[3]), control=argv[4:5] == ["control"])
        return 0
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-wait-ms", type=int, default=400, help="longest run before a kill")
    p.add_argument(
        "--db", help="a new SQLite file (default: a temporary one) or an empty PostgreSQL database"
    )
    p.add_argument(
        "--control",
        action="store_true",
        help="control run: the child commits statement by statement, so kills must show damage",
    )
    args = p.parse_args(argv)
    target = args.db or str(Path(tempfile.mkdtemp(prefix="propdesk-crash-")) / "crash.db")
    prepare(target)
    started = time.perf_counter()
    fig = run(target, args.kills, args.seed, args.max_wait_ms, args.control)
    elapsed = time.perf_counter() - started
    print(f"database          {target}")
    print(
        f"kills             {fig.kills}  (SIGKILL after 0–{args.max_wait_ms} ms of work, seed {args.seed})"
    )
    print("killed after      " + ", ".join(f"{k} {v}" for k, v in sorted(fig.killed_at.items())))
    if not is_url(target):
        print(
            f"integrity ok      {fig.integrity_ok}/{fig.kills}  (integrity_check + foreign_key_check)"
        )
    print(f"opens ok          {fig.opens_ok}/{fig.kills}")
    print(f"acknowledged      {fig.acked_orders} orders, {fig.acked_steps} steps")
    print(f"lost              {len(fig.lost)} acknowledged orders")
    print(f"incomplete        {len(fig.incomplete)} acknowledged orders")
    print(
        f"ahead of ack      {fig.ahead_of_ack} (a step committed, killed before its acknowledgement)"
    )
    print(f"orders in db      {fig.orders_in_db}, half-written steps: {len(fig.inconsistent)}")
    print(f"time              {elapsed:.0f} s")
    for problem in list(dict.fromkeys(fig.problems))[:20]:
        print("PROBLEM", problem)
    ok = not fig.problems and fig.opens_ok == fig.kills and fig.integrity_failed == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
