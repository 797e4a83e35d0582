"""Paper geometry: page sizes, slots inside the page, margins, pages per copy count."""

from __future__ import annotations

import pytest

from propdesk.domain.enums import PaperMode
from propdesk.print.paper import MM, pages_for, sheet_for

from .paper_cases import PAGES, SIZES_MM


@pytest.mark.parametrize("mode", list(PaperMode))
def test_page_size_and_slots_inside_the_page(mode: PaperMode) -> None:
    sheet = sheet_for(mode)
    assert (round(sheet.width / MM), round(sheet.height / MM)) == SIZES_MM[mode]
    for slot in sheet.slots:
        assert slot.x >= 5 * MM and slot.right <= sheet.width - 5 * MM
        assert slot.y >= 5 * MM - 1e-9 and slot.top <= sheet.height - 5 * MM + 1e-9


@pytest.mark.parametrize("mode", [PaperMode.CONT_241X140, PaperMode.CONT_241X279])
def test_continuous_forms_print_no_labels_and_keep_side_margins(mode: PaperMode) -> None:
    sheet = sheet_for(mode)
    assert sheet.continuous and sheet.label_strip == 0
    (slot,) = sheet.slots
    assert slot.x >= 5 * MM and sheet.width - slot.right >= 5 * MM


def test_a4x2_has_two_slots_split_by_the_cut_line() -> None:
    sheet = sheet_for(PaperMode.A4X2)
    top, bottom = sheet.slots
    (cut,) = sheet.cut_lines
    assert bottom.top < cut < top.y
    assert cut == pytest.approx(sheet.height / 2)


@pytest.mark.parametrize(("mode", "copies", "pages"), PAGES)
def test_pages_for(mode: PaperMode, copies: int, pages: int) -> None:
    assert pages_for(mode, copies) == pages
