"""Order (and slip) numbers: ``YYYY`` + six-digit sequence, sequential per year, never reused."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^(\d{4})(\d{6})$")


def format_number(year: int, seq: int) -> str:
    if not 1 <= seq <= 999_999:
        raise ValueError(f"sequence out of range: {seq}")
    return f"{year:04d}{seq:06d}"


def parse_number(number: str) -> tuple[int, int]:
    """``"2026000123"`` -> ``(2026, 123)``; ``ValueError`` when not of that form."""
    m = _NUMBER.match(number.strip())
    if not m or int(m.group(2)) == 0:  # sequences start at 1; format_number never makes 000000
        raise ValueError(f"not an order number: {number!r}")
    return int(m.group(1)), int(m.group(2))
