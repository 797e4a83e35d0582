"""``propdesk slip`` / ``slips`` / ``handover``: dispatch slips and the shift handover sheet
as PDF files, or slips straight to a system printer (--printer). Each slip written or printed
is logged as a print by the acting user (--user); a second print of the same slip comes out
marked 补打."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError
from propdesk.services.printing import SlipPdf

from .common import acting_user, add_parser, open_services

PAPER_HELP = (
    "纸张：a4x2（A4一张两联，默认取系统设置）、a4、a5、241x140、241x279（连续多联纸）、"
    "overlay（套打：只打印内容到预印的派工单上，位置见套打布局文件）"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(
        sub, "slip", "打印一张派工单到 PDF 文件或打印机（记入打印记录，重复打印标注补打）"
    )
    p.add_argument("number", metavar="NUMBER", help="工单编号")
    _destination(p)
    _paper(p)
    p.set_defaults(func=cmd_slip)

    p = add_parser(sub, "slips", "把某一天派工的全部派工单打印到一个 PDF 文件或打印机")
    p.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="派工日期")
    _destination(p)
    _paper(p)
    p.set_defaults(func=cmd_slips)

    p = add_parser(sub, "slip-layout", "套打布局文件：显示位置并检查；写出默认布局；打印空白派工单")
    p.add_argument(
        "--write-default",
        action="store_true",
        help="写出默认布局（与本程序 241×140 派工单的格子一致），覆盖现有文件",
    )
    p.add_argument(
        "--blank-form", type=Path, metavar="FILE.pdf", help="把本程序的空白派工单写到 PDF 文件"
    )
    p.set_defaults(func=cmd_slip_layout)

    p = add_parser(sub, "handover", "打印交接班记录（未完成、超时、派工单在外、待回访）")
    _output(p)
    p.add_argument("--shift", default="", help="班次，如 白班")
    p.add_argument("--notes", default="", help="交接事项（不填则留空手写）")
    p.set_defaults(func=cmd_handover)


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.pdf", help="输出的 PDF 文件"
    )


def _destination(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="输出的 PDF 文件")
    where.add_argument(
        "--printer",
        metavar="NAME",
        help="直接送到这台系统打印机（与界面“打印”相同：本机校准、打印记录）",
    )


def _paper(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", choices=[m.value for m in PaperMode], help=PAPER_HELP)
    p.add_argument(
        "--copies",
        type=int,
        choices=(3, 4),
        help="联数：4（存档/客户/财务/工程部）或 3（存档/客户/财务），默认取系统设置",
    )


def _date(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 2026-11-20") from None


def _check_output(path: Path) -> Path:
    """Refuse an output the PDF could not be written to, before anything is logged."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"输出文件应以 .pdf 结尾：{path}", "-o")
    if path.is_dir():
        raise UserError(f"输出文件是一个文件夹：{path}", "-o")
    if not path.parent.is_dir():
        raise UserError(f"输出文件夹不存在：{path.parent}", "-o")
    return path


def _options(args: argparse.Namespace) -> tuple[PaperMode | None, int | None]:
    paper = PaperMode(args.paper) if args.paper else None
    if paper is not None and paper.is_continuous and args.copies is not None:
        print("提示：连续多联纸只打印一次，联数由纸张层数决定，已忽略 --copies", file=sys.stderr)
    return paper, args.copies


def _report(where: str, printed: SlipPdf) -> None:
    opts = printed.options
    paper = opts.paper.label
    copies = f"{opts.copies} 联"
    reprints = len(printed.reprints)
    note = ""
    if len(printed.orders) == 1:
        note = "（补打）" if printed.reprint else ""
        what = f"派工单 {printed.order.number}"
    else:
        what = f"派工单 {len(printed.orders)} 张"
        note = f"（其中补打 {reprints} 张）" if reprints else ""
    print(f"{where}：{what}{note}，{paper}，{copies}，共 {printed.pages} 页")


def _deliver(
    printer: str | None,
    path: Path | None,
    preview: Callable[[], SlipPdf],
    output: Callable[[], SlipPdf],
) -> int:
    """Send the slips to ``printer`` (``output``, the logged print, after ``preview`` was
    checked against the paper), else write their PDF to ``path``; then say what was done."""
    if printer:
        from .direct_print import print_slips

        printed, line = print_slips(printer, preview, output)
        _report(printer, printed)
        print(line)
        return 0
    assert path is not None
    printed = output()
    path.write_bytes(printed.pdf)
    _report(str(path), printed)
    return 0


def cmd_slip(args: argparse.Namespace) -> int:
    path = _check_output(args.output) if args.output else None
    svc = open_services(args)
    user = acting_user(svc, args)
    order = svc.registers.by_number(args.number)
    paper, copies = _options(args)
    return _deliver(
        args.printer,
        path,
        lambda: svc.printing.preview_slip(order.id, user, paper=paper, copies=copies),
        lambda: svc.printing.print_slip(order.id, user, paper=paper, copies=copies),
    )


def cmd_slips(args: argparse.Namespace) -> int:
    path = _check_output(args.output) if args.output else None
    svc = open_services(args)
    user = acting_user(svc, args)
    paper, copies = _options(args)
    return _deliver(
        args.printer,
        path,
        lambda: svc.printing.preview_day(args.date, user, paper=paper, copies=copies),
        lambda: svc.printing.print_day(args.date, user, paper=paper, copies=copies),
    )


def cmd_handover(args: argparse.Namespace) -> int:
    path = _check_output(args.output)
    svc = open_services(args)
    user = acting_user(svc, args)
    path.write_bytes(svc.printing.handover(user, shift=args.shift, notes=args.notes))
    print(f"{path}：交接班记录")
    return 0


def cmd_slip_layout(args: argparse.Namespace) -> int:
    blank = _check_output(args.blank_form) if args.blank_form else None
    svc = open_services(args)
    printing = svc.printing
    if args.write_default:
        print(f"已写出默认套打布局：{printing.write_default_layout(replace=True)}")
    layout = printing.overlay_layout()
    print(f"套打布局文件：{printing.layout_path()}")
    print(
        f"检查通过：纸张 {layout.width_mm:g}×{layout.height_mm:g} 毫米，{len(layout.fields)} 个字段"
    )
    if blank is not None:
        blank.write_bytes(printing.blank_form())
        print(f"{blank}：空白派工单（241×140）")
    return 0
