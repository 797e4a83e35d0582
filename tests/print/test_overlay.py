"""套打: values only, where the layout file puts them; the default layout matches the
program's own form; broken layout files are refused."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from propdesk.domain.enums import PaperMode
from propdesk.domain.records import MaterialLine
from propdesk.domain.settings import DEFAULT_DISCLAIMER_HOME, OfficeSettings
from propdesk.print import slip
from propdesk.print.layout import TRUNCATED
from propdesk.print.overlay_default import (
    FORM_PRINTED_AT,
    FORM_PRINTED_BY,
    NOTE,
    default_layout,
    render_blank_form,
)
from propdesk.print.overlay_fields import FIELD_NAMES
from propdesk.print.overlay_layout import LayoutError, dump_layout, parse_layout

from . import builders as b
from .pdfcheck import MM, chunks, page_sizes_mm, page_texts, reader, squeeze

SETTINGS = OfficeSettings()
OVERLAY = PaperMode.OVERLAY
#: Printed as a print is (the footer's length is part of the form's spacing).
AS_PRINTED = {"printed_at": FORM_PRINTED_AT, "printed_by": FORM_PRINTED_BY}
LABELS = ("报修人", "受理时间", "联系电话", "问题描述", "维修服务单", "材料名称", "回访人", "NO.")
VALUES = (
    "2026-03-05 09:12",
    "李前台",
    "王建国",
    "3-2-1502",
    "13812345678",
    "水电/水管漏水",
    "2026-03-05 14:00",
    "厨房水槽下水管漏水，地面有积水",
    "张主管",
    "2026-03-05 09:15",
    "工程部：赵师傅、钱师傅",
)


def layout_text(**fields: dict[str, object]) -> str:
    data = {"page": {"width_mm": 241, "height_mm": 140}, "font_size": 10, "fields": fields}
    return json.dumps(data, ensure_ascii=False, indent=2)


def overlay_pdf(order=None, layout=None, **kw):  # type: ignore[no-untyped-def]
    return slip.render_slip(order or b.order(), SETTINGS, paper=OVERLAY, layout=layout, **kw)


def first(pdf: bytes, text: str):  # type: ignore[no-untyped-def]
    found = [c for c in chunks(pdf) if c.text == text]
    assert found, (text, [c.text for c in chunks(pdf)])
    return found[0]


def test_values_only_no_grid_labels_or_disclaimer() -> None:
    pdf = overlay_pdf(b.completed_order(), **AS_PRINTED)
    (text,) = page_texts(pdf)
    flat = squeeze(text)
    for label in LABELS:
        assert label not in flat, label
    assert squeeze(DEFAULT_DISCLAIMER_HOME)[:20] not in flat
    for value in (
        *VALUES,
        "2026000123",
        "更换下水管两米并重新打胶密封，试水无渗漏",
        "壹佰贰拾贰元伍角整",
    ):
        assert squeeze(value) in flat, value
    assert "周回访 03-05" in text  # 回访人 without its label
    assert page_sizes_mm(pdf) == [(241.0, 140.0)]
    # no ruled lines: the page draws text, ticks and the codes' filled bars only
    content = reader(pdf).pages[0].get_contents().get_data()
    assert b" re S" not in content and b"re\nS" not in content


def test_a_value_lands_at_its_layout_position() -> None:
    layout = parse_layout(
        layout_text(报修人={"x_mm": 50, "y_mm": 60, "width_mm": 40, "size": 10}), "t.json"
    )
    pdf = overlay_pdf(layout=layout)
    name = first(pdf, "王建国")
    assert name.x / MM == pytest.approx(50, abs=0.05)
    assert (140 * MM - name.y) == pytest.approx(60 * MM + 10, abs=0.1)  # baseline: top less size
    assert name.size == pytest.approx(10)
    assert [c.text for c in chunks(pdf)] == ["王建国"]  # only the fields the layout places


def test_right_alignment_wrap_and_shrink() -> None:
    layout = parse_layout(
        layout_text(
            联系电话={"x_mm": 20, "y_mm": 20, "width_mm": 60, "size": 10, "align": "right"},
            问题描述={"x_mm": 20, "y_mm": 40, "width_mm": 30, "size": 10, "wrap": True},
            类别={"x_mm": 20, "y_mm": 80, "width_mm": 18, "size": 10},
        ),
        "t.json",
    )
    pdf = overlay_pdf(layout=layout)
    phone = first(pdf, "13812345678")
    assert phone.x_end / MM == pytest.approx(80, abs=0.1)
    lines = [c for c in chunks(pdf) if c.text in b.order().description and c.y > 0]
    assert len(lines) >= 2  # wrapped in 30 mm
    assert all(c.x >= 20 * MM - 0.1 and c.x_end <= 50 * MM + 0.5 for c in lines)
    category = first(pdf, "水电/水管漏水")
    assert category.size < 10 and category.x_end <= 38 * MM + 0.5  # shrunk to its width


@pytest.mark.parametrize("order", [b.order(), b.completed_order()], ids=["dispatched", "done"])
def test_default_layout_puts_each_value_where_the_programs_own_slip_prints_it(order) -> None:  # type: ignore[no-untyped-def]
    normal = slip.render_slip(order, SETTINGS, paper=PaperMode.CONT_241X140, **AS_PRINTED)
    overlay = overlay_pdf(order, **AS_PRINTED)
    values = [v for v in VALUES if v in squeeze(page_texts(normal)[0])]
    if order.completed_at:
        values += ["80.00 元", "122.50 元", "壹佰贰拾贰元伍角整", "师傅很细心，满意"]
    for value in values:
        want, got = first(normal, value), first(overlay, value)
        assert abs(got.x - want.x) < 0.3 * MM and abs(got.y - want.y) < 0.3 * MM, value
    number = first(normal, "NO. 2026000123")
    assert first(overlay, "2026000123").x_end == pytest.approx(number.x_end, abs=0.3 * MM)


def test_default_layout_values_inside_the_boxes_of_the_blank_form() -> None:
    """Each value lies right of its label and left of the next label on the same row of the
    program's blank form, and within that row's height."""
    form = chunks(render_blank_form(SETTINGS))
    overlay = overlay_pdf(b.completed_order(), **AS_PRINTED)
    for label, value, following in (
        ("报修人", "王建国", "房号"),
        ("房号", "3-2-1502", "联系电话"),
        ("派工人", "张主管", "派工时间"),
        ("人工费", "80.00 元", "材料费"),
    ):
        left = next(c for c in form if c.text == label)
        right = next(c for c in form if c.text == following)
        got = first(overlay, value)
        assert left.x_end < got.x and got.x_end < right.x, value
        assert abs(got.y - left.y) < 2 * MM, value


def test_ticks_land_in_the_boxes_of_the_form(tmp_path: Path) -> None:
    layout = default_layout(SETTINGS)
    mark = layout.fields["紧急程度"].marks["紧急"]
    side = layout.fields["紧急程度"].box_mm
    out = tmp_path / "p.pdf"
    out.write_bytes(overlay_pdf())  # an emergency: 紧急 ticked
    import subprocess

    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-singlefile", out, tmp_path / "p"], check=True
    )
    image = Image.open(tmp_path / "p.pgm")
    dpmm = 150 / 25.4

    def dark(x_mm: float, y_mm: float) -> int:
        box = (
            int(x_mm * dpmm),
            int(y_mm * dpmm),
            int((x_mm + side) * dpmm),
            int((y_mm + side) * dpmm),
        )
        return sum(1 for p in image.crop(box).get_flattened_data() if p < 128)

    assert dark(*mark) > 5
    assert dark(*layout.fields["紧急程度"].marks["一般"]) == 0


def test_codes_are_placed_by_the_layout() -> None:
    pdf = overlay_pdf()
    blank = parse_layout(layout_text(报修人={"x_mm": 50, "y_mm": 60, "width_mm": 40}), "t.json")
    assert len(pdf) > len(overlay_pdf(layout=blank)) + 2000  # bars and QR modules drawn


def test_long_texts_stay_in_their_box() -> None:
    """A wrapped value shrinks (to 60 %), then is shortened with a note: it never runs into
    the next box of the pre-printed form."""
    full = default_layout(SETTINGS)
    box = full.fields["问题描述"]
    layout = replace(full, fields={"问题描述": box})
    top, bottom = 140 * MM - box.y_mm * MM, 140 * MM - (box.y_mm + box.height_mm) * MM
    for text in (b.LONG_DESCRIPTION, b.LONG_DESCRIPTION * 4):
        pdf = overlay_pdf(b.order(description=text), layout=layout)
        lines = chunks(pdf)
        assert len(lines) >= 2
        for c in lines:
            assert bottom <= c.y - 0.2 * c.size and c.y + 0.8 * c.size <= top + 0.5, c
            # CJK wrapping may hang a closing bracket past the width, into the box's padding
            assert c.x_end <= (box.x_mm + box.width_mm) * MM + 0.4 * box.size, c
        printed = "".join(c.text for c in lines)
        if len(text) > 300:
            assert printed.endswith(TRUNCATED) and printed[:100] == text[:100]
        else:
            assert printed == text


def test_materials_beyond_the_forms_lines_are_summed_up() -> None:
    room = sum(1 for name in default_layout(SETTINGS).fields if name.endswith("名称"))
    many = tuple(MaterialLine(f"材料{n}", Decimal("1"), "个", 100, 100) for n in range(1, 6))
    text = squeeze(page_texts(overlay_pdf(b.completed_order(materials=many)))[0])
    assert room >= 2
    assert all(f"材料{n}" in text for n in range(1, room))
    assert f"另有{5 - room + 1}项材料，详见系统记录" in text and "材料5" not in text


def test_reprint_stamp_and_default_layout_round_trip() -> None:
    pdf = overlay_pdf(reprint_date=datetime(2026, 3, 6).date())
    assert "补打 2026-03-06" in page_texts(pdf)[0]
    layout = default_layout(SETTINGS)
    again = parse_layout(dump_layout(layout, NOTE), "默认.json")
    assert again.fields.keys() == layout.fields.keys()
    for name, p in layout.fields.items():
        assert again.fields[name].x_mm == pytest.approx(p.x_mm, abs=0.05), name
        assert again.fields[name].y_mm == pytest.approx(p.y_mm, abs=0.05), name
    assert set(layout.fields) <= set(FIELD_NAMES)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            '{"page": {"width_mm": 241, "height_mm": 140},\n  "fields": {,}}',
            "第 2 行第 14 列不是有效的 JSON",
        ),
        (
            layout_text(报修者={"x_mm": 1, "y_mm": 1, "width_mm": 9}),
            "第 8 行，“报修者”：不认识的字段",
        ),
        (
            layout_text(报修人={"x_mm": 1, "y_mm": 1, "width_mm": 9, "size": -3}),
            "“报修人”：size 应在 4 到 40 之间，而不是 -3",
        ),
        (layout_text(报修人={"x_mm": -1, "y_mm": 1, "width_mm": 9}), "x_mm 应在 0 到 241 之间"),
        (layout_text(报修人={"x_mm": 1, "y_mm": 1}), "缺少 width_mm"),
        (layout_text(报修人={"x_mm": 1, "y_mm": 1, "width_mm": "宽"}), "width_mm 应为数字"),
        (layout_text(报修人={"x_mm": 1, "y_mm": 1, "width_mm": 9, "wide": 1}), "不认识的设置 wide"),
        (layout_text(条码={"x_mm": 1, "y_mm": 1, "height_mm": 2}), "扫码枪读不出"),
        (
            layout_text(紧急程度={"x_mm": 1, "y_mm": 1, "width_mm": 9, "marks": {"紧急": [1]}}),
            "[x_mm, y_mm]",
        ),
        ('{"page": {"width_mm": 241}, "fields": {}}', "“page”"),
    ],
)
def test_a_broken_layout_is_refused_naming_file_line_and_field(text: str, wanted: str) -> None:
    with pytest.raises(LayoutError) as caught:
        parse_layout(text, "/data/套打布局.json")
    assert "套打布局文件 /data/套打布局.json" in caught.value.message
    assert wanted in caught.value.message, caught.value.message


def test_overlay_prints_once_like_a_multi_part_form() -> None:
    assert slip.page_count(OVERLAY, 4) == 1
    pdf = slip.render_slips([b.order(), replace(b.common_order(), id=5)], SETTINGS, paper=OVERLAY)
    assert len(reader(pdf).pages) == 2


def test_the_readme_example_is_a_layout_the_program_accepts() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```json\n", 1)[1].split("```", 1)[0]
    layout = parse_layout(example, "README.md")
    defaults = default_layout(SETTINGS)
    for name, p in layout.fields.items():  # the example shows the default's numbers
        assert p.x_mm == pytest.approx(defaults.fields[name].x_mm, abs=0.05), name
        assert p.y_mm == pytest.approx(defaults.fields[name].y_mm, abs=0.05), name
