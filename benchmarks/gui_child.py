"""Run in a fresh process by the benchmark (offscreen): start the program's main window on a
database, or the bare-Qt baseline, and print what was measured as one JSON line.

``app DB``  — propdesk's main window (services, today board) as the program builds it, minus
              the login dialog; then the register tab on all orders (scrolled to the bottom
              ``SCROLLS`` times, past the pages the register model may hold),
              peak RSS, order windows opened one after another, and the minute tick.
``command DB`` — ``propdesk --db DB gui``, the real command in this process, to its first
              painted window (the log-in), which is then cancelled (the program ends).
``bare DB`` — a bare QMainWindow with six QTableView tabs; then the same peak RSS reading and,
              as the order window's baseline, a dialog of labels and one table filled from
              raw sqlite3 queries.

Times are wall-clock (``time.time()``) so the parent can measure from before it spawned us.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.rss import peak_rss_mb  # noqa: E402

ORDER_WINDOWS = 5
#: Modules that must not be loaded before the first paint (only when first needed).
HEAVY_MODULES = (
    "reportlab",
    "openpyxl",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)
SCROLLS = 12  # 13 pages reached: more than the register model's MAX_PAGES
TICKS = 5


class PaintWatch(QObject):
    """Notes when ``widget`` first receives a paint event."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def wait_painted(app: QApplication, widget: QWidget, timeout_s: float = 30.0) -> float:
    """Process events until ``widget`` has painted; returns the wall time just after the
    event pass that painted it."""
    watch = PaintWatch(widget)
    deadline = time.time() + timeout_s
    while not watch.painted:
        if time.time() > deadline:
            raise TimeoutError("no paint event")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return time.time()


def run_app(db: str) -> dict[str, object]:
    import tempfile
    from datetime import datetime
    from pathlib import Path

    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from propdesk.ui.app import open_services
    from propdesk.ui.application import create_application
    from propdesk.ui.main_window import MainWindow
    from propdesk.ui.session import Session

    now = datetime.fromisoformat(os.environ["BENCH_NOW"])
    app = create_application()
    services, label = open_services(db, clock=lambda: now)
    tmp = tempfile.mkdtemp()
    prefs = QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(services, services.auth.system_user(), prefs, label))
    today = window.pages["今日工作台"]
    first_view = today.views["to_dispatch"]  # type: ignore[attr-defined]
    window.show()
    painted = wait_painted(app, first_view.viewport())
    heavy = sorted(m for m in HEAVY_MODULES if m in sys.modules)

    register = window.pages["报事报修"]
    # the idle time after the first paint (a clerk's first click comes later than 0.5 s); an
    # event loop, not processEvents() in a loop: PySide6 drops a reference to None on each
    # call, and a few hundred thousand calls abort the interpreter
    idle = QEventLoop()
    QTimer.singleShot(500, idle.quit)
    idle.exec()
    t0, cpu0 = time.perf_counter(), time.thread_time()
    window.show_tab("报事报修")
    wait_painted(app, register.view.viewport())  # type: ignore[attr-defined]
    register_ms = (time.perf_counter() - t0) * 1000
    register_cpu_ms = (time.thread_time() - cpu0) * 1000
    bar = register.view.verticalScrollBar()  # type: ignore[attr-defined]
    for _ in range(SCROLLS):
        bar.setValue(bar.maximum())
        app.processEvents()
    bar.setValue(0)  # and back to the top: its page was dropped and is read again
    app.processEvents()
    model = register.model  # type: ignore[attr-defined]
    rows_reached = model.rowCount()
    rows_held = model.peak_held  # most rows the model held at once
    rows_bound = model.bound
    rss = peak_rss_mb()

    order_ms = []
    ids = [int(i) for i in os.environ["BENCH_ORDER_IDS"].split(",")][:ORDER_WINDOWS]
    for oid in ids:
        t0 = time.perf_counter()
        w = window.open_order(oid)
        wait_painted(app, w)
        order_ms.append((time.perf_counter() - t0) * 1000)
        w.close()
        app.processEvents()
    # the minute timer's slot as the window runs it (overdue checks, 待跟进 reminders, the
    # boards recoloured), on the today board, to the next paint
    window.show_tab("今日工作台")
    app.processEvents()
    tick_ms = []
    for _ in range(TICKS):
        t0 = time.perf_counter()
        window.watcher.check()
        app.processEvents()
        tick_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "painted": painted,
        "heavy": heavy,
        "register_ms": register_ms,
        "register_cpu_ms": register_cpu_ms,
        "tick_ms": tick_ms,
        "rss_mb": rss,
        "rows_held": rows_held,
        "rows_reached": rows_reached,
        "rows_bound": rows_bound,
        "scrolls": SCROLLS,
        "order_ms": order_ms,
    }


def run_bare(db: str) -> dict[str, object]:
    import sqlite3

    from PySide6.QtWidgets import (
        QDialog,
        QFormLayout,
        QLabel,
        QMainWindow,
        QTableView,
        QTableWidget,
        QTableWidgetItem,
        QTabWidget,
        QVBoxLayout,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for i in range(6):
        tabs.addTab(QTableView(tabs), f"tab {i}")
    window.setCentralWidget(tabs)
    window.resize(1366, 768)
    window.show()
    first = tabs.widget(0)
    assert isinstance(first, QTableView)
    painted = wait_painted(app, first.viewport())
    rss = peak_rss_mb()

    con = sqlite3.connect(db)
    order_ms = []
    ids = [int(i) for i in os.environ["BENCH_ORDER_IDS"].split(",")][:ORDER_WINDOWS]
    for oid in ids:
        t0 = time.perf_counter()
        cur = con.execute("SELECT * FROM work_order WHERE id = ?", (oid,))
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        events = con.execute(
            "SELECT at, action, from_status, to_status, note FROM order_event "
            "WHERE order_id = ? ORDER BY at, id",
            (oid,),
        ).fetchall()
        dialog = QDialog(window)
        layout = QVBoxLayout(dialog)
        form = QFormLayout()
        for name, value in zip(names, row, strict=True):
            form.addRow(name, QLabel("" if value is None else str(value)))
        layout.addLayout(form)
        table = QTableWidget(len(events), 5, dialog)
        for r, event in enumerate(events):
            for c, value in enumerate(event):
                table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        layout.addWidget(table)
        dialog.show()
        wait_painted(app, dialog)
        order_ms.append((time.perf_counter() - t0) * 1000)
        dialog.close()
        app.processEvents()
    return {"painted": painted, "rss_mb": rss, "order_ms": order_ms}


def run_command(db: str) -> dict[str, object]:
    """The command a clerk runs: first paint of its log-in window. The only addition is a
    paint watch on the log-in dialog (installed by wrapping its constructor)."""
    import propdesk.ui.login_dialog as login_dialog

    seen: dict[str, object] = {}

    class LoginPainted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and "painted" not in seen:
                seen["painted"] = time.time()
                seen["heavy"] = sorted(m for m in HEAVY_MODULES if m in sys.modules)
                obj.reject()  # type: ignore[attr-defined]
            return False

    watch = LoginPainted()
    init = login_dialog.LoginDialog.__init__

    def watched(self: QWidget, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        self.installEventFilter(watch)

    login_dialog.LoginDialog.__init__ = watched  # type: ignore[method-assign]
    from propdesk.cli.main import main

    code = main(["--db", db, "gui"])
    return {**seen, "code": code}


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    runners = {"app": run_app, "bare": run_bare, "command": run_command}
    result = runners[mode](path)
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip Qt teardown: not part of any measurement
