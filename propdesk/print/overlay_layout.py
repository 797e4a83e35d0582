"""The 套打 layout file: where each value goes on a pre-printed form, read from JSON.

A clerk edits this file (see the README, 套打); everything in it is checked before anything
prints, and a problem is refused with a Chinese message naming the file, the line and the
field. Positions are millimetres from the top left corner of the sheet; sizes are points.
No ReportLab here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from propdesk.domain.errors import UserError

from .overlay_fields import CODE128, FIELD_NAMES, QR

#: The file's name in the data folder.
LAYOUT_FILE = "套打布局.json"
ALIGNS = ("left", "center", "right")
MIN_SIZE, MAX_SIZE = 4.0, 40.0
FIELD_KEYS = {"x_mm", "y_mm", "width_mm", "height_mm", "size", "wrap", "align", "marks", "box_mm"}
TOP_KEYS = {"说明", "page", "font_size", "fields"}


@dataclass(frozen=True)
class Placement:
    """Where one field goes (mm from the sheet's top left corner; ``size`` in points)."""

    x_mm: float
    y_mm: float  # top of the first line (of the bars, of the QR code)
    width_mm: float = 0.0
    height_mm: float = 0.0  # wrapped text shrinks to fit it; the codes' height
    size: float = 9.0
    wrap: bool = False
    align: str = "left"
    marks: dict[str, tuple[float, float]] = field(default_factory=dict)  # option → box corner
    box_mm: float = 0.0  # side of a mark's box (0: 0.8 × size)


@dataclass(frozen=True)
class OverlayLayout:
    width_mm: float
    height_mm: float
    fields: dict[str, Placement]
    source: str = ""  # the file it was read from, for messages


class LayoutError(UserError):
    """A layout file the program cannot use (nothing prints)."""


def _line_of(text: str, name: str) -> int:
    """The line where ``"name"`` first appears (1 when it does not)."""
    at = text.find(json.dumps(name, ensure_ascii=False))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, where: str, problem: str) -> LayoutError:
        line = _line_of(self.text, where)
        return LayoutError(
            f"套打布局文件 {self.source} 第 {line} 行，“{where}”：{problem}。未打印。", where
        )

    def number(self, where: str, key: str, value: Any, low: float, high: float) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(
                where, f"{key} 应为数字，而不是 {json.dumps(value, ensure_ascii=False)}"
            )
        if not low <= value <= high:
            raise self.fail(where, f"{key} 应在 {low:g} 到 {high:g} 之间，而不是 {value:g}")
        return float(value)

    def placement(self, name: str, raw: Any, page: tuple[float, float], size: float) -> Placement:
        if not isinstance(raw, dict):
            raise self.fail(name, "应为一个 { … } 对象")
        unknown = sorted(set(raw) - FIELD_KEYS)
        if unknown:
            raise self.fail(name, f"不认识的设置 {'、'.join(unknown)}")
        width, height = page
        for key in ("x_mm", "y_mm"):
            if key not in raw:
                raise self.fail(name, f"缺少 {key}")
        x = self.number(name, "x_mm", raw["x_mm"], 0, width)
        y = self.number(name, "y_mm", raw["y_mm"], 0, height)
        code = name in (CODE128, QR)
        if not code and "width_mm" not in raw:
            raise self.fail(name, "缺少 width_mm（文字的宽度）")
        if code and "height_mm" not in raw:
            raise self.fail(name, "缺少 height_mm（条码或二维码的高度）")
        w = self.number(name, "width_mm", raw.get("width_mm", 1), 1, width - x)
        h = self.number(name, "height_mm", raw.get("height_mm", 0), 0, height - y)
        if code and h < (8 if name == QR else 4):
            raise self.fail(name, f"height_mm 太小（{h:g} 毫米），扫码枪读不出")
        fs = self.number(name, "size", raw.get("size", size), MIN_SIZE, MAX_SIZE)
        wrap = raw.get("wrap", False)
        if not isinstance(wrap, bool):
            raise self.fail(name, "wrap 应为 true（换行）或 false（一行，放不下时缩小字号）")
        align = raw.get("align", "left")
        if align not in ALIGNS:
            raise self.fail(name, f"align 应为 {'、'.join(ALIGNS)} 之一，而不是 {align}")
        box = self.number(name, "box_mm", raw.get("box_mm", 0), 0, 20)
        return Placement(x, y, w, h, fs, wrap, align, self.marks(name, raw, page), box)

    def marks(self, name: str, raw: dict[str, Any], page: tuple[float, float]) -> dict[str, Any]:
        marks = raw.get("marks", {})
        if not isinstance(marks, dict):
            raise self.fail(name, "marks 应为 { 选项: [x_mm, y_mm] }")
        out = {}
        for option, at in marks.items():
            if not (isinstance(at, list) and len(at) == 2):
                raise self.fail(name, f"marks 中“{option}”应为 [x_mm, y_mm]")
            out[option] = (
                self.number(name, f"“{option}”的 x_mm", at[0], 0, page[0]),
                self.number(name, f"“{option}”的 y_mm", at[1], 0, page[1]),
            )
        return out


