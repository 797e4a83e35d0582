"""Composition of the desktop program (the GUI's ``app.py``): open the database, build the services, log in, show the
main window. Also renders screenshots offscreen (``propdesk gui --screenshot``)."""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from propdesk.domain.errors import DatabaseDamaged, UserError
from propdesk.domain.permissions import SYSTEM_USERNAME
from propdesk.services import Services
from propdesk.services.workspace import data_dir, open_services

if TYPE_CHECKING:
    from .first_start_dialog import DataPlaces


@dataclass
class GuiOptions:
    db: str | None = None
    username: str | None = None  # screenshots: act as this user (default: system)
    screenshot: Path | None = None
    tab: str | None = None
    size: tuple[int, int] = (1366, 768)
    intake: bool = False
    order_number: str | None = None


def log_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "propdesk-error.log"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n=== {datetime.now():%Y-%m-%d %H:%M:%S} gui\n")
        fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
    return path


def _excepthook(apology: Callable[[Path], None]) -> Callable[..., None]:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from .safety_hook import show_fault

        if show_fault(exc) is not None:  # disk full, database busy or gone: a message, not a bug
            return
        logging.getLogger("propdesk").error("unexpected error", exc_info=(exc_type, exc, tb))
        apology(log_crash(exc_type, exc, tb))

    return hook


def run_gui(options: GuiOptions) -> int:
    """Start the program; returns the exit code."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from .application import create_application, show_apology
    from .desk import Desk, run_desk
    from .safety_hook import acquire_instance_lock, recover_damaged

    app = create_application()
    restored = None
    if options.screenshot is None:
        try:
            instance = acquire_instance_lock()  # held until the process ends  # noqa: F841
        except UserError as exc:
            QMessageBox.warning(None, "程序已在运行", exc.message)
            return 1
    try:
        try:
            services, label = open_services(options.db)
        except DatabaseDamaged as exc:
            if options.screenshot is not None or not exc.path:
                raise
            restored = recover_damaged(Path(exc.path), exc)
            if restored is None:
                return 1
            services, label = open_services(options.db)
    except UserError as exc:
        if options.screenshot is not None:
            raise
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 1

    if options.screenshot is not None:
        return _screenshot(services, label, options)

    previous_hook = sys.excepthook
    sys.excepthook = _excepthook(show_apology)
    try:
        desk = Desk(
            services, label, QSettings(), restored, places=lambda: data_places(services, label)
        )
        return run_desk(app, desk)
    finally:
        sys.excepthook = previous_hook


def data_places(services: Services, label: str) -> DataPlaces:
    """This PC's data folder, database, backups and logs, for the office's first start."""
    from .first_start_dialog import DataPlaces

    backups = services.backups
    return DataPlaces(
        data_dir=data_dir(),
        database=label,
        backups_dir=backups.folder() if backups.available else None,
        logs_dir=data_dir() / "logs",
    )


def _screenshot(services: Services, label: str, options: GuiOptions) -> int:
    from PySide6.QtCore import QSettings

    from .main_window import MainWindow
    from .screenshot import render
    from .session import Session

    name = options.username or SYSTEM_USERNAME
    user = services.auth.system_user() if name == SYSTEM_USERNAME else services.auth.user(name)
    order_id = None
    if options.order_number:
        order_id = services.registers.by_number(options.order_number).id
    with tempfile.TemporaryDirectory() as tmp:
        # fresh per-PC preferences: a screenshot never depends on (or changes) this PC's
        prefs = QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Session(services, user, prefs, label))
        try:
            render(
                window,
                options.screenshot or Path("propdesk.png"),
                size=options.size,
                tab=options.tab,
                intake=options.intake,
                order_id=order_id,
            )
        except KeyError:
            raise UserError(f"没有名为“{options.tab}”的标签页", "--tab") from None
        finally:
            window.close()
    return 0
