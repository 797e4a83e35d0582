"""导出Excel for any register view: the view's filter and sort, written with the 明细
columns (the file can be imported again). Tabs call ``export_orders(session, filter, sort,
parent)``; tests call ``export_orders_to`` with a path."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from propdesk.domain.filters import OrderFilter, Sort
from propdesk.domain.permissions import Perm

from .export_run import ExportRunner, ask_save_path
from .messages import show_message
from .session import Session

if TYPE_CHECKING:  # openpyxl comes with the statistics service: imported on first export
    from propdesk.services.statistics import ExportProgress, ExportResult


def export_orders_to(
    session: Session, f: OrderFilter, sort: Sort, path: Path, parent: QWidget
) -> ExportResult | None:
    """Write the view ``f`` (sorted by ``sort``) to ``path`` with a progress dialog."""
    from propdesk.services.statistics import StatisticsService

    stats = StatisticsService(session.services.ctx)

    def run(target: Path, progress: ExportProgress) -> ExportResult:
        return stats.export_orders(f, session.user, target, sort=sort, progress=progress)

    return ExportRunner(session, parent, "正在导出工单……", run).run(path)


def export_orders(
    session: Session, f: OrderFilter, sort: Sort, parent: QWidget, name: str = "工单"
) -> ExportResult | None:
    """Ask where to save, then export the view. ``name`` starts the suggested file name."""
    if not session.can(Perm.VIEW_ALL_ORDERS):
        show_message(parent, f"“{session.user.role.label}”无权{Perm.VIEW_ALL_ORDERS.label}。")
        return None
    stamp = session.now().strftime("%Y%m%d-%H%M")
    path = ask_save_path(session, parent, "导出工单到Excel", f"{name}-{stamp}.xlsx")
    if path is None:
        return None
    return export_orders_to(session, f, sort, path, parent)
