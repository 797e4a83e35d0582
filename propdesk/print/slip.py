"""The dispatch slip (派工单 / 维修服务单): order records in, PDF bytes out.

``render_slip`` prints one order in its copies; ``render_slips`` prints a batch (say, a
day's dispatches) into one PDF, each order starting on a fresh sheet. Plain paper prints one
slip per copy, each with its 联 label in the right margin; continuous multi-part forms print
each order once with a legend naming the plies. Output is deterministic for equal input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from propdesk.domain.enums import PaperMode
from propdesk.domain.records import OrderRecord
from propdesk.domain.settings import OfficeSettings

from .content import SlipContent, build_slip
from .copies import copy_labels, legend
from .overlay_layout import OverlayLayout
from .paper import MM, pages_for, sheet_for

__all__ = ["page_count", "render_slip", "render_slips", "slip_content"]


def slip_content(
    order: OrderRecord,
    settings: OfficeSettings,
    *,
    paper: PaperMode | None = None,
    reprint_date: date | None = None,
    printed_at: datetime | None = None,
    printed_by: str = "",
) -> SlipContent:
    """What the slip of ``order`` says (rows, ticks, texts), without drawing it."""
    sheet = sheet_for(paper or settings.paper_mode)
    return build_slip(
        order,
        settings,
        blank_material_rows=sheet.blank_material_rows,
        reprint_date=reprint_date,
        printed_at=printed_at,
        printed_by=printed_by,
    )


def page_count(paper: PaperMode, copies: int, orders: int = 1) -> int:
    """Pages a print takes (for the print dialog): plain paper per copy, continuous once."""
    return orders * pages_for(paper, copies)


def render_slip(
    order: OrderRecord,
    settings: OfficeSettings,
    *,
    paper: PaperMode | None = None,
    copies: int | None = None,
    reprint_date: date | None = None,
    printed_at: datetime | None = None,
    printed_by: str = "",
    layout: OverlayLayout | None = None,
    background: Path | None = None,
) -> bytes:
    """The slip of one order as PDF bytes.

    ``paper`` and ``copies`` default to the office settings. ``reprint_date`` marks the slip
    补打 with that date; ``printed_at`` / ``printed_by`` go in the footer when given (leave them
    out for byte-identical output). ``ValueError`` for a copy count that leaves out 财务.
    On the 套打 paper ``layout`` places the values (default: the program's own form) and
    ``background`` (a scanned blank form, for a preview) is drawn under them.
    """
    reprints = {order.id: reprint_date} if reprint_date else None
    return render_slips(
        [order],
        settings,
        paper=paper,
        copies=copies,
        reprint_dates=reprints,
        printed_at=printed_at,
        printed_by=printed_by,
        title=f"派工单 {order.number}",
        layout=layout,
        background=background,
    )


def render_slips(
    orders: Sequence[OrderRecord],
    settings: OfficeSettings,
    *,
    paper: PaperMode | None = None,
    copies: int | None = None,
    reprint_date: date | None = None,
    reprint_dates: Mapping[int, date] | None = None,
    printed_at: datetime | None = None,
    printed_by: str = "",
    title: str = "",
    layout: OverlayLayout | None = None,
    background: Path | None = None,
) -> bytes:
    """The slips of several orders in one PDF, in the given order, each on a fresh sheet.

    ``reprint_date`` marks every slip 补打; ``reprint_dates`` (order id → date) marks only
    those orders. ``ValueError`` when ``orders`` is empty. ``layout`` and ``background``
    as for ``render_slip``.
    """
    from .pdf import render_pdf
    from .render import SlipJob, draw_slips

    if not orders:
        raise ValueError("没有可打印的派工单")
    mode = paper or settings.paper_mode
    sheet = sheet_for(mode)
    labels = ("",) if sheet.continuous else copy_labels(settings, copies)
    ply_legend = legend(settings) if sheet.continuous else ""
    jobs = []
    for order in orders:
        when = (reprint_dates or {}).get(order.id, reprint_date)
        content = slip_content(
            order,
            settings,
            paper=mode,
            reprint_date=when,
            printed_at=printed_at,
            printed_by=printed_by,
        )
        jobs.append(SlipJob(content, labels))
    if not title:
        title = f"派工单 {orders[0].number}" + (f" 等 {len(orders)} 张" if len(orders) > 1 else "")
    if mode.is_overlay:
        from .overlay import draw_overlays
        from .overlay_default import default_layout

        form = layout or default_layout(settings)
        contents = [job.content for job in jobs]
        size = (form.width_mm * MM, form.height_mm * MM)
        return render_pdf(size, title, lambda c: draw_overlays(c, contents, form, background))
    return render_pdf(sheet.size, title, lambda canvas: draw_slips(canvas, sheet, jobs, ply_legend))
