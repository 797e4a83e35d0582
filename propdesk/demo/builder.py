"""Building the demo database: accounts, staff and the fee schedule through the services,
units and orders through the imports' bulk paths (``import_repo``), in one process."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from propdesk.db import bulk, import_repo
from propdesk.db.connection import write_transaction
from propdesk.domain.enums import Kind, Role
from propdesk.services import Services

from .names import FEE_ITEMS, GIVEN, SURNAMES, TECHNICIANS
from .orders import Crew, OrderGenerator, Pools, received_times

#: Demo accounts: (username, display name, role, password).
DEMO_ACCOUNTS = (
    ("qiantai", "前台小刘", Role.RECEPTIONIST, "qiantai123"),
    ("zhuguan", "工程主管老陈", Role.SUPERVISOR, "zhuguan123"),
    ("weixiu", "李建国", Role.TECHNICIAN, "weixiu123"),
    ("caiwu", "财务小周", Role.FINANCE, "caiwu123"),
    ("jingli", "经理王总", Role.MANAGER, "jingli123"),
    ("admin", "管理员", Role.ADMIN, "admin123"),
)
#: Top-level categories that have no children and are used as they are.
LEAF_ROOTS = ("咨询", "建议", "求助", "报失", "安全检查", "装修")
#: Orders generated and written at a time (memory stays flat for any count).
BATCH = 10_000


@dataclass(frozen=True)
class DemoSummary:
    orders: int
    units: int
    staff: int
    accounts: tuple[tuple[str, str, str], ...]  # username, role label, password


class DemoBuilder:
    def __init__(self, services: Services, seed: int = 1) -> None:
        self.svc = services
        self.rng = random.Random(seed)

    def build(
        self, orders: int = 2000, months: int = 12, until: datetime | None = None
    ) -> DemoSummary:
        """Fill the (new) database; orders are received over ``months`` up to ``until``
        (default now), each step taken only if its time has come by then."""
        ctx = self.svc.ctx
        now = (until or ctx.now()).replace(microsecond=0)
        users = self._accounts()
        crews = self._staff()
        self._fee_items()
        with bulk.unjournaled_load(ctx.db):
            units = self._units()
            self._orders(orders, months, now, users, crews)
        return DemoSummary(
            orders=orders,
            units=units,
            staff=sum(len(c) for c in crews.values()),
            accounts=tuple((u, r.label, p) for u, _n, r, p in DEMO_ACCOUNTS),
        )

    # --- reference data (through the services) -----------------------------------------
    def _accounts(self) -> dict[str, int]:
        admin = self.svc.auth.system_user()
        for username, display, role, password in DEMO_ACCOUNTS:
            existing = next((u for u in self.svc.auth.users() if u.username == username), None)
            self.svc.auth.save_user(
                admin,
                username=username,
                display_name=display,
                role=role,
                password=password,
                user_id=existing.id if existing else None,
            )
        return {u.username: u.id for u in self.svc.auth.users()}

    def _staff(self) -> dict[int | None, list[Crew]]:
        admin = self.svc.auth.system_user()
        depts = {d.name: d.id for d in self.svc.reference.departments()}
        for name, dept in TECHNICIANS:
            self.svc.reference.save_staff(
                admin, name=name, department_id=depts.get(dept), is_technician=dept == "工程部"
            )
        crews: dict[int | None, list[Crew]] = {}
        for s in self.svc.reference.staff():
            crews.setdefault(s.department_id, []).append(Crew(s.id, s.name))
        return crews

    def _fee_items(self) -> None:
        admin = self.svc.auth.system_user()
        for name, unit, labour, material in FEE_ITEMS:
            self.svc.reference.save_fee_item(
                admin,
                name=name,
                unit=unit,
                labour=str(Decimal(labour) / 100),
                material=str(Decimal(material) / 100),
            )

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
        )

    def _phone(self) -> str:
        prefix = self.rng.choice(("138", "139", "137", "136", "135", "150", "186", "189", "177"))
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def _units(self) -> int:
        """The 房屋台账 of 15 buildings (the unit import's bulk path)."""
        rows = [
            dict(
                code=f"{building}-{entrance}-{floor}{room:02d}",
                building=str(building),
                entrance=str(entrance),
                room=f"{floor}{room:02d}",
                owner_name=self._name(),
                phone=self._phone(),
            )
            for building in range(1, 16)
            for entrance in (1, 2)
            for floor in range(1, 19)
            for room in range(1, 5)
        ]
        with write_transaction(self.svc.ctx.db):
            import_repo.insert_units(self.svc.ctx.db, rows)
        return len(rows)

    # --- orders (the order import's bulk path) -------------------------------------------
    def _pools(self, users: dict[str, int], crews: dict[int | None, list[Crew]]) -> Pools:
        ref = self.svc.reference
        cats = [c for c in ref.categories() if c.parent_id is not None or c.name in LEAF_ROOTS]
        repair = [c for c in cats if c.kind is Kind.REPAIR]
        engineering = next(d.id for d in ref.departments() if d.name == "工程部")
        units = ref.units(limit=ref.unit_count())
        return Pools(
            repair_cats=repair,
            common_cats=[
                c for c in repair if c.path.split("/")[0] in ("公共设施", "电梯", "水", "电")
            ],
            matter_cats=[c for c in cats if c.kind is Kind.MATTER],
            urgencies={u.id: u for u in ref.urgencies()},
            units=units,
            crews=crews,
            fallback_crew=crews[engineering],
            fee_items=ref.fee_items(),
            receivers=[users["qiantai"], users["qiantai"], users["zhuguan"]],
            dispatcher=users["zhuguan"],
            visitor=users["qiantai"],
        )

    def _orders(
        self,
        count: int,
        months: int,
        now: datetime,
        users: dict[str, int],
        crews: dict[int | None, list[Crew]],
    ) -> None:
        db = self.svc.ctx.db
        times = received_times(self.rng.randrange(2**31), count, months, now)
        first_order, first_dispatch = import_repo.next_ids(db)
        years = {t.year for t in times}
        rules = self.svc.ctx.settings().rules
        gen = OrderGenerator(
            self.rng.randrange(2**31),
            rules,
            self._pools(users, crews),
            now,
            first_order,
            first_dispatch,
            import_repo.last_sequences(db, years),
        )
        of_units: list[int] = []
        with write_transaction(db), bulk.deferred_indexes(db, import_repo.LOAD_TABLES):
            for i in range(0, len(times), BATCH):
                g = gen.generate(times[i : i + BATCH])
                of_units += g.of_units
                import_repo.insert_orders(
                    db,
                    g.orders,
                    g.dispatches,
                    g.dispatch_staff,
                    g.materials,
                    g.visits,
                    first_order + i,
                    rules.rework_days,
                    defer_indexes=False,  # deferred around all batches
                )
        # the planner's statistics first: without them 返修's look-back by unit may walk the
        # completion times' index instead
        bulk.analyze(db)
        with write_transaction(db):
            # 返修 as intake judges it, once the indexes are back
            import_repo.mark_rework(db, of_units, rules.rework_days)
            import_repo.set_counters(db, gen.last_seq)
