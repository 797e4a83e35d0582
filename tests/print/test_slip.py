"""The slip PDF read back: pages, sizes, labels, texts, fonts, and nothing outside its box."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from propdesk.domain.enums import PaperMode
from propdesk.domain.settings import DEFAULT_DISCLAIMER_HOME, OfficeSettings
from propdesk.print import slip
from propdesk.print.paper import Box, sheet_for
from propdesk.print.render import split_slot

from . import builders as b
from .golden import expected_lines
from .paper_cases import PAGES, SIZES_MM
from .pdfcheck import Chunk, chunks, fonts, page_sizes_mm, page_texts, reader, squeeze

SETTINGS = OfficeSettings(office_name="阳光物业服务中心", project_name="示例花园")
LABELS = ("第一联 存档(服务中心)", "第二联 客户", "第三联 财务", "第四联 工程部")
PLAIN = (PaperMode.A4X2, PaperMode.A4, PaperMode.A5)
CONTINUOUS = (PaperMode.CONT_241X140, PaperMode.CONT_241X279)


def completed_pdf(**kw) -> bytes:  # type: ignore[no-untyped-def]
    return slip.render_slip(
        b.completed_order(),
        SETTINGS,
        reprint_date=date(2026, 3, 6),
        printed_at=datetime(2026, 3, 6, 8, 30),
        printed_by="李前台",
        **kw,
    )


@pytest.mark.parametrize(("mode", "copies", "pages"), PAGES)
def test_page_count_and_size(mode: PaperMode, copies: int, pages: int) -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=mode, copies=copies)
    assert page_sizes_mm(pdf) == [SIZES_MM[mode]] * pages
    assert slip.page_count(mode, copies) == pages


def test_paper_and_copies_default_to_settings() -> None:
    pdf = slip.render_slip(b.order(), OfficeSettings(paper_mode=PaperMode.A5, copy_count=3))
    assert page_sizes_mm(pdf) == [SIZES_MM[PaperMode.A5]] * 3
    assert len(reader(slip.render_slip(b.order(), OfficeSettings())).pages) == 2  # A4X2, 4


def _strip_text(pdf: bytes, page: int, sheet_mode: PaperMode, slot: int) -> str:
    """The characters drawn in one slot's label strip, top to bottom."""
    sheet = sheet_for(sheet_mode)
    _body, strip = split_slot(sheet, sheet.slots[slot])
    inside = [
        c
        for c in chunks(pdf, page)
        if strip.x - 1 <= c.x <= strip.right and strip.y <= c.y <= strip.top
    ]
    return "".join(c.text for c in sorted(inside, key=lambda c: -c.y))


@pytest.mark.parametrize("copies", [3, 4])
def test_a4x2_puts_each_copy_label_in_its_half(copies: int) -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=PaperMode.A4X2, copies=copies)
    places = [(0, 0), (0, 1), (1, 0), (1, 1)][:copies]
    for label, (page, slot) in zip(LABELS, places, strict=False):
        assert _strip_text(pdf, page, PaperMode.A4X2, slot) == squeeze(label)
    if copies == 3:
        assert _strip_text(pdf, 1, PaperMode.A4X2, 1) == ""
        assert "沿虚线裁开" not in page_texts(pdf)[1]  # no cut line under an empty half
    else:
        assert "沿虚线裁开" in page_texts(pdf)[1]


@pytest.mark.parametrize("mode", [PaperMode.A4, PaperMode.A5])
@pytest.mark.parametrize("copies", [3, 4])
def test_one_copy_per_page_with_its_label(mode: PaperMode, copies: int) -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=mode, copies=copies)
    for page, label in enumerate(LABELS[:copies]):
        assert _strip_text(pdf, page, mode, 0) == squeeze(label)


@pytest.mark.parametrize("mode", CONTINUOUS)
def test_continuous_form_prints_once_with_a_legend(mode: PaperMode) -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=mode, copies=4)
    (text,) = page_texts(pdf)
    assert "白联 存档(服务中心) / 红联 客户 / 黄联 财务 / 蓝联 工程部" in text
    assert "第一联" not in text and "第四联" not in text
    three = slip.render_slip(b.order(), OfficeSettings(copy_count=3), paper=mode)
    assert "白联 存档(服务中心) / 红联 客户 / 黄联 财务" in page_texts(three)[0]
    assert "蓝联" not in page_texts(three)[0]


