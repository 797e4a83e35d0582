"""A clerk's day in the real window, on a real X display, through real input events:

    python -m tests.ui.walkthrough [OUT_DIR]        (DISPLAY must name an X server)

The program's own start-up pieces (``Desk``: log-in, main window, 注销) open on the xcb
platform under whatever window manager runs (CI: Xvfb + openbox). Every step is done the way
a person does it — key presses to the widget that has the keyboard focus, mouse clicks on a
row's rectangle or a button — with QTest, which delivers key and mouse events to the widget
that has the keyboard focus (or lies under the click) as Qt delivers the X server's; closing
a window is Alt+F4 through the X server (xdotool) to the window manager. Nothing calls a slot.
Each step checks what it did and saves a screenshot of the whole screen (window-manager
frames and dialogs included) as ``NN-step.png``.

The day: 前台 logs in, takes a call by keyboard, dispatches it by mouse (派工并打印 opens the
print preview), records arrival, completion with a fee line, 回单 and the return visit,
finds the order with the search box, exports the register; logs out. The 工程主管 approves the
labour fee typed outside the 收费标准 (待审价, from the today board). 财务 collects the fee;
经理 exports the month's workbook; logs out. The data is a small sample office on a fixed
clock (``tests.ui.sample_data``), in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from propdesk.domain.enums import FeeStatus, Satisfaction, Status  # noqa: E402
from propdesk.services import Services  # noqa: E402
from propdesk.ui.application import create_application  # noqa: E402
from propdesk.ui.desk import Desk  # noqa: E402
from propdesk.ui.main_window import MainWindow  # noqa: E402
from tests.factories import FakeClock, make_services  # noqa: E402
from tests.ui.sample_data import populate  # noqa: E402
from tests.ui.walkthrough_hands import (  # noqa: E402
    Clerk,
    Key,
    Mod,
    check,
    gone,
    message_box,
    wait_for,
)

PASSWORD = "secret123"


# --- the day ------------------------------------------------------------------------------
def log_in(hands: Clerk, desk: Desk, username: str, shot: str) -> MainWindow:
    login = desk.login
    check(login is not None, "the log-in dialog")
    assert login is not None
    hands.active(login, "log-in")
    hands.focus_is(login.username, "the user name")
    hands.type(username)  # over the remembered (selected) name
    hands.key(Key.Key_Return)
    hands.focus_is(login.password, "the password")
    hands.type(PASSWORD)
    hands.shot(shot)
    hands.key(Key.Key_Return)
    wait_for(lambda: desk.window is not None and desk.window.isVisible(), "main window")
    window = desk.window
    assert window is not None
    check(window.session.user.username == username, f"logged in as {username}")
    hands.active(window, "main window")
    return window


def log_out(hands: Clerk, desk: Desk, window: MainWindow) -> None:
    """工单 → 注销 / 切换用户, by the menu's keys (Alt+O, then L)."""
    hands.active(window, "main window")
    hands.key(Key.Key_O, Mod.AltModifier)
    wait_for(lambda: QApplication.activePopupWidget() is not None, "the 工单 menu")
    hands.shot("menu-log-out")
    hands.key(Key.Key_L)
    wait_for(lambda: desk.login is not None and desk.login.isVisible(), "log-in again")


def take_call(hands: Clerk, window: MainWindow) -> str:
    hands.key(Key.Key_N, Mod.ControlModifier)
    form = window.intake
    wait_for(lambda: form is not None and form.isVisible(), "the intake form")
    assert form is not None
    hands.active(form, "intake")
    hands.focus_is(form.unit, "房号")
    hands.type("3-2-1502")
    hands.key(Key.Key_Return)  # the exact code is the unit; caller and phone fill in
    hands.focus_is(form.caller, "报修人")
    check(form.caller.text() == "王五", "caller from the unit register")
    hands.key(Key.Key_Return)
    hands.key(Key.Key_Return)  # the phone as registered
    hands.focus_is(form.category, "类别")
    hands.type("水龙头")
    hands.key(Key.Key_Return)  # the only match is picked
    category = form.current_category()
    check(category is not None and category.path == "水/水龙头", "类别 picked by Return")
    hands.key(Key.Key_Return)  # 紧急程度 as the category's default
    hands.focus_is(form.description, "问题描述")
    hands.type("厨房水龙头漏水，关不住")
    hands.click(form.paid)  # 有偿服务: the resident pays for the tap
    check(form.paid.isChecked(), "有偿服务 ticked")
    hands.shot("intake-typed")
    hands.key(Key.Key_S, Mod.ControlModifier)
    result = form.last_result
    check(result is not None, f"saved: {form.banner.text()}")
    assert result is not None
    hands.key(Key.Key_S, Mod.ControlModifier)  # a nervous second Ctrl+S: nothing happens
    check("已登记" in form.banner.text(), "the success stays after a second Ctrl+S")
    hands.shot("intake-saved")
    hands.close_window(form)  # the form is empty after the save: it just closes
    return result.order.number


