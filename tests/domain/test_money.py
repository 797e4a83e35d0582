"""Money: yuan parsing to fen, one rounding rule (half up), display and 大写金额."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from propdesk.domain.errors import UserError
from propdesk.domain.money import (
    amount_in_words,
    fen_to_yuan,
    format_yuan,
    line_amount,
    parse_quantity,
    yuan_to_fen,
)

# --- yuan_to_fen ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.5", 1250),
        ("12.50", 1250),
        ("12", 1200),
        ("0", 0),
        ("0.01", 1),
        ("￥1,200.00", 120000),
        ("¥1,200.00", 120000),
        ("￥ 1，200", 120000),
        ("  88.8  ", 8880),
        ("0.005", 1),
        ("0.004", 0),
        ("0.015", 2),
        ("0.025", 3),
        ("1.995", 200),
        ("0.0049999999999999999999999999999", 0),
        ("", 0),
        ("   ", 0),
    ],
)
def test_yuan_to_fen_text(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


def test_yuan_to_fen_numbers() -> None:
    assert yuan_to_fen(12) == 1200
    assert yuan_to_fen(0) == 0
    assert yuan_to_fen(Decimal("12.345")) == 1235
    assert yuan_to_fen(Decimal("12.344")) == 1234
    assert isinstance(yuan_to_fen("12.5"), int)


@pytest.mark.parametrize("value", ["-1", "-0.01", "-0.001", "￥-5", Decimal("-3"), -5])
def test_negative_refused(value: str | Decimal | int) -> None:
    with pytest.raises(UserError) as info:
        yuan_to_fen(value, "人工费")
    assert info.value.field == "人工费"
    assert "人工费" in str(info.value)
    assert "负" in str(info.value)


@pytest.mark.parametrize("value", ["abc", "12.5元", "1.2.3", "12a", "NaN", "Infinity", "--1", "￥"])
def test_junk_refused_with_the_field_name(value: str) -> None:
    if value == "￥":  # the symbol alone is an empty amount, not junk
        assert yuan_to_fen(value, "材料费") == 0
        return
    with pytest.raises(UserError) as info:
        yuan_to_fen(value, "材料费")
    assert info.value.field == "材料费"
    assert str(info.value).startswith("材料费")
    assert value in str(info.value)


def test_default_field_name() -> None:
    with pytest.raises(UserError, match="^金额"):
        yuan_to_fen("abc")


@pytest.mark.parametrize("value", ["1e999999", "12345678901234567890123456789", "1e12", 10**13])
def test_absurd_amounts_refused_as_user_errors(value: str | int) -> None:
    with pytest.raises(UserError) as info:
        yuan_to_fen(value, "合计")
    assert info.value.field == "合计"


# --- display ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "0.00"), (1, "0.01"), (10, "0.10"), (1250, "12.50"), (120000, "1200.00"), (None, "")],
)
def test_format_yuan(fen: int | None, text: str) -> None:
    assert format_yuan(fen) == text


def test_format_yuan_round_trips_through_parsing() -> None:
    for fen in (0, 1, 99, 100, 12345, 100000000):
        assert yuan_to_fen(format_yuan(fen)) == fen


def test_fen_to_yuan_is_exact_decimal() -> None:
    value = fen_to_yuan(1250)
    assert value == Decimal("12.50")
    assert str(value) == "12.50"
    assert str(fen_to_yuan(1)) == "0.01"


# --- quantities and line amounts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [("2", "2"), ("2.0", "2"), ("100", "100"), ("1000", "1000"), ("1.5", "1.5"), ("0.25", "0.25")],
)
def test_parse_quantity(text: str, shown: str) -> None:
    qty = parse_quantity(text)
    assert qty == Decimal(shown)
    assert str(qty) == shown  # printed on the slip as is, never as 1E+2


@pytest.mark.parametrize("value", ["0", "-1", "abc", "", "NaN"])
def test_parse_quantity_refuses(value: str) -> None:
    with pytest.raises(UserError) as info:
        parse_quantity(value, "管件数量")
    assert info.value.field == "管件数量"
    assert "管件数量" in str(info.value)


@pytest.mark.parametrize(
    ("qty", "price", "fen"),
    [
        ("2", 1250, 2500),
        ("0.5", 1, 1),  # 0.5 fen -> 1 (half even would give 0)
        ("2.5", 1, 3),  # 2.5 -> 3 (half even would give 2)
        ("1.5", 3, 5),  # 4.5 -> 5
        ("0.333", 1000, 333),
        ("1.25", 3, 4),  # 3.75 -> 4
        ("1.2", 3, 4),  # 3.6 -> 4
        ("1.1", 3, 3),  # 3.3 -> 3
        ("3", 0, 0),
    ],
)
def test_line_amount_rounds_half_up(qty: str, price: int, fen: int) -> None:
    assert line_amount(Decimal(qty), price) == fen


# --- 大写金额 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (0, "零元整"),
        (1, "壹分"),
        (5, "伍分"),
        (10, "壹角整"),
        (55, "伍角伍分"),
        (100, "壹元整"),
        (105, "壹元零伍分"),
        (150, "壹元伍角整"),
        (1000, "壹拾元整"),
        (1001, "壹拾元零壹分"),
        (1500, "壹拾伍元整"),
        (10050, "壹佰元伍角整"),
        (32504, "叁佰贰拾伍元零肆分"),
        (100100, "壹仟零壹元整"),
        (101000, "壹仟零壹拾元整"),
        (140950, "壹仟肆佰零玖元伍角整"),
        (120003, "壹仟贰佰元零叁分"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),
        (1000000, "壹万元整"),
        (1000500, "壹万零伍元整"),
        (1640902, "壹万陆仟肆佰零玖元零贰分"),
        (10000000, "壹拾万元整"),
        (10700053, "壹拾万柒仟元伍角叁分"),
        (10000500, "壹拾万零伍元整"),
        (100010000, "壹佰万零壹佰元整"),
        (10000000000, "壹亿元整"),
        (10000100000, "壹亿零壹仟元整"),
        (11000000000, "壹亿壹仟万元整"),
        (100000000000, "壹拾亿元整"),
        (100000000001, "壹拾亿元零壹分"),
    ],
)
def test_amount_in_words(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_amount_in_words_refuses_negative() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)


_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _words_to_fen(words: str) -> int:
    """An independent reader of 大写金额, for checking the writer both ways."""
    body = words.removesuffix("整")
    yuan_text, _, frac = body.partition("元") if "元" in body else ("", "", body)
    total = section = digit = 0
    for ch in yuan_text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            section += digit * _UNIT[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {words}")
    yuan = total + section + digit
    fen = 0
    digit = 0
    for ch in frac:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch == "角":
            fen += digit * 10
        elif ch == "分":
            fen += digit
        else:
            raise AssertionError(f"unexpected {ch!r} in {words}")
    return yuan * 100 + fen


def _digit_positions(words: str) -> list[tuple[int, bool]]:
    """(power of ten, written after a 零) for each non-zero digit of the yuan part."""
    yuan_text = words.partition("元")[0] if "元" in words else ""
    out: list[tuple[int, bool]] = []
    group: list[tuple[int, bool]] = []
    zero = False
    pending: int | None = None
    for ch in yuan_text + "|":
        if ch == "零":
            zero = True
        elif ch in _DIGIT:
            pending = _DIGIT[ch]
        elif ch in _UNIT or pending is not None:
            group.append(({"拾": 1, "佰": 2, "仟": 3}.get(ch, 0), zero))
            zero = False
            pending = None
        if ch in ("万", "亿", "|"):
            section = {"万": 4, "亿": 8, "|": 0}[ch]
            out.extend((pos + section, z) for pos, z in group)
            group = []
    return out


def _sample_amounts() -> list[int]:
    rng = random.Random(2026)
    values = list(range(0, 2100))
    for digits in range(3, 15):
        for _ in range(150):
            # amounts with many zeros, where the 零 rules bite
            raw = "".join(rng.choice("0000123456789") for _ in range(digits))
            values.append(int(raw))
    return values


def test_amount_in_words_reads_back_and_follows_banking_rules() -> None:
    for fen in _sample_amounts():
        words = amount_in_words(fen)
        assert _words_to_fen(words) == fen, (fen, words)
        assert "零零" not in words, words
        if fen >= 100 or fen == 0:
            assert "元" in words
        if fen % 100 == 0:
            assert words.endswith("元整"), words
        elif fen % 10 == 0:
            assert words.endswith("角整"), words
        else:
            assert words.endswith("分") and "整" not in words, words
        if fen != 0:
            assert not words.startswith("零"), words
            for unit in ("元", "万", "亿"):
                assert f"零{unit}" not in words, words
        if fen >= 100 and fen % 100 and (fen // 10) % 10 == 0:
            assert "元零" in words, words  # 角 is 0 but 分 is not: 零 after 元
        if 10 <= fen // 100 < 20:
            assert words.startswith("壹拾"), words  # never a bare 拾
        # 零 between non-adjacent digits, none between adjacent ones; where the gap ends at a
        # section's 仟 digit (…万|仟…) banking usage allows either.
        digits = _digit_positions(words)
        assert len(digits) == sum(1 for c in str(fen // 100) if c != "0"), words
        for (high, _), (low, zero) in zip(digits, digits[1:], strict=False):
            if high - low == 1:
                assert not zero, words
            elif low % 4 != 3:
                assert zero, words


def test_digit_position_reader() -> None:
    assert _digit_positions("壹仟零壹元整") == [(3, False), (0, True)]
    assert _digit_positions("壹亿壹仟万元整") == [(8, False), (7, False)]
    assert _digit_positions("壹拾万零伍元整") == [(5, False), (0, True)]
