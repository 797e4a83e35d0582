"""Which 联 are printed and the legend of multi-part forms."""

from __future__ import annotations

import pytest

from propdesk.domain.settings import OfficeSettings
from propdesk.print.copies import copy_labels, legend, short_label

FOUR = ("第一联 存档(服务中心)", "第二联 客户", "第三联 财务", "第四联 工程部")


def test_default_is_four_copies() -> None:
    assert copy_labels(OfficeSettings()) == FOUR


def test_three_copies_from_settings_or_argument() -> None:
    assert copy_labels(OfficeSettings(copy_count=3)) == FOUR[:3]
    assert copy_labels(OfficeSettings(), 3) == FOUR[:3]
    assert copy_labels(OfficeSettings(copy_count=3), 4) == FOUR


@pytest.mark.parametrize("copies", [1, 2])
def test_finance_copy_is_always_printed(copies: int) -> None:
    with pytest.raises(ValueError, match="财务联"):
        copy_labels(OfficeSettings(), copies)


@pytest.mark.parametrize("copies", [0, 5])
def test_copy_count_out_of_range(copies: int) -> None:
    with pytest.raises(ValueError, match="联数"):
        copy_labels(OfficeSettings(), copies)


def test_labels_without_finance_allow_any_count() -> None:
    settings = OfficeSettings(copy_labels=(("存根", "白"), ("客户联", "红")), copy_count=2)
    assert copy_labels(settings, 1) == ("存根",)


def test_short_label() -> None:
    assert short_label("第一联 存档(服务中心)") == "存档(服务中心)"
    assert short_label("第三联：财务") == "财务"
    assert short_label("客户联") == "客户联"


def test_legend_names_each_ply_by_colour() -> None:
    assert legend(OfficeSettings()) == "白联 存档(服务中心) / 红联 客户 / 黄联 财务 / 蓝联 工程部"
    assert legend(OfficeSettings(copy_count=3)) == "白联 存档(服务中心) / 红联 客户 / 黄联 财务"