def dispatch_by_mouse(hands: Clerk, window: MainWindow, number: str) -> None:
    from propdesk.ui.print_preview import SlipPreviewDialog
    from propdesk.ui.tabs.dispatch_tab import DispatchTab

    hands.active(window, "main window")
    hands.key(Key.Key_3, Mod.AltModifier)
    page = window.tabs.currentWidget()
    check(isinstance(page, DispatchTab), "派工 tab")
    assert isinstance(page, DispatchTab)
    row = next((i for i, r in enumerate(page.pending.records()) if r.number == number), -1)
    check(row >= 0, "the new order waits for dispatch")
    hands.click_row(page.pending_view, row)
    check(number in page.summary.text(), "the panel shows the clicked order")
    check(page.dispatch_print_button.isEnabled(), "派工并打印 enabled")
    staff = page.picker.staff_list
    hands.click_row(staff, 0)
    hands.key(Key.Key_Space)  # tick the first technician (the job's department first)
    check(page.picker.selected_staff_ids(), "a technician ticked")
    hands.shot("dispatch-chosen")
    hands.click(page.dispatch_print_button)
    wait_for(
        lambda: any(
            isinstance(w, SlipPreviewDialog) and w.isVisible()
            for w in QApplication.topLevelWidgets()
        ),
        "the print preview",
    )
    preview = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, SlipPreviewDialog) and w.isVisible()
    )
    hands.active(preview, "print preview")
    geometry = preview.frameGeometry()
    available = preview.screen().availableGeometry()
    check(available.contains(geometry), f"preview {geometry} inside the screen {available}")
    hands.shot("print-preview")
    hands.click(preview.close_button)
    wait_for(lambda: gone(preview), "preview closed")


def step(
    hands: Clerk,
    ow: QWidget,
    key: str,
    shot: str | None = None,
    fill: Callable[[QWidget], None] | None = None,
    button: QAbstractButton | None = None,
) -> None:
    """Click the step's button (``button`` for those outside the row of steps), fill, 确定."""
    hands.click(button or ow.buttons[key])  # type: ignore[attr-defined]
    dialog = ow.dialog  # type: ignore[attr-defined]
    check(dialog is not None, f"the {key} dialog")
    hands.active(dialog, key)
    if fill is not None:
        fill(dialog)
    if shot:
        hands.shot(shot)
    hands.click(dialog.ok_button)
    wait_for(lambda: gone(dialog), f"{key} done")


def work_the_order(
    hands: Clerk, window: MainWindow, services: Services, clock: FakeClock, number: str
) -> None:
    from propdesk.ui.tabs.dispatch_tab import DispatchTab

    page = window.tabs.currentWidget()
    assert isinstance(page, DispatchTab)
    row = next(i for i, r in enumerate(page.dispatched.records()) if r.number == number)
    hands.click_row(page.dispatched_view, row, double=True)
    order_id = services.registers.by_number(number).id
    wait_for(lambda: order_id in window.order_windows, "the order window")
    ow = window.order_windows[order_id]
    hands.active(ow, "order window")

    clock.advance(minutes=12)
    step(hands, ow, "arrive")
    check(ow.order.status is Status.IN_PROGRESS, "到场 recorded")

    clock.advance(minutes=35)

    def complete(dialog: QWidget) -> None:
        hands.focus_is(dialog.work_done, "维修内容")  # type: ignore[attr-defined]
        hands.type("更换厨房水龙头一个")
        hands.key(Key.Key_Tab)
        hands.focus_is(dialog.labour, "人工费")  # type: ignore[attr-defined]
        hands.key(Key.Key_A, Mod.ControlModifier)  # select the 0 to type over it
        hands.type("20")
        hands.key(Key.Key_Tab)
        hands.focus_is(dialog.fee_picker, "收费标准")  # type: ignore[attr-defined]
        hands.key(Key.Key_Down)  # opens the list
        items = dialog.fee_picker.view()  # type: ignore[attr-defined]
        wait_for(lambda: items.isVisible() and items.hasFocus(), "the 收费标准 list")
        hands.key(Key.Key_Down, to=items)
        hands.shot("fee-schedule-list")
        hands.key(Key.Key_Return, to=items)
        check(dialog.table.rowCount() == 1, "a material line from the fee schedule")  # type: ignore[attr-defined]
        check(dialog.labour.text() == "20", "the typed labour stands")  # type: ignore[attr-defined]

    step(hands, ow, "complete", "complete-with-fee-line", complete)
    check(ow.order.status is Status.COMPLETED and ow.order.total_fen > 0, "完工 with a fee")

    clock.advance(minutes=50)
    step(hands, ow, "return_slip")
    check(ow.order.status is Status.TO_VISIT, "回单")

    clock.advance(hours=2)

    def visit(dialog: QWidget) -> None:
        check(dialog.satisfaction.currentIndex() == -1, "no rating chosen yet")  # type: ignore[attr-defined]
        hands.key(Key.Key_Tab)
        hands.focus_is(dialog.satisfaction, "评价")  # type: ignore[attr-defined]
        hands.key(Key.Key_Down)  # 满意, as the resident said
        check(dialog.satisfaction.currentData() == Satisfaction.SATISFIED.value, "满意")  # type: ignore[attr-defined]
        hands.key(Key.Key_Tab)
        hands.type("师傅很及时")

    step(hands, ow, "visit", "visit", visit)
    check(ow.order.status is Status.CLOSED, "回访: closed")
    hands.shot("order-closed")
    hands.close_window(ow)


