"""The monthly workbook (SPEC §8): 汇总, 分类统计, 维修人员工作量, 零修及时率统计表, 有偿服务登记表,
未完成工单, 明细 — with charts, frozen headers, Chinese-wide columns and print setup.

Records in, bytes out: ``write_month_workbook(report, rows, out)`` never touches the database;
the long row lists are consumed once, as they stream into the file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from propdesk.domain.kpi import KPI_LINES, Average, Figures, KpiLine, Ratio
from propdesk.domain.report_rows import GroupLine, MonthReport, MonthRows, ResolveLine

from .cells import yuan
from .columns import Column, detail_columns, open_columns, paid_columns, values
from .followup_columns import follow_up_columns
from .sheets import SECTION, body_for, header_row, new_sheet, styled_row, title_rows
from .xlsx_stream import Body, inject

SHEETS = (
    "汇总",
    "分类统计",
    "维修人员工作量",
    "零修及时率统计表",
    "有偿服务登记表",
    "未完成工单",
    "跟进记录",
    "明细",
)
TIME = "%Y-%m-%d %H:%M"

Progress = Callable[[int], None]


def _pct(r: Ratio) -> Any:
    return r.value


def _min(a: Average) -> Any:
    return a.minutes


GROUP_COLUMNS: list[Column[GroupLine]] = [
    Column("名称", "text", 20, lambda g: g.name),
    Column("受理", "int", 7, lambda g: g.figures.received),
    Column("取消", "int", 6, lambda g: g.figures.cancelled),
    Column("已完成", "int", 7, lambda g: g.figures.completed),
    Column("完成率", "percent", 8, lambda g: _pct(g.figures.completion)),
    Column("及时率", "percent", 8, lambda g: _pct(g.figures.timely)),
    Column("零修及时率", "percent", 8, lambda g: _pct(g.figures.zero_repair)),
    Column("回访", "int", 6, lambda g: g.figures.visit.num),
    Column("满意率", "percent", 8, lambda g: _pct(g.figures.satisfaction)),
    Column("返修率", "percent", 8, lambda g: _pct(g.figures.rework)),
    Column("平均响应(分钟)", "minutes", 9, lambda g: _min(g.figures.response)),
    Column("平均维修(分钟)", "minutes", 9, lambda g: _min(g.figures.repair_time)),
    Column("有偿金额(元)", "yuan", 11, lambda g: yuan(g.figures.paid_total_fen)),
]

TECH_COLUMNS: list[Column[GroupLine]] = [
    Column("维修人员", "text", 10, lambda g: g.name),
    Column("部门", "text", 8, lambda g: g.department),
    Column("工单数", "int", 7, lambda g: g.figures.valid),
    Column("按时到场", "int", 7, lambda g: g.figures.timely.num),
    Column("到场判定数", "int", 7, lambda g: g.figures.timely.den),
    Column("到场及时率", "percent", 8, lambda g: _pct(g.figures.timely)),
    Column("已完成", "int", 7, lambda g: g.figures.completed),
    Column("完成率", "percent", 8, lambda g: _pct(g.figures.completion)),
    Column("平均响应(分钟)", "minutes", 9, lambda g: _min(g.figures.response)),
    Column("平均维修(分钟)", "minutes", 9, lambda g: _min(g.figures.repair_time)),
    Column("回访数", "int", 7, lambda g: g.figures.visit.num),
    Column("满意", "int", 6, lambda g: g.figures.satisfied),
    Column("基本满意", "int", 6, lambda g: g.figures.fair),
    Column("不满意", "int", 6, lambda g: g.figures.unsatisfied),
    Column("满意率", "percent", 8, lambda g: _pct(g.figures.satisfaction)),
    Column("有偿金额(元)", "yuan", 11, lambda g: yuan(g.figures.paid_total_fen)),
]

ZERO_COLUMNS: list[Column[ResolveLine]] = [
    Column("类别", "text", 20, lambda z: z.name),
    Column("入户报修单数", "int", 9, lambda z: z.counts.orders),
    Column("已完成", "int", 8, lambda z: z.counts.completed),
    Column("按时完成", "int", 8, lambda z: z.counts.on_time),
    Column("超时完成", "int", 8, lambda z: z.counts.late_done),
    Column("超时未完成", "int", 8, lambda z: z.counts.late_open),
    Column("未到期未完成", "int", 9, lambda z: z.counts.not_due),
    Column("零修及时率", "percent", 10, lambda z: _pct(z.counts.ratio)),
]


def kpi_cell(line: KpiLine, f: Figures) -> Any:
    """The 汇总 cell value of ``line``: a count, a Decimal rate or minutes, yuan, or "—"."""
    v = line.get(f)
    if isinstance(v, Ratio):
        return v.value if v.value is not None else "—"
    if isinstance(v, Average):
        return v.minutes if v.minutes is not None else "—"
    if line.kind == "yuan":
        return yuan(v)
    return v


def _axes(chart: BarChart) -> BarChart:
    # openpyxl marks axes deleted unless told otherwise; recent Excel then hides them
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _summary(wb: Workbook, r: MonthReport) -> None:
    ws = new_sheet(wb, "汇总", [24, 14, 14, 14, 70], header_row=4)
    title_rows(
        ws,
        f"{r.office_name}{('（' + r.project_name + '）') if r.project_name else ''}"
        f" {r.title}报事报修统计汇总",
        f"统计范围：{r.start:%Y-%m-%d} 至 {r.end:%Y-%m-%d} 前受理的工单（按受理时间）；"
        f"统计时间：{r.as_of:{TIME}}，及时率等未到期的按此时判定。",
        "",
    )
    header_row(ws, ["指标", "本月", "上月", "本月计数", "口径"])
    kinds = {"int": "int", "percent": "percent", "minutes": "minutes", "yuan": "yuan"}
    for row, line in enumerate(KPI_LINES, start=5):
        kind = kinds[line.kind]
        styled_row(
            ws,
            [
                line.label,
                kpi_cell(line, r.figures),
                kpi_cell(line, r.previous),
                line.counts(r.figures),
                line.explain(r.figures),
            ],
            ["text", kind, kind, "text", "longtext"],  # 口径 wraps inside the table
            row=row,
        )
    ws.append([])
    ws.append([SECTION.cell(ws, "每日受理量")])
    daily_header = 4 + len(KPI_LINES) + 3
    header_row(ws, ["日期", "报修", "报事", "合计"])
    for day, repair, matter in r.daily:
        styled_row(
            ws,
            [f"{day.month}月{day.day}日", repair, matter, repair + matter],
            ["text", "int", "int", "int"],
        )
    last = daily_header + len(r.daily)
    chart = _axes(BarChart())
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = f"{r.title}每日受理量"
    chart.y_axis.title = "单数"
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=daily_header, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=daily_header + 1, max_row=last))
    chart.width, chart.height = 26, 9
    ws.add_chart(chart, f"F{daily_header}")


def _group_table(
    ws: WriteOnlyWorksheet,
    label: str,
    lines: Sequence[GroupLine],
    total: Figures,
    columns: Sequence[Column[GroupLine]],
) -> int:
    """A labelled block of group rows and its 合计 row; returns rows written."""
    ws.append([SECTION.cell(ws, label)])
    kinds = [c.kind for c in columns]
    for line in lines:
        styled_row(ws, values(columns, line), kinds)
    styled_row(ws, values(columns, GroupLine("合计", total)), kinds, total=True)
    return len(lines) + 2


def _categories(wb: Workbook, r: MonthReport) -> None:
    ws = new_sheet(
        wb, "分类统计", [c.fitted_width for c in GROUP_COLUMNS], header_row=3, freeze_col=1
    )
    title_rows(ws, f"{r.title}分类统计（按类别、按处理部门）", f"统计时间：{r.as_of:{TIME}}")
    header_row(ws, [c.header for c in GROUP_COLUMNS])
    first = 5  # the 按大类 block's first data row (after its label row)
    _group_table(ws, "按大类", r.by_root, r.figures, GROUP_COLUMNS)
    ws.append([])
    _group_table(ws, "按类别", r.by_category, r.figures, GROUP_COLUMNS)
    ws.append([])
    _group_table(ws, "按处理部门", r.by_department, r.figures, GROUP_COLUMNS)
    if r.by_root:
        chart = _axes(BarChart())
        chart.type = "bar"
        chart.title = "各大类受理量"
        chart.add_data(
            Reference(ws, min_col=2, min_row=first, max_row=first + len(r.by_root) - 1),
            titles_from_data=False,
        )
        chart.set_categories(
            Reference(ws, min_col=1, min_row=first, max_row=first + len(r.by_root) - 1)
        )
        chart.legend = None
        chart.width, chart.height = 16, max(7.0, 0.6 * len(r.by_root) + 3)
        ws.add_chart(chart, f"O{first}")


def _technicians(wb: Workbook, r: MonthReport) -> None:
    ws = new_sheet(
        wb, "维修人员工作量", [c.fitted_width for c in TECH_COLUMNS], header_row=3, freeze_col=1
    )
    title_rows(
        ws,
        f"{r.title}维修人员工作量",
        "按工单最后一次派工的人员统计（改派、未完成重新派工后计入最后派去的人员）；"
        "一张工单派多人时每人各计一次；不含已取消工单。",
    )
    header_row(ws, [c.header for c in TECH_COLUMNS])
    kinds = [c.kind for c in TECH_COLUMNS]
    for line in r.technicians:
        styled_row(ws, values(TECH_COLUMNS, line), kinds)
    if r.technicians:
        n = len(r.technicians)
        chart = _axes(BarChart())
        chart.type = "col"
        chart.title = "维修人员工单数"
        chart.add_data(Reference(ws, min_col=3, min_row=3, max_row=3 + n), titles_from_data=True)
        chart.add_data(Reference(ws, min_col=7, min_row=3, max_row=3 + n), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + n))
        chart.width, chart.height = max(16.0, 1.2 * n + 6), 9
        ws.add_chart(chart, f"A{n + 6}")


def _zero_repair(wb: Workbook, r: MonthReport) -> None:
    ws = new_sheet(wb, "零修及时率统计表", [c.fitted_width for c in ZERO_COLUMNS], header_row=3)
    title_rows(
        ws,
        f"{r.title}零修及时率统计表",
        "入户报修（不含转开发商、已取消）：受理后在紧急程度规定的完成时限内完成为按时；"
        f"未到期未完成的不计入及时率。统计时间：{r.as_of:{TIME}}",
    )
    header_row(ws, [c.header for c in ZERO_COLUMNS])
    kinds = [c.kind for c in ZERO_COLUMNS]
    total = None
    for line in r.zero_repair:
        styled_row(ws, values(ZERO_COLUMNS, line), kinds)
        total = line.counts if total is None else total + line.counts
    if total is not None:
        styled_row(ws, values(ZERO_COLUMNS, ResolveLine("合计", total)), kinds, total=True)


@dataclass
class _Totals:
    labour: int = 0
    material: int = 0
    total: int = 0


def _numbered(rows: Iterable[Any]) -> Iterable[tuple[int, Any]]:
    return ((i, row) for i, row in enumerate(rows, start=1))


def _stream_sheet(
    wb: Workbook,
    title: str,
    heading: Sequence[str],
    columns: Sequence[Column[Any]],
    records: Iterable[Any],
    progress: Progress | None,
    **body_kw: Any,
) -> Body:
    ws = new_sheet(
        wb,
        title,
        [c.fitted_width for c in columns],
        header_row=len(heading) + 1,
        freeze_col=2 if heading else 1,
    )
    if heading:
        title_rows(ws, heading[0], *heading[1:])
    header_row(ws, [c.header for c in columns])
    first = len(heading) + 2
    rows = (values(columns, rec) for rec in records)
    return body_for(ws, columns, first, rows, on_rows=progress, **body_kw)


def write_month_workbook(
    report: MonthReport,
    rows: MonthRows,
    out: IO[bytes],
    *,
    mask_phones: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write the month's workbook to ``out``. ``progress(n)`` is called with the number of
    long-list rows written so far (of ``paid_count + open_count + detail_count``)."""
    wb = Workbook(write_only=True)
    wb.properties.title = f"{report.title}报事报修统计"
    wb.properties.creator = "propdesk"
    _summary(wb, report)
    _categories(wb, report)
    _technicians(wb, report)
    _zero_repair(wb, report)

    def tick(base: int) -> Progress | None:
        if progress is None:
            return None
        return lambda n: progress(base + n)

    totals = _Totals()

    def paid_records() -> Iterable[tuple[int, Any]]:
        for i, row in _numbered(rows.paid):
            totals.labour += row.labour_fen
            totals.material += row.material_fen
            totals.total += row.total_fen
            yield i, row

    pcols = paid_columns(mask_phones)

    def paid_footer() -> list[list[Any]]:
        line: list[Any] = [None] * len(pcols)
        line[1] = "合计"
        line[10], line[11], line[12] = (
            yuan(totals.labour),
            yuan(totals.material),
            yuan(totals.total),
        )
        return [line]

    bodies = [
        _stream_sheet(
            wb,
            "有偿服务登记表",
            [f"{report.title}有偿服务登记表", "本月受理的有偿服务工单（不含已取消），金额单位：元"],
            pcols,
            paid_records(),
            tick(0),
            footer=paid_footer,
        ),
        _stream_sheet(
            wb,
            "未完成工单",
            [
                f"截至 {report.open_cutoff:{TIME}} 未完成的工单",
                "受理于截止时间之前、截至该时间既未完成也未取消的工单（含以前月份），已过天数按截止时间计算",
            ],
            open_columns(mask_phones),
            _numbered(rows.open),
            tick(rows.paid_count),
        ),
        _stream_sheet(
            wb,
            "跟进记录",
            [
                f"{report.title}跟进记录",
                "本月受理工单的跟进记录（到场确认电话、催办、上报、约定回电、投诉联系、整改方案…）",
            ],
            follow_up_columns(),
            rows.follow_ups,
            None,
        ),
        _stream_sheet(
            wb,
            "明细",
            [],
            detail_columns(mask_phones),
            rows.detail,
            tick(rows.paid_count + rows.open_count),
        ),
    ]
    _finish(wb, bodies, out)


def _finish(wb: Workbook, bodies: Sequence[Body], out: IO[bytes]) -> None:
    package = io.BytesIO()
    wb.save(package)
    package.seek(0)
    inject(package, out, bodies)


def write_orders_workbook(
    rows: Iterable[Any],
    out: IO[bytes],
    *,
    description: str,
    exported_at: datetime,
    count: int,
    mask_phones: bool = False,
    progress: Progress | None = None,
) -> None:
    """A register view as a workbook: sheet 工单 with the 明细 columns (importable), and
    sheet 说明 naming the filter, the time and the count."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "propdesk"
    body = _stream_sheet(wb, "工单", [], detail_columns(mask_phones), rows, progress)
    ws = new_sheet(wb, "说明", [14, 80], header_row=1, landscape=False)
    header_row(ws, ["项目", "内容"])
    for key, value, kind in (
        ("导出时间", exported_at.strftime(TIME), "text"),
        ("筛选条件", description or "全部工单", "longtext"),
        ("工单数", count, "int"),  # a number, so a spreadsheet can count with it
    ):
        styled_row(ws, [key, value], ["text", kind])
    _finish(wb, [body], out)
