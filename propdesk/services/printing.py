"""打印: dispatch slips (one, or a day's batch) with the print log and 补打, and the shift
handover sheet (交接班记录).

A slip is identified by its order and the dispatch it was printed for. The first print of a
slip is the original; every later print of the same slip is a 补打 and carries the date of
the reprint. A re-dispatch (改派, or a new dispatch after 未完成) makes a new slip whose first
print is an original again. Previews render exactly what a print would, without logging.

Everything printed is what the acting user may see (``visibility.Scope``): a 维修工 prints
only the orders dispatched to them, and phones are masked for roles without the right to see
them — on the slip as on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from propdesk.db import followup_stats, orders_repo, print_log
from propdesk.db.connection import default_data_dir, write_transaction
from propdesk.db.print_log import NewPrint, SlipKey
from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import NotFound, PermissionDenied, UserError
from propdesk.domain.filters import OrderFilter, PageRequest, Sort
from propdesk.domain.permissions import Perm
from propdesk.domain.records import OrderRecord, OrderRow, SlipPrintRecord, UserRecord
from propdesk.domain.settings import OfficeSettings
from propdesk.print.copies import copy_labels

from .context import ServiceContext
from .order_ops import authorize
from .registers import RegisterService
from .visibility import Scope

if TYPE_CHECKING:
    from propdesk.print.handover import FollowUpPart
    from propdesk.print.overlay_layout import OverlayLayout

COPIES_FIELD = "联数"
_HANDOVER_PAGE = 500


@dataclass(frozen=True)
class SlipPrintOptions:
    """Paper and copies of a print, resolved against the office settings."""

    paper: PaperMode
    copies: int  # copies printed on plain paper; the plies of a continuous form

    @property
    def continuous(self) -> bool:
        return self.paper.is_continuous

    def pages(self, orders: int = 1) -> int:
        from propdesk.print.slip import page_count

        return page_count(self.paper, self.copies, orders)


@dataclass(frozen=True)
class SlipPdf:
    """Rendered slips: one order's (a single print) or a day's (a batch)."""

    pdf: bytes
    orders: tuple[OrderRecord, ...]
    options: SlipPrintOptions
    at: datetime
    reprints: frozenset[int]  # ids of the orders whose slip is (or would be) a 补打
    logged: bool  # True when the print was logged (a print), False for a preview

    @property
    def order(self) -> OrderRecord:
        return self.orders[0]

    @property
    def reprint(self) -> bool:
        """The (first) order's slip is a 补打."""
        return self.order.id in self.reprints

    @property
    def pages(self) -> int:
        return self.options.pages(len(self.orders))


def slip_key(order: OrderRecord) -> SlipKey:
    """What identifies the slip of ``order`` now: the order and its current dispatch."""
    last = order.last_dispatch
    return (order.id, last.id if last else None)


def _day_title(day: date) -> str:
    return f"{day:%Y-%m-%d} 派工单"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