def search_and_export(hands: Clerk, window: MainWindow, number: str, out: Path) -> None:
    from propdesk.ui.tabs.register_tab import RegisterTab

    hands.active(window, "main window")
    hands.key(Key.Key_F, Mod.ControlModifier)
    page = window.tabs.currentWidget()
    check(isinstance(page, RegisterTab), "报事报修 tab")
    assert isinstance(page, RegisterTab)
    hands.focus_is(page.filters.search, "the search box")
    hands.type(number)
    hands.key(Key.Key_Down)  # into the results
    hands.focus_is(page.view, "the results")
    check(page.model.rowCount() == 1, "the order found")
    hands.shot("search")
    save_through_dialog(hands, page.export_button, out / "工单.xlsx", "export-dialog")
    box = message_box(page)
    check("已导出 1 条工单" in box.text(), f"export: {box.text()}")
    hands.shot("exported")
    hands.click(box.buttons()[0])


def save_through_dialog(hands: Clerk, button: QAbstractButton, path: Path, shot: str) -> None:
    """Click ``button``; in the save dialog it opens, type ``path`` and press Return."""
    seen: list[str] = []

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(100, in_dialog)
            return
        name = next(e for e in dialog.findChildren(QLineEdit) if e.isVisible())
        wait_for(lambda: QApplication.focusWidget() is name, "the file name")
        hands.key(Key.Key_A, Mod.ControlModifier)
        hands.type(str(path))
        hands.shot(shot)
        seen.append(dialog.windowTitle())
        hands.key(Key.Key_Return)

    QTimer.singleShot(200, in_dialog)
    hands.click(button)  # the save dialog runs its own loop until Return
    check(seen, "the save dialog opened")
    wait_for(path.exists, f"{path} written")


def supervisor_approves(hands: Clerk, window: MainWindow, number: str) -> None:
    """The labour typed over the 收费标准's waits 待审价: the 工程主管 finds it on the today board,
    opens it by a double click and approves it (seed 002: 工程主管审价)."""
    from propdesk.ui.tabs.today_tab import TodayTab

    hands.key(Key.Key_1, Mod.AltModifier)
    page = window.tabs.currentWidget()
    check(isinstance(page, TodayTab), "今日 tab")
    assert isinstance(page, TodayTab)
    check(page.price_box.isVisible(), "the 待审价 box for the 工程主管")
    rows = _price_rows(page)
    check(number in rows, f"the morning's order waits 待审价: {rows}")
    hands.shot("price-review-board")
    hands.click_row(page.price_view, rows.index(number), double=True)
    wait_for(lambda: len(window.order_windows) == 1, "the order window")
    ow = next(iter(window.order_windows.values()))
    hands.active(ow, "order window")
    check(ow.order.awaiting_price_review, "待审价 shown")  # type: ignore[attr-defined]
    step(hands, ow, "approve_price", "approve-price", button=ow.approve_button)  # type: ignore[attr-defined]
    check(not ow.order.awaiting_price_review, "审价 done")  # type: ignore[attr-defined]
    hands.close_window(ow)
    wait_for(lambda: number not in _price_rows(page), "no longer 待审价")


