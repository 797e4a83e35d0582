"""Order numbers: YYYY + six-digit sequence, sequential per year, never reused."""

from __future__ import annotations

import pytest

from propdesk.domain.numbering import format_number, parse_number


@pytest.mark.parametrize(
    ("year", "seq", "number"),
    [
        (2026, 1, "2026000001"),
        (2026, 123, "2026000123"),
        (2026, 999_999, "2026999999"),
        (2027, 1, "2027000001"),
    ],
)
def test_format_and_parse(year: int, seq: int, number: str) -> None:
    assert format_number(year, seq) == number
    assert parse_number(number) == (year, seq)


@pytest.mark.parametrize("seq", [0, -1, 1_000_000])
def test_sequence_out_of_range(seq: int) -> None:
    with pytest.raises(ValueError):
        format_number(2026, seq)


def test_parse_ignores_surrounding_whitespace() -> None:
    assert parse_number("  2026000123\n") == (2026, 123)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026",
        "202600001",  # nine digits
        "20260000001",  # eleven digits
        "2026-000001",
        "NO.2026000001",
        "abcd000001",
        "2026 000001",
        "2026000000",  # sequences start at 1; format_number never makes this
    ],
)
def test_parse_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_round_trip_over_the_range() -> None:
    for seq in (1, 2, 9, 10, 99_999, 100_000, 999_998, 999_999):
        assert parse_number(format_number(2026, seq)) == (2026, seq)


def test_year_change_starts_again_at_one_and_sorts_after() -> None:
    last_of_2026 = format_number(2026, 999_999)
    first_of_2027 = format_number(2027, 1)
    assert first_of_2027 == "2027000001"
    assert parse_number(first_of_2027) == (2027, 1)
    # Text order is issue order, across the year change too (the registers sort by number).
    issued = [format_number(2026, 1), format_number(2026, 123), last_of_2026, first_of_2027]
    assert sorted(issued) == issued
    assert first_of_2027 > last_of_2026


def test_same_sequence_in_two_years_gives_two_numbers() -> None:
    assert format_number(2026, 5) != format_number(2027, 5)


def test_numbers_are_fixed_width() -> None:
    assert {len(format_number(2026, seq)) for seq in (1, 10, 1000, 999_999)} == {10}
