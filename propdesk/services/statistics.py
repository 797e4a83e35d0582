"""统计报表: a month's figures (with last month's beside them), its groupings and long lists,
the monthly workbook, and any register view exported to Excel.

Figures follow ``propdesk.domain.kpi``; the facts come from ``propdesk.db.stats_query`` in a
few bulk queries inside one read transaction, so the workbook is one consistent snapshot.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from propdesk.db import followup_stats, reference_repo, register_query, stats_query
from propdesk.domain.errors import UserError
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.followup_kpi import call_ratio, complaint_ratio
from propdesk.domain.kpi import (
    Figures,
    OrderFact,
    compute,
    daily_counts,
    group_figures,
    month_bounds,
    previous_month,
    resolve_counts,
    rework_ids,
    rework_window,
)
from propdesk.domain.permissions import Perm, user_can
from propdesk.domain.records import UserRecord
from propdesk.domain.report_rows import GroupLine, MonthReport, MonthRows, ResolveLine
from propdesk.domain.settings import OfficeSettings
from propdesk.export.month_workbook import write_month_workbook, write_orders_workbook

from .audit_log import record_full_export
from .context import ServiceContext
from .order_ops import authorize

#: ``progress(done, total)``; raising from it (e.g. ``ExportCancelled``) stops the export.
ExportProgress = Callable[[int, int], None]


class ExportCancelled(Exception):
    """Raised by a progress callback to stop an export (the partial file is removed)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path | None
    orders: int
    seconds: float


@dataclass(frozen=True)
class MonthData:
    """A month's report with the facts it was computed from."""

    report: MonthReport
    facts: tuple[OrderFact, ...]
    reworked: frozenset[int]


class StatisticsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- figures ----------------------------------------------------------------------
    def _figures(self, month: date, as_of: datetime) -> tuple[list[OrderFact], frozenset[int]]:
        db = self.ctx.db
        start, end = month_bounds(month)
        facts = stats_query.month_facts(db, start, end)
        days = self.ctx.settings().rules.rework_days
        until = rework_window(facts, days)
        later = stats_query.later_orders(db, start, until) if until else []
        return facts, rework_ids(facts, later, days)

    def _with_follow_up(
        self, figures: Figures, month: date, as_of: datetime, settings: OfficeSettings
    ) -> Figures:
        """``figures`` with 跟进及时率 and 投诉处理及时率 of the month's orders."""
        start, end = month_bounds(month)
        rules = settings.rules
        calls = followup_stats.call_facts(start, end)
        complaints = followup_stats.complaint_facts(start, end)
        return replace(
            figures,
            follow_up=call_ratio(calls, rules.first_call_minutes, as_of),
            complaint_contact=complaint_ratio(complaints, rules.complaint_contact_hours, as_of),
        )

    def month(self, month: date, user: UserRecord) -> MonthData:
        """The month's report (needs 查看统计报表)."""
        authorize(user, Perm.VIEW_STATS)
        with self.ctx.db.atomic():
            return self._month(month)

    def _month(self, month: date) -> MonthData:
        as_of = self.ctx.now()
        start, end = month_bounds(month)
        facts, reworked = self._figures(month, as_of)
        prev_facts, prev_reworked = self._figures(previous_month(month), as_of)
        settings = self.ctx.settings()

        categories = reference_repo.list_categories(active_only=False)
        path = {c.id: c.path for c in categories}
        root = {c.id: c.path.split("/")[0] for c in categories}
        depts = {d.id: d.name for d in reference_repo.list_departments(active_only=False)}
        staff = reference_repo.list_staff(active_only=False)

        def ordered(
            groups: Mapping[Any, Figures], order: Sequence[Any], name: Callable[[Any], str]
        ) -> tuple[GroupLine, ...]:
            return tuple(GroupLine(name(k), groups[k]) for k in order if k in groups)

        by_root = group_figures(
            facts, lambda f: (root.get(f.category_id, ""),), as_of, reworked, settings.rules
        )
        roots = list(dict.fromkeys(root[c.id] for c in categories))
        rules = settings.rules
        by_cat = group_figures(facts, lambda f: (f.category_id,), as_of, reworked, rules)
        by_dept = group_figures(facts, lambda f: (f.department_id,), as_of, reworked, rules)
        by_staff = group_figures(
            [f for f in facts if f.valid], lambda f: f.staff_ids, as_of, reworked, rules
        )
        home = [f for f in facts if f.valid and f.is_home_repair]
        zero_groups: dict[int, list[OrderFact]] = {}
        for f in home:
            zero_groups.setdefault(f.category_id, []).append(f)

        report = MonthReport(
            month=date(month.year, month.month, 1),
            as_of=as_of,
            start=start,
            end=end,
            office_name=settings.office_name,
            project_name=settings.project_name,
            figures=self._with_follow_up(
                compute(facts, as_of, reworked, settings.rules), month, as_of, settings
            ),
            previous=self._with_follow_up(
                compute(prev_facts, as_of, prev_reworked, settings.rules),
                previous_month(month),
                as_of,
                settings,
            ),
            daily=tuple(daily_counts(facts, start.date(), (end - start).days)),
            by_root=ordered(by_root, list(roots), lambda k: str(k) or "（无类别）"),
            by_category=ordered(by_cat, [c.id for c in categories], lambda k: path.get(k, "")),
            by_department=ordered(
                by_dept,
                [*depts.keys(), None],
                lambda k: depts.get(k, "（未指定部门）"),
            ),
            technicians=tuple(
                GroupLine(s.name, by_staff[s.id], s.department_name)
                for s in staff
                if s.id in by_staff
            ),
            zero_repair=tuple(
                ResolveLine(path.get(cid, ""), resolve_counts(zero_groups[cid], as_of))
                for cid in [c.id for c in categories]
                if cid in zero_groups
            ),
            open_cutoff=min(as_of, end),
        )
        return MonthData(report, tuple(facts), reworked)

    # --- the workbook -----------------------------------------------------------------
    def _paths(self) -> dict[int, str]:
        return {c.id: c.path for c in reference_repo.list_categories(active_only=False)}

    def export_month(
        self,
        month: date,
        user: UserRecord,
        target: Path | IO[bytes],
        progress: ExportProgress | None = None,
    ) -> ExportResult:
        """Write the month's workbook to ``target`` (a path — written to a temporary file
        first and renamed, so a failed export leaves no half file — or an open binary file).
        Phones are masked unless the user may 导出完整数据."""
        authorize(user, Perm.VIEW_STATS)
        if user_can(user.username, user.role, Perm.EXPORT_FULL):  # unmasked phones: audited
            record_full_export(self.ctx, user, f"{month:%Y-%m} 月度统计（含完整电话）")
        started = time.perf_counter()
        db = self.ctx.db
        with db.atomic():
            data = self._month(month)
            r = data.report
            paths = self._paths()
            counts = (
                stats_query.paid_count(db, r.start, r.end),
                stats_query.open_count(db, r.open_cutoff),
                stats_query.month_count(db, r.start, r.end),
            )
            total = sum(counts)
            rows = MonthRows(
                detail=stats_query.month_detail_rows(db, r.start, r.end, paths),
                detail_count=counts[2],
                paid=stats_query.paid_rows(db, r.start, r.end),
                paid_count=counts[0],
                open=stats_query.open_rows(db, r.open_cutoff, paths),
                open_count=counts[1],
                follow_ups=followup_stats.month_lines(r.start, r.end),
            )
            tick = (lambda n: progress(n, total)) if progress else None
            mask = not user_can(user.username, user.role, Perm.EXPORT_FULL)
            with _output(target) as out:
                write_month_workbook(r, rows, out, mask_phones=mask, progress=tick)
        if progress:
            progress(total, total)
        path = Path(target) if isinstance(target, str | os.PathLike) else None
        return ExportResult(path, counts[2], time.perf_counter() - started)

    def month_workbook(self, month: date, user: UserRecord) -> bytes:
        buf = io.BytesIO()
        self.export_month(month, user, buf)
        return buf.getvalue()

    # --- register views ---------------------------------------------------------------
    def order_ids(self, f: OrderFilter, sort: Sort = Sort()) -> list[int]:
        """Ids of the register view ``f`` in its sort order (paged through, keyset)."""
        ids: list[int] = []
        after: tuple[object, int] | None = None
        now = self.ctx.now()
        while True:
            page, after = register_query.page(f, sort, PageRequest(limit=2000, after=after), now)
            ids.extend(r.id for r in page)
            if after is None:
                return ids

    def export_orders(
        self,
        f: OrderFilter,
        user: UserRecord,
        target: Path | IO[bytes],
        *,
        sort: Sort = Sort(),
        progress: ExportProgress | None = None,
    ) -> ExportResult:
        """The register view ``f`` (as filtered and sorted) as a workbook with the 明细
        columns, importable with ``import-orders``."""
        authorize(user, Perm.VIEW_ALL_ORDERS)
        if user_can(user.username, user.role, Perm.EXPORT_FULL):  # unmasked phones: audited
            record_full_export(self.ctx, user, f"工单导出：{self.describe(f)}（含完整电话）")
        started = time.perf_counter()
        db = self.ctx.db
        with db.atomic():
            ids = self.order_ids(f, sort)
            if not ids:
                raise UserError("当前筛选条件下没有工单，无需导出")
            rows = stats_query.detail_rows_by_ids(db, ids, self._paths())
            tick = (lambda n: progress(n, len(ids))) if progress else None
            mask = not user_can(user.username, user.role, Perm.EXPORT_FULL)
            with _output(target) as out:
                write_orders_workbook(
                    rows,
                    out,
                    description=self.describe(f),
                    exported_at=self.ctx.now(),
                    count=len(ids),
                    mask_phones=mask,
                    progress=tick,
                )
        path = Path(target) if isinstance(target, str | os.PathLike) else None
        return ExportResult(path, len(ids), time.perf_counter() - started)

    def describe(self, f: OrderFilter) -> str:
        """The filter in words, for the 说明 sheet."""
        parts = []
        if f.date_from or f.date_to:
            parts.append(f"受理日期 {f.date_from or '…'} 至 {f.date_to or '…'}")
        if f.statuses:
            parts.append("状态 " + "、".join(s.label for s in f.statuses))
        if f.open_only:
            parts.append("仅未完结")
        if f.kind:
            parts.append(f"类型 {f.kind.label}")
        if f.area_type:
            parts.append(f"区域 {f.area_type.label}")
        if f.category_id:
            cats = {c.id: c.path for c in reference_repo.list_categories(active_only=False)}
            parts.append(f"类别 {cats.get(f.category_id, f.category_id)}（含下级）")
        if f.department_id:
            depts = {d.id: d.name for d in reference_repo.list_departments(active_only=False)}
            parts.append(f"处理部门 {depts.get(f.department_id, f.department_id)}")
        if f.staff_id:
            staff = {s.id: s.name for s in reference_repo.list_staff(active_only=False)}
            parts.append(f"维修人员 {staff.get(f.staff_id, f.staff_id)}")
        if f.urgency_id:
            urg = reference_repo.get_urgency(f.urgency_id)
            parts.append(f"紧急程度 {urg.name if urg else f.urgency_id}")
        if f.unit_id:
            unit = reference_repo.get_unit(f.unit_id)
            parts.append(f"房号 {unit.code if unit else f.unit_id}")
        if f.overdue:
            parts.append("仅超时")
        if f.paid_only:
            parts.append("仅有偿")
        if f.search.strip():
            parts.append(f"搜索“{f.search.strip()}”")
        return "；".join(parts)


@contextmanager
def _output(target: Path | IO[bytes]) -> Iterator[IO[bytes]]:
    """An open file for ``target``: a path is written to ``NAME.part`` and renamed into place
    only when complete."""
    if not isinstance(target, str | os.PathLike):
        yield target
        return
    path = Path(target)
    if path.parent and not path.parent.exists():
        raise UserError(f"保存位置不存在：{path.parent}", "保存位置")
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as fh:
            yield fh
        os.replace(part, path)
    except PermissionError as exc:
        part.unlink(missing_ok=True)
        raise UserError(f"无法写入“{path}”（文件是否正在 Excel 中打开？）：{exc}") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
