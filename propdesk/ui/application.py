"""The QApplication: names for QSettings, the shipped CJK font as the application font (the
PC may have no Chinese font at all), and the apology shown for unexpected errors."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from propdesk.resources_path import CJK_FONT_FILE, resource

ORGANIZATION = "propdesk"
APPLICATION = "propdesk"
FONT_POINT_SIZE = 10

_loaded_family: str | None = None


def install_cjk_font(app: QApplication) -> str:
    """Load the shipped font once and make it the application font; returns its family."""
    global _loaded_family
    if _loaded_family is None:
        font_id = QFontDatabase.addApplicationFont(str(resource(*CJK_FONT_FILE)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise RuntimeError(f"cannot load the CJK font {resource(*CJK_FONT_FILE)}")
        _loaded_family = families[0]
    font = QFont(_loaded_family, FONT_POINT_SIZE)
    app.setFont(font)
    return _loaded_family


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused if it already exists), font installed."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("报事报修派工系统")
    install_cjk_font(app)
    return app


def show_apology(log_path: Path) -> None:
    """Tell the clerk something unexpected happened and where the details are."""
    if QApplication.instance() is None:
        return
    QMessageBox.critical(
        None,
        "程序错误",
        f"抱歉，程序出现意外错误。已保存的工单不受影响。\n详细信息已写入日志：\n{log_path}",
    )
