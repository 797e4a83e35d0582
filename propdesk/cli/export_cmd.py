"""``propdesk export-month YYYY-MM -o FILE.xlsx`` and ``propdesk export-orders [filters] -o
FILE.xlsx``: the monthly statistics workbook and any register view, to Excel."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from propdesk.domain.enums import AreaType, Kind, Status
from propdesk.domain.errors import UserError
from propdesk.domain.filters import SORT_KEYS, OrderFilter, Sort
from propdesk.domain.kpi import parse_month
from propdesk.services import Services

from .common import acting_user, add_parser, enum_arg, open_services
from .orders_cmd import month_range


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(sub, "export-month", "导出月度统计Excel（汇总、分类、人员工作量、明细等）")
    p.add_argument("month", help="统计月份 YYYY-MM，如 2026-11")
    p.add_argument("-o", "--output", required=True, help="保存为 .xlsx 文件")
    p.set_defaults(func=cmd_export_month)

    p = add_parser(sub, "export-orders", "按筛选条件导出工单到Excel（列与月度明细相同，可再导入）")
    p.add_argument("-o", "--output", required=True, help="保存为 .xlsx 文件")
    p.add_argument("--month", help="受理月份 YYYY-MM")
    p.add_argument("--from", dest="date_from", help="受理日期起 YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="受理日期止 YYYY-MM-DD（含）")
    p.add_argument(
        "--status", type=enum_arg(Status, "状态"), action="append", default=[], help="状态，可多次"
    )
    p.add_argument("--kind", type=enum_arg(Kind, "类型"), help="报修/报事")
    p.add_argument("--area", type=enum_arg(AreaType, "区域"), help="入户/公区")
    p.add_argument("--category", help="类别（含下级），如 水 或 水/爆管")
    p.add_argument("--department", help="处理部门")
    p.add_argument("--staff", help="维修人员姓名")
    p.add_argument("--urgency", help="紧急程度")
    p.add_argument("--unit", help="房号")
    p.add_argument("--overdue", action="store_true", help="只导出超时工单")
    p.add_argument("--open", action="store_true", help="只导出未完结工单")
    p.add_argument("--paid", action="store_true", help="只导出有偿工单")
    p.add_argument("--search", default="", help="按编号/房号/姓名/电话/描述搜索")
    p.add_argument("--sort", choices=SORT_KEYS, default="received_at", help="排序列")
    p.add_argument("--asc", action="store_true", help="升序（默认按受理时间降序）")
    p.set_defaults(func=cmd_export_orders)


def _xlsx(path: str) -> Path:
    out = Path(path).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件应以 .xlsx 结尾：{out}", "输出文件")
    return out


def cmd_export_month(args: argparse.Namespace) -> int:
    try:
        month = parse_month(args.month)
    except ValueError:
        raise UserError(f"月份“{args.month}”格式不对，应为 YYYY-MM", "月份") from None
    out = _xlsx(args.output)
    from propdesk.services.statistics import StatisticsService  # openpyxl: only when exporting

    svc = open_services(args)
    result = StatisticsService(svc.ctx).export_month(month, acting_user(svc, args), out)
    print(
        f"已导出 {month.year}年{month.month}月统计：明细 {result.orders} 条，"
        f"用时 {result.seconds:.1f} 秒 → {out}"
    )
    return 0


def _day(text: str | None, label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise UserError(f"{label}“{text}”格式不对，应为 YYYY-MM-DD", label) from None


def order_filter(svc: Services, args: argparse.Namespace) -> OrderFilter:
    """The register filter the options describe (names resolved to ids)."""
    date_from, date_to = _day(args.date_from, "起始日期"), _day(args.date_to, "截止日期")
    if args.month:
        date_from, date_to = month_range(args.month)
    ref = svc.reference
    category_id = ref.category_by_text(args.category).id if args.category else None
    department_id = staff_id = urgency_id = unit_id = None
    if args.department:
        found = [d.id for d in ref.departments(False) if d.name == args.department.strip()]
        if not found:
            raise UserError(f"部门“{args.department}”不存在", "处理部门")
        department_id = found[0]
    if args.staff:
        found = [s.id for s in ref.staff(False) if s.name == args.staff.strip()]
        if not found:
            raise UserError(f"维修人员“{args.staff}”不存在", "维修人员")
        staff_id = found[0]
    if args.urgency:
        urgency_id = ref.urgency_by_name(args.urgency).id
    if args.unit:
        unit = ref.unit_by_code(args.unit)
        if unit is None:
            raise UserError(f"房号“{args.unit}”不存在", "房号")
        unit_id = unit.id
    return OrderFilter(
        date_from=date_from,
        date_to=date_to,
        statuses=tuple(args.status),
        kind=args.kind,
        area_type=args.area,
        category_id=category_id,
        department_id=department_id,
        staff_id=staff_id,
        urgency_id=urgency_id,
        overdue=args.overdue,
        open_only=args.open,
        paid_only=args.paid,
        unit_id=unit_id,
        search=args.search,
    )


def cmd_export_orders(args: argparse.Namespace) -> int:
    out = _xlsx(args.output)
    svc = open_services(args)
    f = order_filter(svc, args)
    from propdesk.services.statistics import StatisticsService  # openpyxl: only when exporting

    stats = StatisticsService(svc.ctx)
    result = stats.export_orders(
        f, acting_user(svc, args), out, sort=Sort(args.sort, descending=not args.asc)
    )
    condition = stats.describe(f) or "全部工单"
    print(f"已导出 {result.orders} 条工单（{condition}），用时 {result.seconds:.1f} 秒 → {out}")
    return 0
