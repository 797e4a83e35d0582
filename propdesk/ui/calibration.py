"""Printer calibration: an X/Y offset in millimetres and a scale correction per printer and
paper, remembered per PC (QSettings) and applied to every job sent to that printer.

A dot-matrix driver commonly places a continuous form a few millimetres off, and some
drivers shrink or stretch a page by a percent or two. The clerk prints the calibration page
(a millimetre ruler and cross-hairs at known positions), measures where the marks landed
and types the correction: a positive X moves the print right, a positive Y moves it down,
the scale stretches it from the top left corner of the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from PySide6.QtCore import QSettings

from propdesk.domain.enums import PaperMode
from propdesk.domain.errors import UserError

#: Largest offset accepted (mm): more than this is a wrong paper or a wrong tray, not drift.
MAX_OFFSET_MM = 30
#: Scale corrections accepted, in percent.
MIN_SCALE_PCT, MAX_SCALE_PCT = 90, 110

X_FIELD, Y_FIELD, SCALE_FIELD = "横向偏移", "纵向偏移", "缩放"


@dataclass(frozen=True)
class Calibration:
    """Where this PC's printer puts a page: shift (mm) and scale (1.0 = 100 %)."""

    dx_mm: float = 0.0
    dy_mm: float = 0.0
    scale: float = 1.0

    @property
    def is_identity(self) -> bool:
        return self.dx_mm == 0 and self.dy_mm == 0 and self.scale == 1.0

    def describe(self) -> str:
        """``横向 +1.5 mm，纵向 -2 mm，缩放 99.5%`` (for the preview's info line)."""
        return f"横向 {self.dx_mm:+g} mm，纵向 {self.dy_mm:+g} mm，缩放 {self.scale * 100:g}%"


def _number(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise UserError(f"{field}“{text}”不是数字", field) from None
    if not value.is_finite():
        raise UserError(f"{field}“{text}”不是数字", field)
    return value


def parse_calibration(dx: str, dy: str, scale_pct: str) -> Calibration:
    """The clerk's typed correction; ``UserError`` naming the field when out of range."""
    x, y = _number(dx, X_FIELD), _number(dy, Y_FIELD)
    for value, field in ((x, X_FIELD), (y, Y_FIELD)):
        if abs(value) > MAX_OFFSET_MM:
            raise UserError(
                f"{field}应在 -{MAX_OFFSET_MM} 到 {MAX_OFFSET_MM} 毫米之间，而不是 {value}", field
            )
    pct = _number(scale_pct or "100", SCALE_FIELD)
    if not MIN_SCALE_PCT <= pct <= MAX_SCALE_PCT:
        raise UserError(
            f"{SCALE_FIELD}应在 {MIN_SCALE_PCT}% 到 {MAX_SCALE_PCT}% 之间，而不是 {pct}%",
            SCALE_FIELD,
        )
    return Calibration(float(x), float(y), float(pct / 100))


def _key(printer: str, paper: PaperMode) -> str:
    # printer names may hold "/" or "\\" (Windows network printers): keep them one key
    return f"print/calibration/{quote(printer, safe='')}/{paper.value}"


def load_calibration(prefs: QSettings, printer: str, paper: PaperMode) -> Calibration:
    """This PC's calibration of ``printer`` for ``paper`` (none: no correction)."""
    key = _key(printer, paper)
    try:
        return Calibration(
            float(prefs.value(f"{key}/dx_mm", 0.0)),  # type: ignore[arg-type]
            float(prefs.value(f"{key}/dy_mm", 0.0)),  # type: ignore[arg-type]
            float(prefs.value(f"{key}/scale", 1.0)),  # type: ignore[arg-type]
        )
    except (TypeError, ValueError):
        return Calibration()


def save_calibration(
    prefs: QSettings, printer: str, paper: PaperMode, calibration: Calibration
) -> None:
    key = _key(printer, paper)
    prefs.setValue(f"{key}/dx_mm", calibration.dx_mm)
    prefs.setValue(f"{key}/dy_mm", calibration.dy_mm)
    prefs.setValue(f"{key}/scale", calibration.scale)
    prefs.sync()
