"""``propdesk --bundle-check``, run from the built bundle: is everything the program may load
inside it? Prints one line per check and returns 1 if any failed.

- every module of ``propdesk`` found in the source at build time is found again by
  ``pkgutil.walk_packages`` inside the bundle and imports;
- every module named by an ``import`` anywhere in the source (lazy ones included, the list
  written by the spec from ``import_scan.py``) imports;
- the shipped font, Qt's zh_CN translations, the platform and print-support plugins are there
  and load (on Linux with every library they link), and QtPdf renders a ReportLab PDF (the
  slip preview's path).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

#: Written by propdesk.spec beside the bundle's modules.
LISTS_FILE = "bundle-imports.txt"


def bundle_dir() -> Path:
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))


def read_lists() -> dict[str, list[str]]:
    """``{"modules": [...], "imports": [...]}`` from the file the spec wrote."""
    lists: dict[str, list[str]] = {}
    current: list[str] = []
    for line in (bundle_dir() / LISTS_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = lists.setdefault(line[1:-1], [])
        elif line.strip():
            current.append(line.strip())
    return lists


def check_modules(lists: dict[str, list[str]]) -> str:
    import propdesk

    walked = {m.name for m in pkgutil.walk_packages(propdesk.__path__, "propdesk.")}
    walked.add("propdesk")
    missing = sorted(set(lists["modules"]) - walked)
    if missing:
        raise AssertionError(f"not in the bundle: {', '.join(missing)}")
    for name in lists["modules"]:
        importlib.import_module(name)
    return f"{len(lists['modules'])} propdesk modules listed by walk_packages and imported"


def check_imports(lists: dict[str, list[str]]) -> str:
    failed = []
    for name in lists["imports"]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            failed.append(f"{name} ({type(exc).__name__}: {exc})")
    if failed:
        raise AssertionError("cannot import: " + "; ".join(failed))
    return f"{len(lists['imports'])} imported modules (lazy ones included) import"


def check_font() -> str:
    from PySide6.QtGui import QFontDatabase

    from propdesk.resources_path import CJK_FONT_FILE, resource

    path = resource(*CJK_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise AssertionError(f"Qt cannot load {path}")
    return f"font {path.name} loads as {families[0]}"


def check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator()
        if not translator.load(name, folder):
            raise AssertionError(f"{name}.qm not loadable from {folder}")
        loaded.append(name)
    translator = QTranslator()
    translator.load("qtbase_zh_CN", folder)
    cancel = translator.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise AssertionError(f"qtbase_zh_CN translates Cancel as {cancel!r}")
    return f"{', '.join(loaded)} load from {folder} (Cancel → {cancel})"


def check_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    wanted = ["platforms/*offscreen*", "imageformats/*"]
    if sys.platform.startswith("linux"):
        wanted += ["platforms/*xcb*", "printsupport/*cups*"]
    elif sys.platform == "win32":
        wanted += ["platforms/qwindows*"]
    found = []
    for pattern in wanted:
        hits = sorted(folder.glob(pattern))
        if not hits:
            raise AssertionError(f"no Qt plugin {pattern} under {folder}")
        found.append(hits[0].name)
    return f"Qt plugins: {', '.join(found)}"


def check_linked_libraries() -> str:
    """Linux: every library the kept Qt plugins link (xcb, CUPS, input methods) is found,
    in the bundle or in the base system (the bootloader puts the bundle on the search path)."""
    if not sys.platform.startswith("linux"):
        return "not Linux: nothing to check"
    import subprocess

    from PySide6.QtCore import QLibraryInfo

    plugins = sorted(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)).rglob("*.so"))
    missing = []
    for plugin in plugins:
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
        missing += [
            f"{plugin.name}: {line.strip()}" for line in out.splitlines() if "not found" in line
        ]
    if missing:
        raise AssertionError("; ".join(missing))
    return f"{len(plugins)} Qt plugins find every library they link"


def check_pdf() -> str:
    """ReportLab writes a page with Chinese in the shipped font; QtPdf renders it."""
    import io

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from propdesk.resources_path import CJK_FONT_FILE, resource

    pdfmetrics.registerFont(TTFont("BundleCheckCJK", str(resource(*CJK_FONT_FILE))))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(200, 100))
    page.setFont("BundleCheckCJK", 24)
    page.drawString(20, 40, "派工单")
    page.save()
    buffer = QBuffer()
    buffer.setData(QByteArray(out.getvalue()))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() != 1:
        raise AssertionError(f"QtPdf cannot load the page: {document.error()}")
    image = document.render(0, QSize(200, 100))
    samples = [image.pixelColor(x, y) for x in range(0, 200, 2) for y in range(0, 100, 2)]
    dark = sum(c.alpha() > 128 and c.value() < 128 for c in samples)
    if not 0 < dark < len(samples) // 2:
        raise AssertionError(f"QtPdf rendered {dark} of {len(samples)} samples dark")
    QPrinter()  # print support initialises
    return f"QtPdf renders a ReportLab page in the shipped font ({dark} dark samples)"


CHECKS: list[tuple[str, Callable[..., str]]] = [
    ("modules", check_modules),
    ("imports", check_imports),
    ("font", check_font),
    ("translations", check_translations),
    ("plugins", check_plugins),
    ("libraries", check_linked_libraries),
    ("pdf", check_pdf),
]


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    lists = read_lists()
    failures = 0
    for name, check in CHECKS:
        try:
            needs_lists = name in ("modules", "imports")
            text = check(lists) if needs_lists else check()
            print(f"ok   {name}: {text}")
        except Exception:  # noqa: BLE001 - report and go on
            failures += 1
            print(f"FAIL {name}:\n{traceback.format_exc()}")
    print("bundle check: " + ("all passed" if not failures else f"{failures} failed"))
    return 1 if failures else 0