class PrintService:
    def __init__(self, ctx: ServiceContext, registers: RegisterService) -> None:
        self.ctx = ctx
        self.registers = registers

    # --- options --------------------------------------------------------------------
    def options(
        self,
        paper: PaperMode | None = None,
        copies: int | None = None,
        settings: OfficeSettings | None = None,
    ) -> SlipPrintOptions:
        """Paper and copies of a print (defaults from the settings). Continuous forms print
        once whatever ``copies`` says: their plies are the office's configured copies.
        ``UserError`` naming 联数 for a count that leaves out the finance copy."""
        settings = settings or self.ctx.settings()
        mode = paper or settings.paper_mode
        if mode.is_continuous or copies is None:
            return SlipPrintOptions(mode, settings.copy_count)
        try:
            copy_labels(settings, copies)
        except ValueError as exc:
            raise UserError(str(exc), COPIES_FIELD) from None
        return SlipPrintOptions(mode, copies)

    # --- one slip -------------------------------------------------------------------
    def preview_slip(
        self,
        order_id: int,
        user: UserRecord,
        *,
        paper: PaperMode | None = None,
        copies: int | None = None,
        background: Path | None = None,
    ) -> SlipPdf:
        """The slip as printing it now would come out (补打 when already printed), not logged.
        On the 套打 paper, ``background`` (a scanned blank form) is drawn under the values:
        in this preview only, never in a print."""
        settings, opts, layout = self._prepare(user, paper, copies)
        order = self._order(order_id, user)
        reprints = self._reprints([order])
        now = self.ctx.now()
        return self._render(
            [order],
            opts,
            settings,
            user,
            now,
            reprints,
            False,
            layout=layout,
            background=background,
        )

    def print_slip(
        self,
        order_id: int,
        user: UserRecord,
        *,
        paper: PaperMode | None = None,
        copies: int | None = None,
    ) -> SlipPdf:
        """Print the slip of one order: log the print and return the PDF to send to the
        printer. A second or later print of the same slip (same order and dispatch) is logged
        as 补打 and the slip says so, with today's date. A 套打 layout file that cannot be
        used is refused before anything is logged."""
        settings, opts, layout = self._prepare(user, paper, copies)
        with write_transaction(self.ctx.db):
            order = self._order(order_id, user)
            now = self.ctx.now()
            reprints = self._log([order], opts, user, now)
        return self._render([order], opts, settings, user, now, reprints, True, layout=layout)

    def history(self, order_id: int) -> list[SlipPrintRecord]:
        """Every logged print of the order's slips, oldest first."""
        return print_log.prints_of(order_id)

    # --- a day's slips --------------------------------------------------------------
    def day_order_ids(self, day: date) -> list[int]:
        """Orders whose current slip was dispatched on ``day`` (cancelled ones left out), in
        dispatch time order. An order re-dispatched later belongs to the later day."""
        start, end = day_bounds(day)
        return [order_id for order_id, _ in print_log.current_dispatches_between(start, end)]

    def preview_day(
        self,
        day: date,
        user: UserRecord,
        *,
        paper: PaperMode | None = None,
        copies: int | None = None,
    ) -> SlipPdf:
        """All slips dispatched on ``day`` in one PDF, as printing them now would, not logged."""
        settings, opts, layout = self._prepare(user, paper, copies)
        orders = self._day_orders(day, user)
        reprints = self._reprints(orders)
        now = self.ctx.now()
        title = _day_title(day)
        return self._render(orders, opts, settings, user, now, reprints, False, title, layout)

    def print_day(
        self,
        day: date,
        user: UserRecord,
        *,
        paper: PaperMode | None = None,
        copies: int | None = None,
    ) -> SlipPdf:
        """Print all slips dispatched on ``day`` in one PDF (those the user may see); each is
        logged (补打 for those printed before). ``UserError`` naming 日期 when none was
        dispatched that day."""
        settings, opts, layout = self._prepare(user, paper, copies)
        with write_transaction(self.ctx.db):
            orders = self._day_orders(day, user)
            now = self.ctx.now()
            reprints = self._log(orders, opts, user, now)
        title = _day_title(day)
        return self._render(orders, opts, settings, user, now, reprints, True, title, layout)

    # --- shift handover -------------------------------------------------------------
    def handover_rows(self, user: UserRecord) -> list[OrderRow]:
        """The open orders the next shift inherits that ``user`` may see, most urgent deadline
        first (a query per 500 orders, none per order)."""
        authorize(user, Perm.PRINT)
        scope = Scope.of(user)
        if scope.sees_nothing:
            return []
        rows: list[OrderRow] = []
        f = scope.order_filter(OrderFilter(open_only=True))
        sort = Sort("due_at", descending=False)
        after = None
        while True:
            page, after = self.registers.page(f, sort, PageRequest(_HANDOVER_PAGE, after))
            rows.extend(scope.mask(r) for r in page)
            if after is None:
                break
        return rows

    def handover(self, user: UserRecord, *, shift: str = "", notes: str = "") -> bytes:
        """The 交接班记录 as PDF bytes: open orders, overdue, slips out, visits due, and the
        交接班回访跟进记录 (待跟进 and today's follow-up notes)."""
        from propdesk.print.handover import render_handover  # ReportLab: on first print

        rows = self.handover_rows(user)
        now = self.ctx.now()
        return render_handover(
            rows,
            self.ctx.settings(),
            day=now.date(),
            now=now,
            printed_by=user.display_name,
            shift=shift.strip(),
            notes=notes.strip(),
            follow_up=self._follow_up_part(user, now),
        )

    def _follow_up_part(self, user: UserRecord, now: datetime) -> FollowUpPart:
        """交接班回访跟进记录: the reminders the next shift inherits (due and coming, for the
        printing user's role) and the notes written today."""
        from propdesk.print.handover import FollowUpPart

        from .followups import FollowUpService

        pending = FollowUpService(self.ctx).reminders(now, user=user, upcoming=True)
        day_start = datetime.combine(now.date(), time.min)
        notes = followup_stats.lines_between(day_start, now + timedelta(seconds=1))
        visible = Scope.of(user).visible_ids([line.note.order_id for line in notes])
        mine = tuple(line for line in notes if line.note.order_id in visible)
        return FollowUpPart(now, tuple(pending), mine)

    # --- printer calibration --------------------------------------------------------
    def calibration_page(self, paper: PaperMode, printer: str, note: str = "") -> bytes:
        """The calibration page (rulers, cross-hairs at known positions) for ``paper``."""
        from propdesk.print.calibration_page import render_calibration_page

        return render_calibration_page(paper, printer, note)

    # --- 套打 layout -----------------------------------------------------------------
    def layout_path(self) -> Path:
        """The 套打 layout file in this PC's data folder."""
        from propdesk.print.overlay_layout import LAYOUT_FILE

        return default_data_dir() / LAYOUT_FILE

    def write_default_layout(self, *, replace: bool = False) -> Path:
        """Write the default 套打 layout (the program's own form, with the office's settings)
        to the data folder; an existing file is kept unless ``replace``. ``UserError`` when
        the folder cannot be written."""
        from propdesk.print.overlay_default import NOTE, default_layout
        from propdesk.print.overlay_layout import dump_layout

        path = self.layout_path()
        if path.exists() and not replace:
            return path
        text = dump_layout(default_layout(self.ctx.settings()), NOTE)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(
                f"无法写入套打布局文件 {path}：{exc.strerror or exc}", "套打布局"
            ) from None
        return path

    def overlay_layout(self) -> OverlayLayout:
        """The 套打 layout from the data folder (the default is written there on first use);
        ``LayoutError`` naming the file, line and field when it cannot be used."""
        from propdesk.print.overlay_layout import parse_layout

        path = self.write_default_layout()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"无法读取套打布局文件 {path}：{exc}", "套打布局") from None
        return parse_layout(text, str(path))

    def blank_form(self) -> bytes:
        """The program's own form printed blank, which the default 套打 layout fills in."""
        from propdesk.print.overlay_default import render_blank_form

        return render_blank_form(self.ctx.settings())

    def _layout(self, opts: SlipPrintOptions) -> OverlayLayout | None:
        return self.overlay_layout() if opts.paper.is_overlay else None

    def _prepare(
        self, user: UserRecord, paper: PaperMode | None, copies: int | None
    ) -> tuple[OfficeSettings, SlipPrintOptions, OverlayLayout | None]:
        """What every slip print or preview starts with: the user may print; the settings,
        the print's options and the 套打 layout (refused before anything is logged)."""
        authorize(user, Perm.PRINT)
        settings = self.ctx.settings()
        opts = self.options(paper, copies, settings)
        return settings, opts, self._layout(opts)

    # --- internals ------------------------------------------------------------------
    def _order(self, order_id: int, user: UserRecord) -> OrderRecord:
        order = orders_repo.load_order(order_id)
        if order is None:
            raise NotFound(f"工单不存在（id={order_id}）")
        visible = Scope.of(user).keep([order])
        if not visible:
            raise PermissionDenied(f"“{user.role.label}”只能打印派给自己的工单")
        return visible[0]

    def _day_orders(self, day: date, user: UserRecord) -> list[OrderRecord]:
        orders = Scope.of(user).keep(orders_repo.load_orders(self.day_order_ids(day)))
        if not orders:
            raise UserError(f"{day:%Y-%m-%d} 没有派工的工单", "日期")
        return orders

    def _reprints(self, orders: Sequence[OrderRecord]) -> frozenset[int]:
        printed = print_log.printed_slips(o.id for o in orders)
        return frozenset(o.id for o in orders if slip_key(o) in printed)

    def _log(
        self,
        orders: Sequence[OrderRecord],
        opts: SlipPrintOptions,
        user: UserRecord,
        now: datetime,
    ) -> frozenset[int]:
        reprints = self._reprints(orders)
        print_log.insert_prints(
            [
                NewPrint(
                    order_id=o.id,
                    dispatch_id=slip_key(o)[1],
                    printed_at=now,
                    user_id=user.id,
                    paper=opts.paper.value,
                    copies=opts.copies,
                    reprint=o.id in reprints,
                )
                for o in orders
            ]
        )
        return reprints

    def _render(
        self,
        orders: Sequence[OrderRecord],
        opts: SlipPrintOptions,
        settings: OfficeSettings,
        user: UserRecord,
        now: datetime,
        reprints: frozenset[int],
        logged: bool,
        title: str = "",
        layout: OverlayLayout | None = None,
        background: Path | None = None,
    ) -> SlipPdf:
        from propdesk.print import slip  # ReportLab and the slip layout: on first print

        copies = None if opts.continuous else opts.copies
        dates = {order_id: now.date() for order_id in reprints}
        if len(orders) == 1:
            pdf = slip.render_slip(
                orders[0],
                settings,
                paper=opts.paper,
                copies=copies,
                reprint_date=dates.get(orders[0].id),
                printed_at=now,
                printed_by=user.display_name,
                layout=layout,
                background=background if layout is not None else None,
            )
        else:
            pdf = slip.render_slips(
                orders,
                settings,
                paper=opts.paper,
                copies=copies,
                reprint_dates=dates,
                printed_at=now,
                printed_by=user.display_name,
                title=title,
                layout=layout,
            )
        return SlipPdf(pdf, tuple(orders), opts, now, reprints, logged)
