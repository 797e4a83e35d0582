"""Excel import of the 房屋台账 (units) and of a ledger of past orders.

Every row is validated before anything is written; if any row is bad nothing is imported and
``ImportRejected`` lists each bad row with its row number, column and reason. A preview
(``plan_units`` / ``plan_orders``) shows what an import would do without writing. Writes are
one transaction, in bulk, with audit rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import IO, Any

from propdesk.db import import_repo, reference_repo, reference_write
from propdesk.db.connection import write_transaction
from propdesk.domain.enums import Channel, Kind, Status
from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.phone import normalize_phone
from propdesk.domain.records import CategoryRecord, Changes, UserRecord
from propdesk.export.import_columns import (
    ORDER_ALIASES,
    ORDER_KEYS,
    ORDER_REQUIRED,
    UNIT_ALIASES,
    UNIT_KEYS,
)
from propdesk.export.xlsx_read import Table, cell_text, read_table

from .context import ServiceContext
from .import_orders import (
    IMPORT_NOTE,
    ImportProblem,
    OrderDraft,
    Refs,
    RowReader,
    build_rows,
    code_text,
)
from .order_ops import authorize
from .reference import split_unit_code

Source = str | PathLike[str] | IO[bytes]

__all__ = [
    "ImportProblem",
    "ImportRejected",
    "ImportResult",
    "ImportService",
    "OrderPlan",
    "UnitLine",
    "UnitPlan",
]


class ImportRejected(UserError):
    """The file has bad rows; nothing was imported. ``problems`` lists each one."""

    def __init__(self, what: str, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(problems)
        shown = [p.text() for p in self.problems[:30]]
        more = f"\n……另有 {len(self.problems) - 30} 处" if len(self.problems) > 30 else ""
        super().__init__(
            f"{what}中有 {len(self.problems)} 处错误，未导入任何数据：\n" + "\n".join(shown) + more,
            "文件",
        )


@dataclass(frozen=True)
class UnitLine:
    row: int
    code: str
    building: str
    entrance: str
    room: str
    owner_name: str
    phone: str
    phone2: str
    note: str
    existing_id: int | None = None
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, old, new) of an existing unit


@dataclass(frozen=True)
class UnitPlan:
    sheet: str
    header_row: int
    lines: tuple[UnitLine, ...]
    problems: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...]
    ignored: tuple[str, ...]

    @property
    def new(self) -> int:
        return sum(1 for u in self.lines if u.existing_id is None)

    @property
    def updated(self) -> int:
        return sum(1 for u in self.lines if u.existing_id is not None and u.changes)

    @property
    def unchanged(self) -> int:
        return sum(1 for u in self.lines if u.existing_id is not None and not u.changes)

    def summary(self) -> str:
        return f"共 {len(self.lines)} 户：新增 {self.new}，更新 {self.updated}，无变化 {self.unchanged}"


@dataclass(frozen=True)
class OrderPlan:
    sheet: str
    header_row: int
    drafts: tuple[OrderDraft, ...]
    problems: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...]
    ignored: tuple[str, ...]
    missing_staff: tuple[str, ...] = ()
    missing_categories: tuple[str, ...] = ()
    missing_units: tuple[str, ...] = ()
    by_status: dict[Status, int] = field(default_factory=dict)

    def summary(self, done: bool = False) -> str:
        parts = "，".join(f"{s.label} {n}" for s, n in self.by_status.items())
        text = f"共 {len(self.drafts)} 张工单" + (f"（{parts}）" if parts else "")
        created = [
            (label, names)
            for label, names in (
                ("维修人员", self.missing_staff),
                ("类别", self.missing_categories),
                ("房号", self.missing_units),
            )
            if names
        ]
        for label, names in created:
            verb = "已新建" if done else "将新建"
            text += f"；{verb}{label} {len(names)} 个：{'、'.join(names[:10])}"
            text += "……" if len(names) > 10 else ""
        return text


@dataclass(frozen=True)
class ImportResult:
    inserted: int
    updated: int
    changes: Changes
    summary: str


def _unit_fields(u: UnitLine, **key: Any) -> dict[str, Any]:
    """The stored fields of a unit line, with ``key`` (its code, or the id it updates)."""
    return dict(
        key,
        building=u.building,
        entrance=u.entrance,
        room=u.room,
        owner_name=u.owner_name,
        phone=u.phone,
        phone2=u.phone2,
        note=u.note,
    )


def _name(source: Source) -> str:
    if isinstance(source, str | PathLike):
        return Path(source).name
    return str(getattr(source, "name", "Excel文件"))


def _rewind(source: Source) -> Source:
    if hasattr(source, "seek"):
        source.seek(0)  # type: ignore[union-attr]
    return source


_SUFFIX = {
    "楼栋": re.compile(r"(号楼|栋|幢|座|号)$"),
    "单元": re.compile(r"(单元|门)$"),
    "房号": re.compile(r"(室|号|房)$"),
}


def _part(text: str, column: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    return _SUFFIX[column].sub("", text)


def unit_code(building: str, entrance: str, room: str) -> str:
    """The unit code of a ledger line: a combined 房号 (``3-2-1502``) as it is, otherwise
    楼栋-单元-房号 from the separate columns (``3栋``/``2单元``/``1502室`` -> ``3-2-1502``)."""
    room_text = unicodedata.normalize("NFKC", room).strip().replace(" ", "")
    room_text = room_text.replace("—", "-").replace("－", "-")
    if "-" in room_text:
        return room_text.strip("-")
    parts = [_part(building, "楼栋"), _part(entrance, "单元"), _part(room_text, "房号")]
    return "-".join(p for p in parts if p)


class ImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- units --------------------------------------------------------------------------
    def plan_units(self, source: Source, user: UserRecord) -> UnitPlan:
        """What importing ``source`` as the 房屋台账 would do (writes nothing)."""
        authorize(user, Perm.MANAGE_BASE_DATA)
        return self._plan_units(source)

    def _plan_units(self, source: Source) -> UnitPlan:
        table = read_table(_rewind(source), UNIT_ALIASES, UNIT_KEYS)
        problems: list[ImportProblem] = []
        warnings: list[ImportProblem] = []
        parsed = []
        seen: dict[str, int] = {}
        for row, cells in table.rows:
            line = self._unit_row(table, row, cells, problems, warnings)
            if line is None:
                continue
            if line[1] in seen:
                problems.append(ImportProblem(row, "房号", f"“{line[1]}”与第{seen[line[1]]}行重复"))
                continue
            seen[line[1]] = row
            parsed.append(line)
        stored = import_repo.units_by_code(self.ctx.db, [p[1] for p in parsed])
        present = [c for c in ("业主姓名", "联系电话", "备用电话", "备注") if table.has(c)]
        lines = []
        for row, code, building, entrance, room, owner, phone, phone2, note in parsed:
            old = stored.get(code)
            if old is None:
                lines.append(
                    UnitLine(row, code, building, entrance, room, owner, phone, phone2, note)
                )
                continue
            new = {"owner_name": owner, "phone": phone, "phone2": phone2, "note": note}
            keys = {
                "业主姓名": "owner_name",
                "联系电话": "phone",
                "备用电话": "phone2",
                "备注": "note",
            }
            merged = {k: old[k] for k in new}
            for column in present:
                key = keys[column]
                if new[key]:  # a blank cell keeps what is stored
                    merged[key] = new[key]
            changes = tuple(
                (k, old[k] or "", merged[k]) for k in merged if (old[k] or "") != merged[k]
            )
            if not old["active"]:
                changes += (("active", "0", "1"),)
            lines.append(
                UnitLine(
                    row,
                    code,
                    building,
                    entrance,
                    room,
                    merged["owner_name"],
                    merged["phone"],
                    merged["phone2"],
                    merged["note"],
                    old["id"],
                    changes,
                )
            )
        return UnitPlan(
            table.sheet,
            table.header_row,
            tuple(lines),
            tuple(problems),
            tuple(warnings),
            table.ignored,
        )

    @staticmethod
    def _unit_row(
        table: Table,
        row: int,
        cells: tuple[Any, ...],
        problems: list[ImportProblem],
        warnings: list[ImportProblem],
    ) -> tuple[Any, ...] | None:
        """(row, code, building, entrance, room, owner, phone, phone2, note) of one line;
        ``None`` (with the problems noted) when it cannot be used."""

        def text(column: str, max_len: int) -> str:
            value = cell_text(table.value(cells, column))
            if len(value) > max_len:
                problems.append(ImportProblem(row, column, f"不能超过{max_len}个字"))
            return value

        room = cell_text(table.value(cells, "房号"))
        if not room:
            problems.append(ImportProblem(row, "房号", "不能为空"))
            return None
        code = unit_code(text("楼栋", 16), text("单元", 16), room)
        building, entrance, rest = split_unit_code(code)
        if len(code) > 32 or max(len(building), len(entrance), len(rest)) > 16:
            problems.append(ImportProblem(row, "房号", f"“{code}”过长"))
            return None
        phones: list[str] = []
        for column in ("联系电话", "备用电话"):
            raw = text(column, 32)
            if not raw:
                phones.append("")
                continue
            phone = normalize_phone(raw)
            if phone.warning:
                warnings.append(ImportProblem(row, column, phone.warning))
            if len(phone.text) > 32:
                problems.append(ImportProblem(row, column, "不能超过32个字符"))
            phones.append(phone.text)
        owner, note = text("业主姓名", 64), text("备注", 2000)
        return (row, code, building, entrance, rest, owner, phones[0], phones[1], note)

    def import_units(self, source: Source, user: UserRecord) -> ImportResult:
        """Import the 房屋台账: new units added, known ones (same 房号) updated."""
        authorize(user, Perm.MANAGE_BASE_DATA)
        db, now, name = self.ctx.db, self.ctx.now(), _name(source)
        with write_transaction(db):
            plan = self._plan_units(source)
            if plan.problems:
                raise ImportRejected(f"“{name}”", plan.problems)
            new = [u for u in plan.lines if u.existing_id is None]
            import_repo.insert_units(db, [_unit_fields(u, code=u.code) for u in new])
            changed = [u for u in plan.lines if u.existing_id is not None and u.changes]
            import_repo.update_units(db, [_unit_fields(u, id=u.existing_id) for u in changed])
            ids = import_repo.units_by_code(db, [u.code for u in new])
            reason = f"{IMPORT_NOTE}：{name}"
            audit = [
                self._audit(
                    user,
                    now,
                    "unit",
                    ids[u.code]["id"],
                    "code",
                    None,
                    u.code,
                    f"{reason} 第{u.row}行",
                )
                for u in new
            ]
            for u in changed:
                audit.extend(
                    self._audit(
                        user, now, "unit", u.existing_id, f, old, value, f"{reason} 第{u.row}行"
                    )
                    for f, old, value in u.changes
                )
            audit.append(
                self._audit(user, now, "import", None, "units", None, plan.summary(), reason)
            )
            import_repo.insert_audit(db, audit)
        return ImportResult(len(new), len(changed), Changes(units=True), plan.summary())

    def _audit(
        self,
        user: UserRecord,
        at: datetime,
        entity: str,
        entity_id: int | None,
        field_name: str,
        old: str | None,
        new: str,
        reason: str,
    ) -> dict[str, Any]:
        return dict(
            at=at,
            user_id=user.id,
            username=user.username,
            workstation=self.ctx.workstation,
            entity=entity,
            entity_id=entity_id,
            field=field_name,
            old_value=old,
            new_value=new,
            reason=reason,
        )

    # --- orders -------------------------------------------------------------------------
    def _refs(self, table: Table) -> Refs:
        codes = [code_text(cell_text(table.value(cells, "房号"))) for _row, cells in table.rows]
        staff = reference_repo.list_staff(active_only=True)
        by_name: dict[str, int] = {}
        for s in staff:
            by_name.setdefault(s.name, s.id)
        depts = {d.name: d.id for d in reference_repo.list_departments()}
        return Refs(
            categories=reference_repo.list_categories(active_only=True),
            urgencies=reference_repo.list_urgencies(),
            departments=depts,
            staff=by_name,
            staff_department={s.id: s.department_id for s in staff},
            units={c: u["id"] for c, u in import_repo.units_by_code(self.ctx.db, codes).items()},
            rules=self.ctx.settings().rules,
            channels=tuple(
                c for c in self.ctx.settings().channels if c not in Channel._value2member_map_
            ),
            default_department={Kind.REPAIR: depts.get("工程部"), Kind.MATTER: depts.get("客服部")},
        )

    def plan_orders(
        self, source: Source, user: UserRecord, create_missing: bool = False
    ) -> OrderPlan:
        """What importing ``source`` as past orders would do (writes nothing)."""
        authorize(user, Perm.MANAGE_BASE_DATA)
        return self._plan_orders(source, create_missing)[0]

    def _plan_orders(self, source: Source, create_missing: bool) -> tuple[OrderPlan, Refs]:
        table = read_table(_rewind(source), ORDER_ALIASES, ORDER_KEYS)
        missing = [c for c in ORDER_REQUIRED if not table.has(c)]
        if not table.has("房号") and not table.has("公区位置"):
            missing.append("房号/公区位置")
        if missing:
            raise ImportRejected(
                f"第{table.header_row}行表头",
                [ImportProblem(table.header_row, c, "缺少此列") for c in missing],
            )
        refs = self._refs(table)
        reader = RowReader(table, refs, self.ctx.now(), create_missing)
        drafts = []
        for row, cells in table.rows:
            draft = reader.read(row, cells)
            if draft is not None:
                drafts.append(draft)
        given = [d.number for d in drafts if d.number]
        for number in sorted(import_repo.existing_numbers(self.ctx.db, given)):
            row = reader.numbers[number]
            reader.problems.append(ImportProblem(row, "编号", f"“{number}”已存在于数据库中"))
        problems = sorted(reader.problems, key=lambda p: p.row)
        counts = Counter(d.status for d in drafts)
        plan = OrderPlan(
            table.sheet,
            table.header_row,
            tuple(drafts),
            tuple(problems),
            tuple(reader.warnings),
            table.ignored,
            tuple(reader.missing_staff),
            tuple(reader.missing_categories),
            tuple(reader.missing_units),
            {s: counts[s] for s in Status if counts[s]},
        )
        return plan, refs

    def import_orders(
        self, source: Source, user: UserRecord, create_missing: bool = False
    ) -> ImportResult:
        """Import past orders in bulk, each with the status its times imply. With
        ``create_missing`` unknown staff, categories and units are created."""
        authorize(user, Perm.MANAGE_BASE_DATA)
        db, now, name = self.ctx.db, self.ctx.now(), _name(source)
        with write_transaction(db):
            plan, refs = self._plan_orders(source, create_missing)
            if plan.problems:
                raise ImportRejected(f"“{name}”", plan.problems)
            if not plan.drafts:
                raise UserError(f"“{name}”中没有工单行", "文件")
            reason = f"{IMPORT_NOTE}：{name}"
            audit: list[dict[str, Any]] = []
            created = self._create_missing(plan, refs, user, now, reason, audit)
            first_order, first_dispatch = import_repo.next_ids(db)
            years = {d.received_at.year for d in plan.drafts}
            loaded = build_rows(
                list(plan.drafts),
                refs,
                user.id,
                now,
                first_order,
                first_dispatch,
                import_repo.last_sequences(db, years),
                lambda d: self._category(d, refs),
            )
            import_repo.insert_orders(
                db,
                loaded.orders,
                loaded.dispatches,
                loaded.dispatch_staff,
                loaded.materials,
                loaded.visits,
                first_order,
                refs.rules.rework_days,
                loaded.judge_rework,
            )
            import_repo.set_counters(db, loaded.last_seq)
            audit.extend(
                self._audit(user, now, "order", oid, "number", None, number, f"{reason} 第{row}行")
                for oid, number, row in loaded.numbers
            )
            audit.append(
                self._audit(user, now, "import", None, "orders", None, plan.summary(), reason)
            )
            import_repo.insert_audit(db, audit)
        ids = frozenset(oid for oid, _n, _r in loaded.numbers)
        changes = Changes(
            order_ids=ids,
            units=bool(created[2]),
            staff=bool(created[0]),
            categories=bool(created[1]),
        )
        return ImportResult(len(ids), 0, changes, plan.summary(done=True))

    def _category(self, d: OrderDraft, refs: Refs) -> CategoryRecord:
        if d.category is not None:
            return d.category
        norm = d.category_text.replace("／", "/").replace("\\", "/").strip("/ ")
        return next(c for c in refs.categories if c.path == norm and c.kind is d.kind)

    def _create_missing(
        self,
        plan: OrderPlan,
        refs: Refs,
        user: UserRecord,
        now: datetime,
        reason: str,
        audit: list[dict[str, Any]],
    ) -> tuple[int, int, int]:
        """Create the unknown staff, categories and units the plan names (in the caller's
        transaction), updating ``refs``; returns how many of each."""
        urgency: int | None = next((u.id for u in refs.urgencies if u.name == "一般"), None)
        kinds = {
            d.category_text.replace("／", "/").replace("\\", "/").strip("/ "): d.kind
            for d in plan.drafts
            if d.category is None
        }
        for path in plan.missing_categories:
            kind = kinds[path]
            parent_id = None
            parts = [p for p in path.split("/") if p]
            for depth in range(len(parts)):
                sub = "/".join(parts[: depth + 1])
                found = next((c for c in refs.categories if c.path == sub and c.kind is kind), None)
                if found is not None:
                    parent_id = found.id
                    continue
                parent = next((c for c in refs.categories if c.id == parent_id), None)
                dept = parent.default_department_id if parent else refs.default_department[kind]
                default_urgency = parent.default_urgency_id if parent else urgency
                values = {
                    "name": parts[depth],
                    "kind": kind.value,
                    "parent": parent_id,
                    "default_department": dept,
                    "default_urgency": default_urgency,
                    "matter_type": parent.matter_type.value
                    if parent and parent.matter_type
                    else None,
                }
                new_id, _old = reference_write.save("category", None, values)
                audit.append(self._audit(user, now, "category", new_id, "name", None, sub, reason))
                refs.categories.append(
                    CategoryRecord(
                        new_id,
                        parts[depth],
                        parent_id,
                        kind,
                        sub,
                        parent.matter_type if parent else None,
                        dept,
                        default_urgency,
                    )
                )
                parent_id = new_id
        staff_dept: dict[str, int | None] = {}
        for d in plan.drafts:
            for s in d.staff:
                staff_dept.setdefault(s, self._category(d, refs).default_department_id)
        for name in plan.missing_staff:
            dept = staff_dept.get(name) or refs.default_department[Kind.REPAIR]
            new_id, _old = reference_write.save(
                "staff",
                None,
                {
                    "name": name,
                    "department": dept,
                    "phone": "",
                    "is_technician": True,
                    "active": True,
                },
            )
            audit.append(self._audit(user, now, "staff", new_id, "name", None, name, reason))
            refs.staff[name] = new_id
            refs.staff_department[new_id] = dept
        owners = {d.unit_code: (d.caller, d.phone) for d in reversed(plan.drafts)}
        rows = []
        for code in plan.missing_units:
            building, entrance, room = split_unit_code(code)
            owner, phone = owners.get(code, ("", ""))
            rows.append(
                dict(
                    code=code,
                    building=building[:16],
                    entrance=entrance[:16],
                    room=room[:16],
                    owner_name=owner,
                    phone=phone,
                )
            )
        if rows:
            import_repo.insert_units(self.ctx.db, rows)
            for code, rec in import_repo.units_by_code(self.ctx.db, plan.missing_units).items():
                refs.units[code] = rec["id"]
                audit.append(self._audit(user, now, "unit", rec["id"], "code", None, code, reason))
        return len(plan.missing_staff), len(plan.missing_categories), len(rows)
