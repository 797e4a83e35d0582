"""Money in integer fen (分). One rounding rule: half up, to the fen."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from .records import MaterialLine

FEN = Decimal("0.01")
# One trillion yuan: far above any fee, and within what amount_in_words and int64 fen hold.
_MAX_YUAN = Decimal(10) ** 12


def yuan_to_fen(value: str | Decimal | int, field: str = "金额") -> int:
    """Parse a yuan amount (``"12.5"``, ``"￥1,200.00"``) to fen; ``UserError`` naming ``field``."""
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "").lstrip("￥¥").strip()
        if text == "":
            return 0
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise UserError(f"{field}“{value}”不是有效金额", field) from None
    if not amount.is_finite():
        raise UserError(f"{field}“{value}”不是有效金额", field)
    if amount < 0:
        raise UserError(f"{field}不能为负数", field)
    if amount >= _MAX_YUAN:  # checked first: rounding a huge value overflows the context
        raise UserError(f"{field}“{value}”超出范围", field)
    # Round once, from the exact typed value (amount * 100 would round to 28 digits first).
    fen = int(amount.quantize(FEN, rounding=ROUND_HALF_UP) * 100)
    if fen >= _MAX_YUAN * 100:
        raise UserError(f"{field}“{value}”超出范围", field)
    return fen


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def format_yuan(fen: int | None) -> str:
    """``1250`` -> ``"12.50"``; ``None`` -> ``""``."""
    if fen is None:
        return ""
    return f"{fen_to_yuan(fen):,.2f}".replace(",", "")


def parse_quantity(value: str | Decimal | int, field: str = "数量") -> Decimal:
    try:
        qty = Decimal(str(value).strip())
    except InvalidOperation:
        raise UserError(f"{field}“{value}”不是有效数字", field) from None
    if not qty.is_finite() or qty <= 0:
        raise UserError(f"{field}必须大于0", field)
    # normalize() alone would turn 100 into 1E+2
    return Decimal(int(qty)) if qty == qty.to_integral() else qty


def line_amount(quantity: Decimal, unit_price_fen: int) -> int:
    """Amount of a material line in fen: quantity × unit price, rounded half up."""
    return int((quantity * unit_price_fen).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


def _four_digits(n: int) -> str:
    out = ""
    zero = False
    for pos in range(3, -1, -1):
        d = (n // 10**pos) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _UNITS[pos]
    return out


def amount_in_words(fen: int) -> str:
    """Chinese capital amount (大写金额), e.g. 10050 -> ``"壹佰元伍角整"``, per banking usage."""
    if fen < 0:
        raise ValueError("negative amount")
    yuan, rest = divmod(fen, 100)
    jiao, fen_part = divmod(rest, 10)
    words = ""
    if yuan:
        sections = []
        i = 0
        y = yuan
        while y:
            sections.append((y % 10000, i))
            y //= 10000
            i += 1
        need_zero = False
        for value, idx in reversed(sections):
            if value == 0:
                need_zero = bool(words)
                continue
            if words and (need_zero or value < 1000):
                words += "零"
            words += _four_digits(value) + _SECTIONS[idx]
            need_zero = False
        words += "元"
    if jiao == 0 and fen_part == 0:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen_part:
        words += _DIGITS[fen_part] + "分"
    else:
        words += "整"
    return words


def unlisted_price_lines(paid: bool, lines: Sequence[MaterialLine]) -> list[int]:
    """Line numbers (from 1) of a paid order's fee lines priced outside the 收费标准 (not taken
    from a fee item, with a price; owner-supplied materials are not charged): each needs the
    工程主管's approval (seed 002) before finance collects."""
    if not paid:
        return []
    return [
        i
        for i, line in enumerate(lines, start=1)
        if line.fee_item_id is None and line.unit_price_fen > 0 and not line.owner_supplied
    ]


def labour_unlisted(paid: bool, labour_fen: int, listed_labour_fen: int) -> bool:
    """Whether a paid order's labour fee is priced outside the 收费标准: any fee other than
    the labour of the fee items it was made of (a typed figure), unless it is zero; like an
    unlisted fee line it needs the 工程主管's approval (seed 002) before finance collects."""
    return paid and labour_fen > 0 and labour_fen != listed_labour_fen
