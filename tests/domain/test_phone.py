"""Phone numbers: normalise what clerks type, classify, warn but never block."""

from __future__ import annotations

import pytest

from propdesk.domain.errors import UserError
from propdesk.domain.phone import Phone, check_phone, mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits
        ("１３８　００１３　８０００", "13800138000"),  # full-width spaces too
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("＋８６ １３８００１３８０００", "13800138000"),
        ("0086 13800138000", "13800138000"),
        (" 19912345678 ", "19912345678"),
        ("16612345678", "16612345678"),
        ("12345678901", "12345678901"),  # 11 digits starting with 1
    ],
)
def test_mobile(raw: str, text: str) -> None:
    assert normalize_phone(raw) == Phone(text, "mobile", None)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("021-12345678", "021-12345678"),
        ("021-12345678-808", "021-12345678-808"),
        ("0755 8888 8888 转 12", "0755-88888888-12"),
        ("0755-88888888转12", "0755-88888888-12"),
        ("0755-88888888 ext. 12", "0755-88888888-12"),
        ("0755-88888888 EXT12", "0755-88888888-12"),
        ("0755-88888888#12", "0755-88888888-12"),
        ("(021)12345678", "021-12345678"),
        ("（０２１）１２３４５６７８", "021-12345678"),
        ("０２１－１２３４５６７８", "021-12345678"),
        ("021-1234567", "021-1234567"),
        ("0371-6543210", "0371-6543210"),
        # run together: the area code has three digits for 010/02x, four for the rest
        ("02112345678", "021-12345678"),
        ("010 8888 8888", "010-88888888"),
        ("075588888888", "0755-88888888"),
        ("+86 021-12345678", "021-12345678"),
    ],
)
def test_landline(raw: str, text: str) -> None:
    assert normalize_phone(raw) == Phone(text, "landline", None)


def test_a_local_number_of_7_or_8_digits_is_a_landline() -> None:
    assert normalize_phone("8888 8888") == Phone("88888888", "landline", None)
    assert normalize_phone("6543210") == Phone("6543210", "landline", None)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("abc", "abc"),
        ("1380013800", "1380013800"),  # ten digits
        ("138001380001", "138001380001"),  # twelve digits
        ("01112345678", "01112345678"),  # no such area code
        ("请打物业电话", "请打物业电话"),
        ("138 0013 8000 / 139 0000 0000", "138 0013 8000 / 139 0000 0000"),
        ("张先生 13800138000", "张先生 13800138000"),
        ("１２３ ４５", "123 45"),
    ],
)
def test_unusual_input_is_kept_with_a_warning(raw: str, kept: str) -> None:
    phone = normalize_phone(raw)
    assert phone.kind == "other"
    assert phone.text == kept
    assert phone.warning is not None
    assert "联系电话" in phone.warning and "核对" in phone.warning


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_phone_warns(raw: str | None) -> None:
    phone = normalize_phone(raw)  # type: ignore[arg-type]
    assert phone == Phone("", "other", "联系电话为空")


def test_normalised_text_is_stable() -> None:
    """Normalising a stored value again gives the same value (no drift on re-save)."""
    for raw in ("+86 138 0013 8000", "0755 8888 8888 转 12", "02112345678", "8888 8888", "abc"):
        once = normalize_phone(raw)
        assert normalize_phone(once.text).text == once.text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13800138000", "138****8000"),
        ("021-12345678", "021-****5678"),
        ("0755-88888888", "0755-****8888"),
        ("021-12345678-808", "021-****5678-808"),
        ("0755-8888888-12", "0755-****8888-12"),
        ("88888888", "****8888"),
        ("1234", "****"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone(text: str, masked: str) -> None:
    assert mask_phone(text) == masked


def test_mask_hides_the_middle_of_every_normalised_kind() -> None:
    for raw in ("13800138000", "021-12345678-808", "0755 8888 8888", "88888888"):
        text = normalize_phone(raw).text
        masked = mask_phone(text)
        assert "****" in masked
        digits_shown = sum(c.isdigit() for c in masked)
        assert digits_shown < sum(c.isdigit() for c in text)


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("abc", "文字或字母"),
        ("请打物业电话", "文字或字母"),
        ("张先生 13800138000", "文字或字母"),
        ("138001380O0", "文字或字母"),  # a letter O typed for a zero
        ("１２３ ４５", "不足7位"),
        ("123456", "不足7位"),
        ("", "请填写"),
    ],
)
def test_letters_and_short_numbers_are_refused_naming_the_field(raw: str, why: str) -> None:
    with pytest.raises(UserError) as info:
        check_phone(raw)
    assert info.value.field == "联系电话"
    assert "联系电话" in info.value.message and why in info.value.message


@pytest.mark.parametrize(
    "raw", ["1380013800", "138001380001", "01112345678", "138 0013 8000 / 139 0000 0000"]
)
def test_plausible_but_unusual_numbers_pass_with_a_warning(raw: str) -> None:
    phone = check_phone(raw)
    assert phone.kind == "other" and phone.warning is not None
