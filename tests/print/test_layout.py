"""Fitting a slip into its slot: font shrink, spare blank lines, last-resort shortening."""

from __future__ import annotations

import pytest

from propdesk.domain.enums import PaperMode
from propdesk.domain.settings import OfficeSettings
from propdesk.print.content import build_slip
from propdesk.print.layout import MIN_FONT, TRUNCATED, fit
from propdesk.print.paper import sheet_for
from propdesk.print.render import split_slot

from . import builders as b

SETTINGS = OfficeSettings()


def fitted_for(order, mode: PaperMode, settings: OfficeSettings = SETTINGS):  # type: ignore[no-untyped-def]
    sheet = sheet_for(mode)
    body, _strip = split_slot(sheet, sheet.slots[0])
    content = build_slip(order, settings, blank_material_rows=sheet.blank_material_rows)
    return sheet, body, fit(content, body.width, body.height, sheet.base_font, shade=True)


@pytest.mark.parametrize("mode", list(PaperMode))
def test_a_normal_slip_keeps_the_preferred_font(mode: PaperMode) -> None:
    sheet, body, fitted = fitted_for(b.completed_order(), mode)
    assert fitted.style.size == sheet.base_font
    assert fitted.total <= body.height + 0.01
    assert not fitted.truncated


@pytest.mark.parametrize("mode", list(PaperMode))
def test_a_300_character_description_fits_by_shrinking(mode: PaperMode) -> None:
    order = b.order(description=b.LONG_DESCRIPTION)
    assert len(order.description) == 300
    _sheet, body, fitted = fitted_for(order, mode)
    assert fitted.total <= body.height + 0.01
    assert fitted.style.size >= MIN_FONT
    assert not fitted.truncated
    assert fitted.content.row("description").cells[1].text == b.LONG_DESCRIPTION


def test_spare_blank_material_lines_go_before_the_font_shrinks() -> None:
    _sheet, _body, fitted = fitted_for(b.order(description=b.LONG_DESCRIPTION), PaperMode.A4X2)
    blanks = [r for r in fitted.content.rows if r.key.startswith("mat_blank_")]
    assert len(blanks) == 2


def test_an_absurd_text_is_shortened_with_a_note_rather_than_overflow() -> None:
    order = b.order(description=b.LONG_DESCRIPTION * 10)
    settings = OfficeSettings(disclaimer_home="免责声明：" + "本条款较长。" * 200)
    _sheet, body, fitted = fitted_for(order, PaperMode.A4X2, settings)
    assert fitted.truncated
    assert fitted.total <= body.height + 0.01
    assert fitted.style.size == MIN_FONT
    assert fitted.content.row("description").cells[1].text.endswith(TRUNCATED)


def test_tall_paper_gives_spare_height_to_handwritten_rows() -> None:
    _sheet, body, fitted = fitted_for(b.order(), PaperMode.A4)
    keys = [r.key for r in fitted.content.rows]
    work = fitted.heights[keys.index("work_done")]
    caller = fitted.heights[keys.index("caller")]
    assert work > 4 * caller
    assert fitted.total <= body.height + 0.01