def parse_layout(text: str, source: str) -> OverlayLayout:
    """The layout in ``text`` (the file ``source``); ``LayoutError`` naming the file, the
    line and the field for anything the program cannot use."""
    reader = _Reader(text, source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(
            f"套打布局文件 {source} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON"
            f"（{exc.msg}）。未打印。",
            "套打布局",
        ) from None
    if not isinstance(data, dict):
        raise reader.fail("fields", "文件应为一个 { … } 对象")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise reader.fail(unknown[0], "不认识的设置（可用的有 说明、page、font_size、fields）")
    page = data.get("page")
    if not isinstance(page, dict) or {"width_mm", "height_mm"} - set(page):
        raise reader.fail("page", '应为 {"width_mm": 纸宽, "height_mm": 纸高}')
    width = reader.number("page", "width_mm", page["width_mm"], 50, 500)
    height = reader.number("page", "height_mm", page["height_mm"], 50, 1000)
    size = reader.number("font_size", "font_size", data.get("font_size", 9), MIN_SIZE, MAX_SIZE)
    fields = data.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise reader.fail("fields", "应列出至少一个字段的位置")
    placements = {}
    for name, raw in fields.items():
        if name not in FIELD_NAMES:
            raise reader.fail(name, "不认识的字段（可用的字段见说明书“套打”一节）")
        placements[name] = reader.placement(name, raw, (width, height), size)
    return OverlayLayout(width, height, placements, source)


def _round(value: float) -> float:
    return round(value, 1)


def dump_layout(layout: OverlayLayout, note: str = "") -> str:
    """``layout`` as the JSON a clerk edits (one field a line, millimetres to 0.1)."""
    fields: dict[str, dict[str, Any]] = {}
    for name, p in layout.fields.items():
        entry: dict[str, Any] = {"x_mm": _round(p.x_mm), "y_mm": _round(p.y_mm)}
        if name not in (CODE128, QR):
            entry["width_mm"] = _round(p.width_mm)
        if p.height_mm:
            entry["height_mm"] = _round(p.height_mm)
        if name not in (CODE128, QR):
            entry["size"] = round(p.size, 2)
            entry["wrap"] = p.wrap
            if p.align != "left":
                entry["align"] = p.align
        if p.marks:
            entry["marks"] = {o: [_round(x), _round(y)] for o, (x, y) in p.marks.items()}
            entry["box_mm"] = _round(p.box_mm)
        fields[name] = entry
    sizes = [p.size for p in layout.fields.values()]
    font_size = max(set(sizes), key=sizes.count) if sizes else 9.0
    lines = ["{"]
    if note:
        lines.append(f'  "说明": {json.dumps(note, ensure_ascii=False)},')
    page = {"width_mm": layout.width_mm, "height_mm": layout.height_mm}
    lines.append(f'  "page": {json.dumps(page)},')
    lines.append(f'  "font_size": {round(font_size, 2)},')
    lines.append('  "fields": {')
    items = [
        f"    {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
        for name, entry in fields.items()
    ]
    lines.append(",\n".join(items))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"