def _price_rows(page: QWidget) -> list[str]:
    model = page.price_model  # type: ignore[attr-defined]
    return [model.record(r).number for r in range(model.rowCount())]


def finance_collects(hands: Clerk, window: MainWindow, number: str) -> None:
    from propdesk.ui.tabs.fee_tab import FeeTab

    hands.key(Key.Key_5, Mod.AltModifier)
    page = window.tabs.currentWidget()
    check(isinstance(page, FeeTab), "有偿收费 tab")
    assert isinstance(page, FeeTab)
    hands.click(page.unpaid_only)
    check(page.model.rowCount() > 0, "unpaid fees listed")
    hands.click(page.search)
    hands.type(number)
    hands.key(Key.Key_Down)  # the search runs; into the results
    hands.focus_is(page.view, "the fee rows")
    check(page.model.rowCount() == 1, "the morning's paid repair, unpaid")
    hands.click_row(page.view, 0)
    hands.click(page.fee_button)
    dialog = page.dialog
    check(dialog is not None, "登记收费 dialog")
    assert dialog is not None
    hands.active(dialog, "登记收费")
    hands.focus_is(dialog.status, "收费状态")  # type: ignore[attr-defined]
    hands.key(Key.Key_Down)  # 未收 -> 已收
    check(dialog.status.currentData() == FeeStatus.PAID.value, "已收")  # type: ignore[attr-defined]
    hands.key(Key.Key_Tab)
    hands.type("SJ20261120")
    hands.shot("finance-collects")
    hands.key(Key.Key_Return)
    wait_for(lambda: gone(dialog), "fee recorded")
    wait_for(lambda: page.model.rowCount() == 0, "collected: no longer unpaid")
    hands.click(page.unpaid_only)  # all fees again: the order shows 已收
    check(page.model.rowCount() == 1, "the order, collected")
    hands.shot("finance-collected")


def manager_exports(hands: Clerk, window: MainWindow, out: Path) -> None:
    from propdesk.ui.tabs.stats_tab import StatsTab

    hands.key(Key.Key_6, Mod.AltModifier)
    page = window.tabs.currentWidget()
    check(isinstance(page, StatsTab), "统计报表 tab")
    assert isinstance(page, StatsTab)
    hands.shot("statistics")
    save_through_dialog(hands, page.export_button, out / "月度统计.xlsx", "month-export-dialog")
    box = message_box(page)
    check("已导出" in box.text(), f"month export: {box.text()}")
    hands.shot("month-exported")
    hands.click(box.buttons()[0])


def main(out: Path) -> list[Path]:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("walkthrough: no X display (set DISPLAY, e.g. Xvfb :99 and openbox)")
    app = create_application()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    hands = Clerk(out)
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(datetime(2026, 11, 20, 10, 30))
        services = make_services(Path(tmp) / "propdesk.db", clock)
        populate(services, clock)
        services.auth.set_initial_password("admin", "admin12345")
        prefs = QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat)
        desk = Desk(services, str(Path(tmp) / "propdesk.db"), prefs)
        finished: list[bool] = []
        desk.finished.connect(lambda: finished.append(True))
        desk.start()

        window = log_in(hands, desk, "demo_receptionist", "log-in")
        hands.shot("main-window")
        number = take_call(hands, window)
        dispatch_by_mouse(hands, window, number)
        work_the_order(hands, window, services, clock, number)
        search_and_export(hands, window, number, Path(tmp))
        log_out(hands, desk, window)

        window = log_in(hands, desk, "demo_supervisor", "log-in-supervisor")
        supervisor_approves(hands, window, number)
        log_out(hands, desk, window)

        window = log_in(hands, desk, "demo_finance", "log-in-finance")
        finance_collects(hands, window, number)
        log_out(hands, desk, window)

        window = log_in(hands, desk, "demo_manager", "log-in-manager")
        manager_exports(hands, window, Path(tmp))
        log_out(hands, desk, window)
        hands.shot("logged-out")
        login = desk.login
        assert login is not None
        hands.key(Key.Key_Escape)  # 退出 at the log-in: the program ends
        wait_for(lambda: finished, "the program ends")
        app.processEvents()
        services.ctx.db.close()
    return hands.shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("walkthrough-shots")
    shots = main(target)
    print(f"walkthrough: {len(shots)} screenshots in {target}")
