"""The slip's content model: titles, labels, ticks, known values and blanks."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from propdesk.domain.enums import (
    Kind,
    MaterialSource,
    MatterType,
    Satisfaction,
    VisitMethod,
    WorkResult,
)
from propdesk.domain.records import VisitRecord
from propdesk.domain.settings import OfficeSettings
from propdesk.print.content import Row, build_slip, slip_title

from . import builders as b
from .golden import check_golden, dump

SETTINGS = OfficeSettings(office_name="阳光物业服务中心", project_name="示例花园")


def ticks(row: Row) -> dict[str, bool]:
    return {name: ticked for cell in row.cells for name, ticked in cell.checks}


def values(row: Row) -> list[str]:
    return [c.text for c in row.cells if not c.label and not c.checks]


def labels(row: Row) -> list[str]:
    return [c.text for c in row.cells if c.label]


def test_completed_home_order_matches_golden() -> None:
    content = build_slip(b.completed_order(), SETTINGS, reprint_date=date(2026, 3, 6))
    check_golden("content_completed_home.txt", dump(content))


def test_open_common_order_matches_golden() -> None:
    check_golden("content_open_common.txt", dump(build_slip(b.common_order(), SETTINGS)))


def test_widths_of_every_row_add_up() -> None:
    for order in (b.completed_order(), b.common_order(), b.order()):
        for row in build_slip(order, SETTINGS).rows:
            assert sum(c.width for c in row.cells) == pytest.approx(1.0), row.key


@pytest.mark.parametrize(
    ("order", "title"),
    [
        (b.order(), "维修服务单"),
        (b.common_order(), "派工单"),
        (b.order(kind=Kind.MATTER, matter_type=MatterType.HELP), "派工单"),
    ],
)
def test_title(order, title) -> None:  # type: ignore[no-untyped-def]
    assert slip_title(order) == title
    assert build_slip(order, SETTINGS).title == title


def test_ticks_of_an_emergency_paid_home_repair() -> None:
    content = build_slip(b.order(), SETTINGS)
    assert ticks(content.row("category")) == {"一般": False, "紧急": True}
    assert ticks(content.row("type")) == {
        "公共部位": False,
        "专有部位": True,
        "服务中心": False,
        "业主自备": True,
        "有偿": True,
        "无偿": False,
    }
    assert not any(ticks(content.row("times")).values())
    assert not any(ticks(content.row("visit")).values())


def test_ticks_of_an_ordinary_free_common_repair() -> None:
    content = build_slip(b.common_order(), SETTINGS)
    assert ticks(content.row("category")) == {"一般": True, "紧急": False}
    assert ticks(content.row("type")) == {
        "公共部位": True,
        "专有部位": False,
        "服务中心": True,
        "业主自备": False,
        "有偿": False,
        "无偿": True,
    }
    assert labels(content.row("caller"))[1] == "公区位置"
    assert "5号楼一单元大堂" in values(content.row("caller"))


def test_completed_order_prints_known_values() -> None:
    content = build_slip(b.completed_order(), SETTINGS)
    assert values(content.row("times")) == ["2026-03-05 09:27", "2026-03-05 10:40"]
    assert ticks(content.row("times")) == {"完成": True, "未完成": False}
    assert values(content.row("work_done")) == ["更换下水管两米并重新打胶密封，试水无渗漏"]
    assert values(content.row("mat_0")) == ["PVC下水管 50mm", "2", "米", "15.00", "30.00"]
    assert values(content.row("mat_1")) == ["密封胶", "1", "支", "12.50", "12.50"]
    assert values(content.row("fees")) == ["80.00 元", "42.50 元", "122.50 元"]
    assert values(content.row("words"))[0] == "壹佰贰拾贰元伍角整"
    assert ticks(content.row("visit")) == {
        "电话": True,
        "上门": False,
        "信函": False,
        "满意": True,
        "基本满意": False,
        "不满意": False,
    }
    assert values(content.row("opinion"))[0] == "师傅很细心，满意"
    assert "周回访 03-05" in values(content.row("visit"))[0]
    assert not any(r.key.startswith("mat_blank") for r in content.rows)


def test_open_order_leaves_blanks_with_hints() -> None:
    content = build_slip(b.order(), SETTINGS, blank_material_rows=4)
    times = [c for c in content.row("times").cells if not c.label and not c.checks]
    assert [c.text for c in times] == ["", ""]
    assert all("月" in c.hint for c in times)
    assert [c.text for c in content.row("fees").cells if not c.label] == ["", "", ""]
    assert "万" in content.row("words").cells[1].hint
    assert sum(r.key.startswith("mat_blank") for r in content.rows) == 4


def test_completed_without_materials_says_so() -> None:
    content = build_slip(b.completed_order(materials=(), material_fen=0, total_fen=8000), SETTINGS)
    assert values(content.row("mat_none")) == ["（未使用材料）"]
    assert values(content.row("words"))[0] == "捌拾元整"


def test_redispatch_shows_the_new_dispatch_and_the_reason() -> None:
    first = b.dispatch(
        arrived_at=b.ARRIVED,
        finished_at=b.FINISHED,
        result=WorkResult.NOT_DONE,
        incomplete_reason="缺配件，业主自购后再约",
    )
    second = b.dispatch(
        id=2, seq=2, dispatched_at=datetime(2026, 3, 6, 9, 0), staff_names=("孙师傅",)
    )
    content = build_slip(b.order(dispatches=(first, second), arrived_at=b.ARRIVED), SETTINGS)
    assert "（第2次）" in values(content.row("dispatch"))[1]
    assert values(content.row("dispatch"))[2] == "工程部：孙师傅"
    assert values(content.row("times")) == ["", ""]  # the new visit is still to come
    assert values(content.row("reason")) == [""]

    done_once = b.order(dispatches=(first,))
    content = build_slip(done_once, SETTINGS)
    assert ticks(content.row("times"))["未完成"] is True
    assert values(content.row("reason")) == ["缺配件，业主自购后再约"]


def test_sms_visit_adds_a_ticked_box() -> None:
    visit = VisitRecord(1, b.VISITED, VisitMethod.SMS, "周回访", Satisfaction.FAIR)
    content = build_slip(b.completed_order(visits=(visit,)), SETTINGS)
    assert ticks(content.row("visit"))["短信"] is True
    assert ticks(content.row("visit"))["基本满意"] is True


def test_matter_order_uses_its_own_words() -> None:
    order = b.order(kind=Kind.MATTER, matter_type=MatterType.COMPLAINT, category_name="噪音")
    content = build_slip(order, SETTINGS)
    assert labels(content.row("caller"))[0] == "报事人"
    assert values(content.row("category"))[0] == "投诉/噪音"
    assert labels(content.row("dispatch"))[2] == "处理人员"


def test_disclaimer_home_and_common() -> None:
    settings = OfficeSettings(disclaimer_common="公区维修由服务中心负责。")
    assert build_slip(b.order(), settings).disclaimer == settings.disclaimer_home
    assert build_slip(b.common_order(), settings).disclaimer == "公区维修由服务中心负责。"
    assert build_slip(b.common_order(), OfficeSettings()).disclaimer == ""


def test_reprint_and_footer() -> None:
    content = build_slip(
        b.order(material_source=MaterialSource.CENTRE),
        OfficeSettings(office_phone="0571-88886666"),
        reprint_date=date(2026, 3, 6),
        printed_at=datetime(2026, 3, 6, 8, 30),
        printed_by="李前台",
    )
    assert content.reprint == "补打 2026-03-06"
    assert content.footer == "打印时间：2026-03-06 08:30　打印人：李前台　服务电话：0571-88886666"
    assert build_slip(b.order(), OfficeSettings()).reprint == ""
    assert build_slip(b.order(), OfficeSettings()).footer == ""
