"""What 套打 can print: the fields a layout file places, and their values on a slip.

Every value comes from the slip's own content (``SlipContent``), so a 套打 print says exactly
what the normal slip says, only without its grid and labels. A field is a value cell of a
row of the slip (named by the label printed before it on the program's own form), the
number, or one of its two codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Cell, Options, Row, SlipContent

#: Material lines a layout may place (材料1名称 … 材料10金额).
MAX_MATERIAL_LINES = 10
MATERIAL_PARTS = ("名称", "数量", "单位", "单价", "金额")

NUMBER, CODE128, QR, REPRINT = "编号", "条码", "二维码", "补打"
#: Fields that are not text: the codes.
CODES = (CODE128, QR)


@dataclass(frozen=True)
class CellField:
    """A value cell: the ``index``-th non-label cell of the row ``row``."""

    row: str
    index: int
    drop: str = ""  # a prefix the cell prints before its value (a label inside the cell)


#: Field name (the label before the value on the program's own form) → its cell.
CELL_FIELDS: dict[str, CellField] = {
    "受理时间": CellField("received", 0),
    "受理人": CellField("received", 1),
    "来源": CellField("received", 2),
    "报修人": CellField("caller", 0),
    "房号": CellField("caller", 1),
    "联系电话": CellField("caller", 2),
    "类别": CellField("category", 0),
    "预约时间": CellField("category", 1),
    "紧急程度": CellField("category", 2),
    "维修类型": CellField("type", 0),
    "材料提供": CellField("type", 1),
    "收费": CellField("type", 2),
    "问题描述": CellField("description", 0),
    "派工人": CellField("dispatch", 0),
    "派工时间": CellField("dispatch", 1),
    "维修人员": CellField("dispatch", 2),
    "到达时间": CellField("times", 0),
    "完成时间": CellField("times", 1),
    "维修结果": CellField("times", 2),
    "维修内容": CellField("work_done", 0),
    "人工费": CellField("fees", 0),
    "材料费": CellField("fees", 1),
    "合计": CellField("fees", 2),
    "合计大写": CellField("words", 0),
    "未完成原因": CellField("reason", 0),
    "业主意见": CellField("opinion", 0),
    "回访方式": CellField("visit", 0),
    "评价": CellField("visit", 1),
    "回访人": CellField("visit", 2, drop="回访人："),
}
for _n in range(MAX_MATERIAL_LINES):
    for _i, _part in enumerate(MATERIAL_PARTS):
        CELL_FIELDS[f"材料{_n + 1}{_part}"] = CellField(f"mat_{_n}", _i)

#: Every field a layout may name, in the order of the form.
FIELD_NAMES: tuple[str, ...] = (NUMBER, CODE128, QR, REPRINT, *CELL_FIELDS)


@dataclass(frozen=True)
class FieldValue:
    text: str = ""
    checks: Options = ()


def _values(row: Row) -> list[Cell]:
    return [c for c in row.cells if not c.label]


def cell_of(rows: tuple[Row, ...], field: CellField, row_key: str | None = None) -> Cell | None:
    """The cell of ``field`` in ``rows`` (``row_key`` overrides the field's row)."""
    key = row_key or field.row
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        return None
    cells = _values(row)
    return cells[field.index] if field.index < len(cells) else None


def field_values(content: SlipContent) -> dict[str, FieldValue]:
    """The value of every field on the slip of ``content`` (blank ones left out)."""
    values = {NUMBER: FieldValue(content.number), REPRINT: FieldValue(content.reprint)}
    for name, field in CELL_FIELDS.items():
        cell = cell_of(content.rows, field)
        if cell is None:
            continue
        text = cell.text.removeprefix(field.drop) if field.drop else cell.text
        values[name] = FieldValue(text.strip(), cell.checks)
    if any(r.key == "mat_none" for r in content.rows):
        values["材料1名称"] = FieldValue(content.row("mat_none").cells[0].text)
    return {k: v for k, v in values.items() if v.text or any(t for _o, t in v.checks)}


def unplaced_materials(content: SlipContent, placed: int) -> int:
    """Material lines of the slip beyond the ``placed`` lines a layout has room for."""
    lines = sum(1 for r in content.rows if r.key.startswith("mat_") and r.key[4:].isdigit())
    return max(0, lines - placed)
