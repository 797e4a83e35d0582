"""Phone numbers as clerks type them: normalise, classify, refuse what cannot be a number
(letters, fewer than 7 digits) and warn — without blocking — on unusual but plausible ones.

A mobile is 11 digits starting with 1; a landline is 7–8 digits with an optional 0-prefixed
area code and an extension."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import UserError

_MOBILE = re.compile(r"^1\d{10}$")
# Area codes: 010 and 02x have three digits, all others (03xx–09xx) four, so that run-together
# input like 02112345678 splits as 021-12345678.
_LANDLINE = re.compile(
    r"^(010|02\d|0[3-9]\d{2})-?(\d{7,8})(?:(?:-|转|ext\.?|#)(\d{1,6}))?$", re.IGNORECASE
)
_STORED_LANDLINE = re.compile(r"^(0\d{2,3})-(\d{7,8})(-\d{1,6})?$")
_LOCAL = re.compile(r"^\d{7,8}$")


@dataclass(frozen=True)
class Phone:
    text: str  # normalised text to store
    kind: str  # "mobile", "landline", "other"
    warning: str | None = None


def normalize_phone(raw: str) -> Phone:
    """Full-width digits and spaces folded; mobiles as 11 digits (+86 dropped); landlines as
    ``区号-号码[-分机]``. Unusual input is kept as typed with a warning."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    compact = re.sub(r"[\s()（）]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    digits_only = compact.replace("-", "")
    if _MOBILE.match(digits_only):
        return Phone(digits_only, "mobile")
    m = _LANDLINE.match(compact)
    if m:
        area, number, ext = m.groups()
        return Phone(f"{area}-{number}" + (f"-{ext}" if ext else ""), "landline")
    if _LOCAL.match(digits_only):
        return Phone(digits_only, "landline")
    if not compact:
        return Phone("", "other", "联系电话为空")
    return Phone(text, "other", f"联系电话“{text}”格式不常见，请核对")


MIN_DIGITS = 7


def check_phone(raw: str) -> Phone:
    """``normalize_phone``, refusing (``UserError`` naming 联系电话) text with letters and
    numbers of fewer than 7 digits; unusual but plausible numbers keep their warning."""
    phone = normalize_phone(raw)
    if phone.kind != "other":
        return phone
    if not phone.text:
        raise UserError("请填写联系电话", "联系电话")
    if any(c.isalpha() for c in phone.text):
        raise UserError(f"联系电话“{phone.text}”含有文字或字母，只能填写号码", "联系电话")
    if sum(c.isdigit() for c in phone.text) < MIN_DIGITS:
        raise UserError(f"联系电话“{phone.text}”不足{MIN_DIGITS}位数字", "联系电话")
    return phone


def mask_phone(text: str) -> str:
    """``13800138000`` -> ``138****8000``; landlines keep area code and last four digits."""
    if len(text) == 11 and text.isdigit():
        return text[:3] + "****" + text[-4:]
    m = _STORED_LANDLINE.match(text)
    if m:
        area, number, ext = m.groups()
        return f"{area}-****{number[-4:]}" + (ext or "")
    if len(text) <= 4:
        return "*" * len(text)
    return text[: max(0, len(text) - 8)] + "****" + text[-4:]