#: Paper modes that print the whole form (套打 prints only the values: test_overlay.py).
FORMS = [m for m in PaperMode if not m.is_overlay]


@pytest.mark.parametrize("mode", FORMS)
def test_order_facts_on_every_page(mode: PaperMode) -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=mode)
    for text in page_texts(pdf):
        flat = squeeze(text)
        for fact in ("NO.2026000123", "3-2-1502", "王建国", "13812345678", "水电/水管漏水"):
            assert fact in flat
        assert "厨房水槽下水管漏水，地面有积水" in flat
        assert squeeze(DEFAULT_DISCLAIMER_HOME) in flat
        assert "维修服务单" in flat


def test_completed_order_shows_its_known_values_on_every_copy() -> None:
    pdf = completed_pdf(paper=PaperMode.A4, copies=4)
    wanted = expected_lines("slip_completed_texts.txt")
    for text in page_texts(pdf):
        for line in wanted:
            assert squeeze(line) in squeeze(text), line


def test_completed_a4x2_shows_values_in_both_halves() -> None:
    pdf = completed_pdf(paper=PaperMode.A4X2)
    for page in (0, 1):
        words = [c for c in chunks(pdf, page) if c.text == "壹佰贰拾贰元伍角整"]
        assert len(words) == 2
        heights = sorted(c.y for c in words)
        assert heights[0] < 421 < heights[1]  # one per half of the A4 sheet


def test_reprint_mark_on_every_copy() -> None:
    pdf = slip.render_slip(b.order(), SETTINGS, paper=PaperMode.A4, reprint_date=date(2026, 3, 6))
    assert all("补打 2026-03-06" in t for t in page_texts(pdf))
    first = slip.render_slip(b.order(), SETTINGS, paper=PaperMode.A4)
    assert not any("补打" in t for t in page_texts(first))


def test_common_area_slip() -> None:
    pdf = slip.render_slip(b.common_order(), SETTINGS, paper=PaperMode.A5)
    text = page_texts(pdf)[0]
    assert "派工单" in text and "维修服务单" not in text
    assert "公区位置" in text and "5号楼一单元大堂" in text
    assert "免责声明" not in text
    custom = OfficeSettings(disclaimer_common="公区维修安全提示：施工时请设置围挡。")
    pdf = slip.render_slip(b.common_order(), custom, paper=PaperMode.A5)
    assert "公区维修安全提示：施工时请设置围挡。" in page_texts(pdf)[0]


@pytest.mark.parametrize("mode", list(PaperMode))
def test_font_embedded_and_nothing_unembedded(mode: PaperMode) -> None:
    pdf = completed_pdf(paper=mode)
    rows = fonts(pdf)
    assert rows and all(r["emb"] == "yes" for r in rows)
    assert all("WenQuanYiMicroHei" in r["name"] for r in rows)
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


def test_output_is_deterministic() -> None:
    assert completed_pdf() == completed_pdf()
    assert slip.render_slip(b.order(), SETTINGS) == slip.render_slip(b.order(), SETTINGS)


def _inside_page(pdf: bytes, page: int, mode: PaperMode) -> list[Chunk]:
    width, height = (v * 72 / 25.4 for v in SIZES_MM[mode])
    found = chunks(pdf, page)
    for c in found:
        assert min(c.x, c.x_end) >= 0 and max(c.x, c.x_end) <= width, c
        assert c.size * 0.25 <= c.y <= height - c.size, c
    return found


def _description_inside_its_cell(found: list[Chunk], body: Box) -> None:
    """Description lines lie between the rows above and below, right of their label."""
    in_slot = [c for c in found if body.y < c.y < body.top]
    label = next(c for c in in_slot if c.text == "问题描述")
    above = next(c for c in in_slot if c.text == "维修类型")
    below = next(c for c in in_slot if c.text == "派工人")
    lines = [c for c in in_slot if c.text in b.LONG_DESCRIPTION and len(c.text) > 3]
    assert len("".join(c.text for c in lines)) == 300
    for c in lines:
        assert below.y < c.y < above.y, c
        assert c.x > label.x_end and c.x_end <= body.right, c


