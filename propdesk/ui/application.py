"""The QApplication: names for QSettings, the shipped CJK font as the application font (the
PC may have no Chinese font at all), and the apology shown for unexpected errors."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
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


#: Qt strings the shipped qtbase_zh_CN catalogue lacks (it has "Look in:" without the
#: accelerator that Qt 6's file dialog now uses).
QT_GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class QtGapsTranslator(QTranslator):
    """The few Qt strings of ``QT_GAPS``."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return QT_GAPS.get((context, source), "")

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False


def install_translations(app: QApplication) -> bool:
    """Qt's own strings (file dialogs, message-box buttons, context menus) in Chinese: the
    qtbase zh_CN catalogue that ships in PySide6's wheel. ``False`` if it cannot be loaded."""
    if app.property("propdeskTranslator") is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder
    ):
        return False
    gaps = QtGapsTranslator(app)
    app.installTranslator(gaps)
    app.installTranslator(translator)
    app.setProperty("propdeskTranslator", translator)  # kept alive with the application
    app.setProperty("propdeskGaps", gaps)
    return True


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused if it already exists), font installed."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("报事报修派工系统")
    install_cjk_font(app)
    install_translations(app)
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
