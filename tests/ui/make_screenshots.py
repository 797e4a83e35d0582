"""Render the README screenshots from a freshly populated sample office:

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_screenshots docs/screenshots

Every tab at 1366×768 (回访 with its second-visit queue), the intake form in the middle of a
call and with a consultation answered at the desk (当场答复), an order window with its timeline
and one handed to an outside firm (已委外), the completion dialog and the office settings. PNGs are saved in 256 colours
with strong compression."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path, PureWindowsPath

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from propdesk.domain.enums import AreaType, Channel, Kind, Status  # noqa: E402
from propdesk.domain.filters import OrderFilter, PageRequest, Sort  # noqa: E402
from propdesk.domain.records import OrderInput  # noqa: E402
from propdesk.services import Services  # noqa: E402
from propdesk.ui.application import create_application  # noqa: E402
from propdesk.ui.first_start_dialog import DataPlaces, FirstStartDialog  # noqa: E402
from propdesk.ui.main_window import TAB_CLASSES, MainWindow  # noqa: E402
from propdesk.ui.screenshot import settle  # noqa: E402
from propdesk.ui.session import Session  # noqa: E402
from tests.factories import FakeClock, make_services  # noqa: E402
from tests.ui.sample_data import populate  # noqa: E402

SIZE = (1366, 768)
FILE_NAMES = {
    "今日工作台": "today",
    "报事报修": "register",
    "派工": "dispatch",
    "回访": "visits",
    "有偿收费": "fees",
    "统计报表": "statistics",
    "基础资料": "base-data",
}


def save(widget: QWidget, path: Path, size: tuple[int, int] = SIZE) -> Path:
    widget.resize(*size)
    widget.show()
    settle()
    widget.grab().save(str(path), "PNG", 0)  # 0: strongest compression
    # 256 colours (median cut, no dithering) are plenty for a window and halve the file;
    # Pillow comes with ReportLab
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)
    return path


def _issue_11_paths(services: Services, clock: FakeClock) -> int:
    """What the sample lacks for issue 11's screens: an elevator job handed to its maintenance
    firm after the technician saw it (已委外), and three closed orders of VIP owners marked 重要
    (the 回访 tab's second-visit queue). Returns the outsourced order's id."""
    clerk = services.auth.user("demo_receptionist")
    now = clock.now
    clock.set(now - timedelta(minutes=50))
    elevator = services.intake.register(
        OrderInput(
            kind=Kind.REPAIR,
            area_type=AreaType.COMMON,
            caller_name="秩序部 陈保安",
            phone="13600000000",
            category_id=services.reference.category_by_text("电梯/电梯故障").id,
            description="5号楼2号电梯门关不严，运行中停在6楼",
            location="5号楼2号电梯",
            channel=Channel.PATROL,
        ),
        clerk,
    ).order
    technician = next(s for s in services.reference.staff() if s.is_technician)
    clock.set(now - timedelta(minutes=46))
    services.workflow.dispatch(elevator.id, clerk, staff_ids=[technician.id])
    clock.set(now - timedelta(minutes=35))
    services.workflow.arrive(elevator.id, clerk)
    clock.set(now - timedelta(minutes=20))
    services.paths.outsource(
        elevator.id, clerk, firm="奥的斯电梯维保站", contact="王工 13700001111", price="350"
    )
    clock.set(now)
    closed = services.registers.page(
        OrderFilter(statuses=(Status.CLOSED,)), Sort(), PageRequest(limit=3)
    )[0]
    manager = services.auth.user("demo_manager")  # a closed order is changed by a manager
    for row in closed:
        services.paths.set_notes(row.id, manager, important=True)
    return elevator.id


def main(out: Path) -> list[Path]:
    create_application()
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        # a fixed mid-morning: the sample's newest orders start at 8:40 and some are open,
        # whatever the hour the script runs at (after midnight there were none)
        clock = FakeClock(datetime(2026, 11, 20, 10, 30))
        services = make_services(Path(tmp) / "sample.db", clock)
        populate(services, clock)
        outsourced = _issue_11_paths(services, clock)
        prefs = QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat)
        user = services.auth.user("demo_manager")  # sees every tab, statistics included
        session = Session(services, user, prefs, "D:/物业/propdesk.db")
        window = MainWindow(session)
        window.resize(*SIZE)
        for cls in TAB_CLASSES:
            window.show_tab(cls.title)
            saved.append(save(window, out / f"{FILE_NAMES[cls.title]}.png"))

        form = window.open_intake()
        assert form is not None
        busy = services.registers.page(
            OrderFilter(statuses=(Status.DISPATCHED,)), Sort(), PageRequest(limit=1)
        )[0][0]
        unit = services.reference.unit_by_code(busy.place)
        form.unit.setText(busy.place[:-1])
        form.unit.textEdited.emit(busy.place[:-1])
        if unit is not None:
            form.unit.choose_code(unit.code)
        form.unit.completer().popup().hide()
        form.category.setCurrentIndex(
            form.category.findText(
                next(c.path for c in form.categories.values() if c.name == busy.category_name)
            )
        )
        form.description.setPlainText("昨天报修过，师傅还没上门，又开始漏水了")
        saved.append(save(form, out / "intake.png"))
        form.close()

        form = window.open_intake()
        assert form is not None
        form.kind.setCurrentIndex(form.kind.findData(Kind.MATTER.value))
        form.unit.setText(busy.place)
        form.unit.textEdited.emit(busy.place)
        if unit is not None:
            form.unit.choose_code(unit.code)
        form.unit.completer().popup().hide()
        form.category.setCurrentIndex(form.category.findText("咨询"))
        form.description.setPlainText("物业费可以在哪里缴？能不能按年缴？")
        form.extras.answered.setChecked(True)
        form.extras.answer.setText("可在服务中心前台或APP缴纳，可按季或按年缴。")
        saved.append(save(form, out / "intake-answered.png"))
        form.close()

        closed = services.registers.page(
            OrderFilter(statuses=(Status.CLOSED,), paid_only=True), Sort(), PageRequest(limit=1)
        )[0][0]
        order_window = window.open_order(closed.id)
        saved.append(save(order_window, out / "order.png"))
        order_window.close()

        order_window = window.open_order(outsourced)
        saved.append(save(order_window, out / "order-outsourced.png"))
        order_window.close()

        working = services.registers.page(
            OrderFilter(statuses=(Status.IN_PROGRESS,)), Sort(), PageRequest(limit=1)
        )[0][0]
        order_window = window.open_order(working.id)
        dialog = order_window.open_action("complete")
        assert dialog is not None
        dialog.work_done.setPlainText("更换空气开关一个，检查线路，试送电正常")
        dialog.labour.setText("30")
        dialog.table.add_line("空气开关(32A)", "1", "个", "35")
        dialog.table.add_line("绝缘胶布", "2", "卷", "3.50")
        saved.append(save(dialog, out / "complete-dialog.png", (640, 600)))
        dialog.reject()
        order_window.close()
        window.close()

        services.auth.set_initial_password("admin", "screenshot")
        admin = MainWindow(
            Session(services, services.auth.user("admin"), prefs, "D:/物业/propdesk.db")
        )
        base = admin.show_tab("基础资料")
        pages = base.pages  # type: ignore[attr-defined]
        pages.setCurrentWidget(base.settings_page)  # type: ignore[attr-defined]
        saved.append(save(admin, out / "settings.png"))

        home = PureWindowsPath("C:/Users/前台/AppData/Roaming/propdesk")
        places = DataPlaces(home, str(home / "propdesk.db"), home / "backups", home / "logs")  # type: ignore[arg-type]
        first = FirstStartDialog(admin.session, places, admin)
        saved.append(save(first, out / "first-start.png", (680, 470)))
        first.close()
        admin.close()
        services.ctx.db.close()
    return saved


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"{path}  {path.stat().st_size // 1024} KB")
