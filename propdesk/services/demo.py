"""``propdesk demo``: a realistic, deterministic demo database (units, staff, fee schedule,
one account per role, and orders over the chosen months with plausible timings).

Orders are generated in memory and loaded with raw ``executemany`` (``demo_load``: on two
cores for large counts), so 200,000 orders take seconds. Deadlines are computed with the
same domain rules as real orders.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from propdesk.db import bulk, reference_repo
from propdesk.db.connection import write_transaction
from propdesk.db.models import FeeItem, Staff, Unit
from propdesk.domain.enums import Kind, Role
from propdesk.domain.passwords import hash_password

from . import Services, demo_load
from .demo_names import FEE_ITEMS, GIVEN, SURNAMES, TECHNICIANS
from .demo_orders import Pools, demo_clock, received_times

#: Demo accounts: (username, display name, role, password).
DEMO_ACCOUNTS = (
    ("qiantai", "前台小刘", Role.RECEPTIONIST, "qiantai123"),
    ("zhuguan", "工程主管老陈", Role.SUPERVISOR, "zhuguan123"),
    ("weixiu", "李建国", Role.TECHNICIAN, "weixiu123"),
    ("caiwu", "财务小周", Role.FINANCE, "caiwu123"),
    ("jingli", "经理王总", Role.MANAGER, "jingli123"),
    ("admin", "管理员", Role.ADMIN, "admin123"),
)


@dataclass(frozen=True)
class DemoSummary:
    orders: int
    units: int
    staff: int
    accounts: tuple[tuple[str, str, str], ...]  # username, role label, password


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Without the cyclic garbage collector: generating hundreds of thousands of tuples
    sets it off again and again over an ever larger heap (measured: about 7% of the
    generation's CPU time). What a build leaves is freed by reference counting; a forked
    child inherits the setting."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class DemoBuilder:
    def __init__(self, services: Services, seed: int = 1) -> None:
        self.svc = services
        self.rng = random.Random(seed)

    def build(
        self, orders: int = 2000, months: int = 12, until: datetime | None = None
    ) -> DemoSummary:
        """Fill the database; orders are received over ``months`` up to ``until`` (default
        now), with each step taken only if its time has come by then."""
        ctx = self.svc.ctx
        now = (until or ctx.now()).replace(microsecond=0)
        system = self.svc.auth.system_user()
        with _no_cyclic_gc(), bulk.unjournaled_load(ctx.db):
            with write_transaction(ctx.db):
                users = self._accounts(system)
                staff = self._staff()
                units = self._units()
                fee_items = self._fee_items()
            # the passwords' scrypt on the other core once the order load's second process
            # has ended (its merge and indexes use one core; scrypt leaves the GIL); threads
            # only then: the load forks
            with ThreadPoolExecutor(max_workers=1) as pool:
                hashes: list[Future[str]] = []

                def hash_passwords() -> None:
                    hashes.extend(pool.submit(hash_password, a[3]) for a in DEMO_ACCOUNTS)

                self._orders(orders, months, now, users, staff, units, fee_items, hash_passwords)
                if not hashes:
                    hash_passwords()
                bulk.analyze(ctx.db)
                with write_transaction(ctx.db):
                    self._passwords(users, [h.result() for h in hashes])
        return DemoSummary(
            orders=orders,
            units=len(units),
            staff=len(staff),
            accounts=tuple((u, r.label, p) for u, _n, r, p in DEMO_ACCOUNTS),
        )

    # --- reference data ---------------------------------------------------------------
    def _accounts(self, system: Any) -> dict[str, int]:
        """The demo accounts, their passwords set by ``_passwords`` at the end of the build."""
        from propdesk.db import reference_write

        ids = {}
        for username, display, role, _password in DEMO_ACCOUNTS:
            values: dict[str, object] = {
                "username": username,
                "display_name": display,
                "role": role.value,
                "password_hash": "",  # no password verifies against it
                "must_change_password": False,
                "active": True,
            }
            existing = reference_write.exists("user", username=username)
            if existing is None:
                values["created_at"] = self.svc.ctx.now()
            uid, _old = reference_write.save("user", existing, values)
            ids[username] = uid
        return ids

    def _passwords(self, users: dict[str, int], hashes: list[str]) -> None:
        from propdesk.db import reference_write

        for (username, *_rest), hashed in zip(DEMO_ACCOUNTS, hashes, strict=True):
            reference_write.save("user", users[username], {"password_hash": hashed})

    def _staff(self) -> list[tuple[int, str, int | None]]:
        depts = {d.name: d.id for d in reference_repo.list_departments()}
        rows: list[dict[str, Any]] = [
            dict(name=name, department=depts.get(dept), is_technician=dept in ("工程部",))
            for name, dept in TECHNICIANS
        ]
        start = bulk.max_id(self.svc.ctx.db, "staff")
        bulk.insert(self.svc.ctx.db, Staff, rows)
        return [(start + i + 1, r["name"], r["department"]) for i, r in enumerate(rows)]

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
        )

    def _phone(self) -> str:
        return self.rng.choice(("138", "139", "137", "136", "135", "150", "186", "189", "177")) + (
            f"{self.rng.randrange(10**8):08d}"
        )

    def _units(self) -> list[tuple[int, str, str, str]]:
        rows = []
        for building in range(1, 16):
            for entrance in (1, 2):
                for floor in range(1, 19):
                    for room in range(1, 5):
                        code = f"{building}-{entrance}-{floor}{room:02d}"
                        rows.append(
                            dict(
                                code=code,
                                building=str(building),
                                entrance=str(entrance),
                                room=f"{floor}{room:02d}",
                                owner_name=self._name(),
                                phone=self._phone(),
                            )
                        )
        start = bulk.max_id(self.svc.ctx.db, "unit")
        bulk.insert(self.svc.ctx.db, Unit, rows)
        return [(start + i + 1, r["code"], r["owner_name"], r["phone"]) for i, r in enumerate(rows)]

    def _fee_items(self) -> list[tuple[int, str, str, int, int]]:
        rows: list[dict[str, Any]] = [
            dict(name=n, unit=u, labour_fen=lab, material_fen=mat, sort=i)
            for i, (n, u, lab, mat) in enumerate(FEE_ITEMS)
        ]
        start = bulk.max_id(self.svc.ctx.db, "fee_item")
        bulk.insert(self.svc.ctx.db, FeeItem, rows)
        return [
            (start + i + 1, r["name"], r["unit"], r["labour_fen"], r["material_fen"])
            for i, r in enumerate(rows)
        ]

    # --- orders -----------------------------------------------------------------------
    def _orders(
        self,
        count: int,
        months: int,
        now: datetime,
        users: dict[str, int],
        staff: list[tuple[int, str, int | None]],
        units: list[tuple[int, str, str, str]],
        fee_items: list[tuple[int, str, str, int, int]],
        spare_core: Callable[[], object] | None = None,
    ) -> None:
        db = self.svc.ctx.db
        cats = [
            c
            for c in reference_repo.list_categories()
            if c.parent_id is not None or c.name in LEAF_ROOTS
        ]
        repair = [c for c in cats if c.kind is Kind.REPAIR]
        crews: dict[int | None, list[tuple[int, str]]] = {}
        for sid, name, dept in staff:
            crews.setdefault(dept, []).append((sid, name))
        engineering = next(d.id for d in reference_repo.list_departments() if d.name == "工程部")
        pools = Pools(
            repair_cats=repair,
            common_cats=[
                c for c in repair if c.path.split("/")[0] in ("公共设施", "电梯", "水", "电")
            ],
            matter_cats=[c for c in cats if c.kind is Kind.MATTER],
            urgencies={u.id: u for u in reference_repo.list_urgencies()},
            units=units,
            crews=crews,
            fallback_crew=crews[engineering],
            fee_items=fee_items,
            receivers=[users["qiantai"], users["qiantai"], users["zhuguan"]],
            dispatcher=users["zhuguan"],
            visitor=users["qiantai"],
        )
        clock = demo_clock(months, now)
        times = received_times(self.rng.randrange(2**31), count, clock)
        rules = self.svc.ctx.settings().rules
        last_seq = demo_load.load(
            db, rules, pools, clock, times, self.rng.randrange(2**31), spare_core
        )
        with write_transaction(db):
            for year, seq in last_seq.items():
                bulk.set_counter(db, year, seq)


#: Top-level categories that have no children and are used as they are.
LEAF_ROOTS = ("咨询", "建议", "求助", "报失", "安全检查", "装修")
