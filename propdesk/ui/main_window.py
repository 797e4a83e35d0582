"""The main window only composes: tabs, the overdue notice strip, the status bar, shortcuts,
and the windows the session asks for (order window, intake form, dispatch dialog).

Start-up stays lean: only the tab shown first builds its content and queries the database;
the others (``LazyTabPage``) build theirs when first shown or looked up in ``pages``, so the
统计报表 tab's QtCharts and openpyxl load then. The order window, intake form and dispatch
dialog modules are imported when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, OrderResult, OrderRow
from propdesk.domain.reminders import Reminder, ReminderKind

from .messages import show_error, show_message
from .notice_bar import NoticeBar, notice_text, reminder_text
from .overdue_watch import OverdueWatcher
from .print_hook import add_print_menu, install_printing
from .reminder_watch import ReminderWatcher
from .safety_menu import add_safety_menu
from .screen_fit import resize_to_fit
from .session import Session
from .tabs.base import LazyTabPage, TabPage
from .tabs.base_data_tab import BaseDataTab
from .tabs.dispatch_tab import DispatchTab
from .tabs.fee_tab import FeeTab
from .tabs.register_tab import RegisterTab
from .tabs.stats_tab import StatsTab
from .tabs.today_tab import TodayTab
from .tabs.visit_tab import VisitTab

if TYPE_CHECKING:
    from .dialogs.action_base import ActionDialog
    from .dialogs.dispatch_dialog import DispatchDialog
    from .dialogs.intake_form import IntakeForm
    from .dialogs.order_window import OrderWindow


class TabPages(dict[str, TabPage]):
    """The window's tabs by title. Looking one up (``pages[title]``) builds it if it was
    deferred, so callers always get a complete tab; iterating does not build."""

    def __getitem__(self, title: str) -> TabPage:
        page = super().__getitem__(title)
        page.ensure_built()
        return page


TAB_CLASSES: tuple[type[TabPage], ...] = (
    TodayTab,
    RegisterTab,
    DispatchTab,
    VisitTab,
    FeeTab,
    StatsTab,
    BaseDataTab,
)


#: After the window is shown, the register is built and read while hidden once this much time
#: has passed (after the first paint; a clerk's first click comes later)
PREPARE_AFTER_MS = 300


class MainWindow(QMainWindow):
    #: The window closed: ``True`` for 注销 / 切换用户 (back to the log-in), ``False`` for 退出.
    closed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.logging_out = False
        install_printing(session)  # before the tabs: they show print buttons only if installed
        self.setObjectName("mainWindow")
        self.order_windows: dict[int, OrderWindow] = {}
        self.intake: IntakeForm | None = None
        self.dispatch_dialog: DispatchDialog | None = None

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        self.notices = NoticeBar(session, central)
        layout.addWidget(self.notices)
        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("mainTabs")
        self.pages = TabPages()
        for cls in TAB_CLASSES:
            # built when first shown (the remembered one by _restore below)
            page = (
                cls(session, self.tabs, lazy=True)
                if issubclass(cls, LazyTabPage)
                else cls(session, self.tabs)
            )
            self.tabs.addTab(page, cls.title)
            self.pages[cls.title] = page
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_actions()
        self.watcher = OverdueWatcher(session, self)
        self.watcher.count_changed.connect(self._show_overdue_count)
        self.watcher.announced.connect(self._announce)
        self.reminder_watcher = ReminderWatcher(session, self)
        self.reminder_watcher.announced.connect(self._announce_reminders)
        QTimer.singleShot(0, self, self.reminder_watcher.check)  # after the first paint
        self.tray: QSystemTrayIcon | None = None
        # the tray icon (QStyle's icons) once the window is up: not part of the first paint
        QTimer.singleShot(0, self, self._make_tray)
        self._prepared = False

        session.open_order_requested.connect(self.open_order)
        session.new_order_requested.connect(self.open_intake)
        session.dispatch_requested.connect(self.open_dispatch)
        session.follow_up_requested.connect(self.open_follow_up)
        session.changed.connect(self._on_changes)
        self._show_title()
        self._restore()
        self.tabs.currentChanged.connect(self._remember_tab)
        self.watcher.start()
        # Lay the window out now: layout requests still queued when it is shown (the status
        # bar's, for one) are handled after its first paint, and it is laid out and painted again.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    # --- building ---------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        user = self.session.user
        self.user_label = QLabel(f"当前用户：{user.display_name}（{user.role.label}）", self)
        self.db_label = QLabel(f"数据库：{self.session.db_label}", self)
        self.db_label.setToolTip(self.session.db_label)
        self.overdue_button = QPushButton(self)
        self.overdue_button.setObjectName("overdueCount")
        self.overdue_button.setFlat(True)
        self.overdue_button.clicked.connect(lambda: self.show_tab(TodayTab.title))
        bar.addWidget(self.user_label)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.overdue_button)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("工单(&O)")
        new = QAction("新建工单(&N)", self)
        new.setShortcut(QKeySequence("Ctrl+N"))
        new.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        new.triggered.connect(self.open_intake)
        refresh = QAction("刷新(&R)", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.refresh_all)
        find = QAction("查找工单(&F)", self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self.focus_search)
        self.log_out_action = QAction("注销 / 切换用户(&L)", self)
        self.log_out_action.triggered.connect(lambda: self.close_as(logging_out=True))
        quit_action = QAction("退出(&X)", self)
        quit_action.triggered.connect(lambda: self.close_as(logging_out=False))
        self.quit_action = quit_action
        for action in (new, find, refresh):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.log_out_action)
        menu.addAction(quit_action)
        self.new_order_action = new
        add_print_menu(self.menuBar(), self.session, self)
        add_safety_menu(self.menuBar(), self.session, self)
        view = self.menuBar().addMenu("标签页(&T)")
        for i, cls in enumerate(TAB_CLASSES):
            action = QAction(cls.title, self)
            action.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            action.triggered.connect(lambda _=False, t=cls.title: self.show_tab(t))
            view.addAction(action)

    def _make_tray(self) -> QSystemTrayIcon | None:
        if self.tray is not None or not QSystemTrayIcon.isSystemTrayAvailable():
            return self.tray
        from PySide6.QtWidgets import QStyle  # (its enums cost ~10 ms to set up: only if needed)

        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip("报事报修派工系统")
        tray.activated.connect(lambda _reason: self.showNormal())
        tray.show()
        self.tray = tray
        return tray

    # --- title, status, settings ------------------------------------------------------
    def _show_title(self) -> None:
        s = self.session.settings()
        project = f"（{s.project_name}）" if s.project_name else ""
        self.setWindowTitle(f"{s.office_name}{project} — 报事报修派工系统")

    def _show_overdue_count(self, count: int) -> None:
        self.overdue_button.setText(f"超时工单：{count}")
        colour = "#c00000" if count else "#2e7d32"
        self.overdue_button.setStyleSheet(f"color: {colour}; font-weight: bold; border: none;")

    def _on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self._show_title()

    def _announce(self, rows: list[OrderRow]) -> None:
        self.notices.add(rows)
        if self.tray is not None and (self.isMinimized() or not self.isVisible()):
            now = self.session.now()
            text = "\n".join(notice_text(r, now) for r in rows[:5])
            self.tray.showMessage("工单超时", text, QSystemTrayIcon.MessageIcon.Warning)

    def _announce_reminders(self, reminders: list[Reminder]) -> None:
        self.notices.add_reminders(reminders)
        if self.tray is not None and (self.isMinimized() or not self.isVisible()):
            text = "\n".join(reminder_text(r) for r in reminders[:5])
            self.tray.showMessage("待跟进", text, QSystemTrayIcon.MessageIcon.Information)

    # --- tabs -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._prepared:  # the register, the tab a clerk opens most: see TabPage.prepare
            self._prepared = True
            register = self.pages.get(RegisterTab.title)  # (get: not built yet)
            assert register is not None
            QTimer.singleShot(PREPARE_AFTER_MS, self, register.prepare)

    def show_tab(self, title: str) -> TabPage:
        page = self.pages[title]  # built if it was deferred
        self.tabs.setCurrentWidget(page)
        return page

    def refresh_all(self) -> None:
        for page in self.pages.values():
            page.refresh()
        self.watcher.update_count()

    def focus_search(self) -> None:
        register = self.show_tab(RegisterTab.title)
        assert isinstance(register, RegisterTab)
        register.filters.search.setFocus()
        register.filters.search.selectAll()

    # --- windows asked for by the session ---------------------------------------------
    def open_order(self, order_id: int) -> OrderWindow:
        window = self.order_windows.get(order_id)
        if window is None:
            from .dialogs.order_window import OrderWindow

            window = OrderWindow(self.session, order_id, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _=None, oid=order_id: self.order_windows.pop(oid, None))
            self.order_windows[order_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_follow_up(self, order_id: int, kind: str = "") -> ActionDialog | None:
        """The order's window with the dialog that answers a 待跟进 reminder of ``kind``
        open (派工, 回访, 审价 or 记跟进), or the note dialog when no kind is given."""
        window = self.open_order(order_id)
        return window.answer(ReminderKind(kind)) if kind else window.open_action("note")

    def open_intake(self) -> IntakeForm | None:
        if not self.session.can(Perm.REGISTER):
            show_message(self, f"“{self.session.user.role.label}”无权{Perm.REGISTER.label}。")
            return None
        if self.intake is None:
            from .dialogs.intake_form import IntakeForm

            self.intake = IntakeForm(self.session, self)
        self.intake.show()
        self.intake.raise_()
        self.intake.activateWindow()
        return self.intake

    def open_dispatch(self, order_id: int) -> DispatchDialog | None:
        from .dialogs.dispatch_dialog import DispatchDialog

        try:
            order = self.session.services.registers.order(order_id)
        except UserError as exc:
            show_error(self, exc)
            return None
        parent: QWidget = (
            self.intake if self.intake is not None and self.intake.isVisible() else self
        )
        dialog = DispatchDialog(self.session, order, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(self._dispatched)
        self.dispatch_dialog = dialog
        dialog.open()
        return dialog

    def _dispatched(self, result: OrderResult) -> None:
        if self.session.can_print():
            self.session.print_slip(result.order.id, self)

    # --- remembering ------------------------------------------------------------------
    def _restore(self) -> None:
        prefs = self.session.prefs
        geometry = prefs.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            resize_to_fit(self, 1366, 768, cap=False)  # the screen's work area at most
        title = prefs.value(self._tab_key())
        if isinstance(title, str) and title in self.pages:
            self.show_tab(title)

    def _tab_key(self) -> str:
        """The last tab is remembered per user: a shift change does not inherit it."""
        return f"window/tab/{self.session.user.username}"

    def _remember_tab(self, index: int) -> None:
        self.session.prefs.setValue(self._tab_key(), self.tabs.tabText(index))

    def close_as(self, *, logging_out: bool) -> bool:
        """注销 (back to the log-in) or 退出; ``False`` while a question stops it."""
        self.logging_out = logging_out
        return self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.intake is not None and self.intake.has_input():
            # a call half taken: ask before it is lost (放弃 closes the window after all)
            event.ignore()
            self.intake.show()
            self.intake.raise_()
            box = self.intake.ask_discard(self.close)
            box.rejected.connect(lambda: setattr(self, "logging_out", False))  # 返回填写
            return
        self.session.prefs.setValue("window/geometry", self.saveGeometry())
        self.session.prefs.sync()
        self.watcher.timer.stop()
        for window in list(self.order_windows.values()):
            window.close()
        if self.intake is not None:
            self.intake.close()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
        self.closed.emit(self.logging_out)
