"""Put fitted slips on pages: copies per sheet, 联 labels, cut lines (needs ReportLab)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .content import SlipContent
from .layout import draw_cut_line, draw_slip, draw_vertical_label, fit
from .paper import Box, Sheet


@dataclass(frozen=True)
class SlipJob:
    content: SlipContent
    labels: tuple[str, ...]  # one per printed copy; ("",) on continuous forms


def split_slot(sheet: Sheet, slot: Box) -> tuple[Box, Box]:
    """The slip's body and, at its right, the strip for the 联 label."""
    body = Box(slot.x, slot.y, slot.width - sheet.label_strip, slot.height)
    return body, Box(body.right, slot.y, sheet.label_strip, slot.height)


def draw_slips(canvas: Canvas, sheet: Sheet, jobs: Sequence[SlipJob], legend: str) -> None:
    """Each job starts a fresh page; its copies fill the sheet's slots in order."""
    per_page = len(sheet.slots)
    for job in jobs:
        body, _strip = split_slot(sheet, sheet.slots[0])
        fitted = fit(
            job.content,
            body.width,
            body.height,
            sheet.base_font,
            shade=not sheet.continuous,
            legend=legend,
        )
        for start in range(0, len(job.labels), per_page):
            page_labels = job.labels[start : start + per_page]
            for slot, label in zip(sheet.slots, page_labels, strict=False):
                body, strip = split_slot(sheet, slot)
                draw_slip(canvas, fitted, body, legend)
                if label and sheet.label_strip:
                    draw_vertical_label(canvas, label, strip)
            if len(page_labels) == per_page:
                for y in sheet.cut_lines:
                    draw_cut_line(canvas, y, sheet.width)
            canvas.showPage()