@pytest.mark.parametrize("mode", FORMS)
def test_300_character_description_stays_inside(mode: PaperMode) -> None:
    order = b.order(description=b.LONG_DESCRIPTION)
    settings = OfficeSettings(disclaimer_home=DEFAULT_DISCLAIMER_HOME * 3)
    pdf = slip.render_slip(order, settings, paper=mode, printed_at=datetime(2026, 3, 6, 8, 30))
    sheet = sheet_for(mode)
    for page in range(len(reader(pdf).pages)):
        found = _inside_page(pdf, page, mode)
        for slot in sheet.slots:
            body, _strip = split_slot(sheet, slot)
            in_body = [c for c in found if body.y <= c.y <= body.top]
            for c in in_body:
                if c.x < body.right:  # the label strip is checked elsewhere
                    assert c.x >= body.x - 0.01 and c.x_end <= body.right + 0.01, c
            if in_body:
                _description_inside_its_cell(found, body)


def test_batch_of_slips_each_on_fresh_sheets() -> None:
    orders = [b.order(), b.common_order(), b.completed_order(id=3, number="2026000125")]
    pdf = slip.render_slips(orders, SETTINGS, paper=PaperMode.A4X2, copies=3)
    texts = page_texts(pdf)
    assert len(texts) == 6
    numbers = ["2026000123", "2026000123", "2026000124", "2026000124", "2026000125", "2026000125"]
    for text, number in zip(texts, numbers, strict=True):
        assert f"NO. {number}" in text
    assert slip.page_count(PaperMode.A4X2, 3, orders=3) == 6


def test_batch_marks_only_the_reprinted_orders() -> None:
    orders = [b.order(), b.common_order()]
    pdf = slip.render_slips(
        orders, SETTINGS, paper=PaperMode.CONT_241X140, reprint_dates={2: date(2026, 3, 6)}
    )
    first, second = page_texts(pdf)
    assert "补打" not in first
    assert "补打 2026-03-06" in second


def test_refusals() -> None:
    with pytest.raises(ValueError, match="没有可打印的派工单"):
        slip.render_slips([], SETTINGS)
    with pytest.raises(ValueError, match="财务联"):
        slip.render_slip(b.order(), SETTINGS, copies=2)


def test_pdf_metadata_names_the_slip() -> None:
    meta = reader(slip.render_slip(b.order(), SETTINGS)).metadata
    assert meta is not None and meta.title == "派工单 2026000123"


def test_markup_characters_and_line_breaks_print_as_typed() -> None:
    order = b.order(
        description="门禁<主机>报警 & 闪烁\n第二行：R&D 机房",
        caller_name="A&B 公司",
        work_done="",
    )
    text = page_texts(slip.render_slip(order, SETTINGS, paper=PaperMode.A4, copies=3))[0]
    assert "门禁<主机>报警 & 闪烁" in text
    assert "第二行：R&D 机房" in text
    assert "A&B 公司" in text


def test_an_order_not_yet_dispatched_prints_blank_dispatch_fields() -> None:
    order = b.order(dispatches=(), dispatched_at=None, appointment_at=None)
    pdf = slip.render_slip(order, SETTINGS, paper=PaperMode.CONT_241X140)
    text = page_texts(pdf)[0]
    assert "派工人" in text and "张主管" not in text
    assert "工程部" in text  # the order's department stands in for the technicians


def test_each_order_is_drawn_once_and_placed_per_copy() -> None:
    orders = [b.order(), b.completed_order(id=3, number="2026000125")]
    pdf = slip.render_slips(orders, SETTINGS, paper=PaperMode.A4X2, copies=4)
    forms = [
        {ref.idnum for ref in page["/Resources"]["/XObject"].values()} for page in reader(pdf).pages
    ]
    assert [len(f) for f in forms] == [1, 1, 1, 1]
    assert forms[0] == forms[1] != forms[2] == forms[3]
    for page in range(4):  # each placed copy reads back in its own half of the sheet
        heights = sorted(c.y for c in chunks(pdf, page) if c.text == "王建国")
        assert len(heights) == 2 and heights[0] < 421 < heights[1]
