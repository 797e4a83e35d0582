"""Paper modes: page size and where each slip goes on the page (pure geometry, in points).

Plain paper (A4, A5, A4 with two copies per sheet) prints one slip per copy with the copy's
联 label in a strip at the right of the slot. Continuous multi-part forms (241 mm wide, for
dot-matrix printers) print each slip once: the carbon plies are the copies, so a single
legend line names them instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from propdesk.domain.enums import PaperMode

MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at the bottom left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Sheet:
    """How one paper mode is laid out."""

    mode: PaperMode
    width: float
    height: float
    slots: tuple[Box, ...]  # slip areas on one page, top first
    label_strip: float  # width kept at the right of each slot for the 联 label; 0 = no labels
    cut_lines: tuple[float, ...]  # y of dashed cut lines between slots
    base_font: float  # preferred body font size
    blank_material_rows: int  # ruled materials lines when nothing is known yet

    @property
    def continuous(self) -> bool:
        return self.mode.is_continuous

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)


def _box(left: float, bottom: float, right: float, top: float) -> Box:
    return Box(left * MM, bottom * MM, (right - left) * MM, (top - bottom) * MM)


A4_W, A4_H = 210.0, 297.0


def sheet_for(mode: PaperMode) -> Sheet:
    """The layout of ``mode`` (all sizes in points)."""
    if mode is PaperMode.A4X2:
        half = A4_H / 2
        return Sheet(
            mode,
            A4_W * MM,
            A4_H * MM,
            slots=(_box(10, half + 5, 204, A4_H - 7), _box(10, 7, 204, half - 5)),
            label_strip=9 * MM,
            cut_lines=(half * MM,),
            base_font=9.0,
            blank_material_rows=3,
        )
    if mode is PaperMode.A4:
        return Sheet(
            mode,
            A4_W * MM,
            A4_H * MM,
            slots=(_box(12, 12, 202, A4_H - 12),),
            label_strip=10 * MM,
            cut_lines=(),
            base_font=10.5,
            blank_material_rows=6,
        )
    if mode is PaperMode.A5:
        w, h = 210.0, 148.0  # A5 landscape
        return Sheet(
            mode,
            w * MM,
            h * MM,
            slots=(_box(10, 6, 204, h - 7),),
            label_strip=9 * MM,
            cut_lines=(),
            base_font=9.0,
            blank_material_rows=3,
        )
    # Continuous forms: 241 mm including the tractor strips; 13 mm side margins keep the text
    # clear of the sprocket holes (well over the 5 mm minimum).
    # 套打 is measured from the program's own 241×140 form (its layout file sets the page).
    if mode in (PaperMode.CONT_241X140, PaperMode.OVERLAY):
        w, h = 241.0, 140.0
        return Sheet(
            mode,
            w * MM,
            h * MM,
            # 5 mm above and below: the form has no margin of its own to keep clear of
            slots=(_box(13, 5, w - 13, h - 5),),
            label_strip=0.0,
            cut_lines=(),
            base_font=9.0,
            blank_material_rows=3,
        )
    if mode is PaperMode.CONT_241X279:
        w, h = 241.0, 279.0
        return Sheet(
            mode,
            w * MM,
            h * MM,
            slots=(_box(13, 10, w - 13, h - 10),),
            label_strip=0.0,
            cut_lines=(),
            base_font=10.5,
            blank_material_rows=6,
        )
    raise ValueError(f"unknown paper mode: {mode!r}")


def pages_for(mode: PaperMode, copies: int) -> int:
    """Pages one slip takes: continuous forms print once; plain paper one slot per copy."""
    if mode.is_continuous:
        return 1
    per_page = len(sheet_for(mode).slots)
    return -(-copies // per_page)
