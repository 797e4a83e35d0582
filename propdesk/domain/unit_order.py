"""The order units are listed in: natural order of their codes, numbers as numbers
(1-1-101, 1-1-102, …, 1-1-1001; as text 1-1-1001 would come before 1-1-101)."""

from __future__ import annotations

from collections.abc import Iterable

from natsort import natsort_keygen, ns

#: Sort key of a unit code (digits compared as numbers, letters case-insensitively).
unit_code_key = natsort_keygen(alg=ns.IGNORECASE)


def natural_codes(codes: Iterable[str]) -> list[str]:
    return sorted(codes, key=unit_code_key)
