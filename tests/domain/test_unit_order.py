"""Units are listed in natural order of their codes."""

from __future__ import annotations

from propdesk.domain.unit_order import natural_codes


def test_numbers_in_codes_compare_as_numbers() -> None:
    codes = ["1-1-1001", "10-1-101", "1-1-101", "2-1-101", "1-1-102", "1-2-101", "B-2", "a-10"]
    assert natural_codes(codes) == [
        "1-1-101",
        "1-1-102",
        "1-1-1001",
        "1-2-101",
        "2-1-101",
        "10-1-101",
        "a-10",
        "B-2",
    ]
