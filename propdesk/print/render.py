"""Put fitted slips on pages: each order drawn once as a form, placed per copy (needs ReportLab)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .content import SlipContent
from .layout import draw_cut_line, draw_slip, draw_vertical_label, fit
from .paper import Box, Sheet

#: Room around a slip's form for the outer rule's half line width (points).
FORM_MARGIN = 3.0


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
    for n, job in enumerate(jobs):
        body, _strip = split_slot(sheet, sheet.slots[0])
        fitted = fit(
            job.content,
            body.width,
            body.height,
            sheet.base_font,
            shade=not sheet.continuous,
            legend=legend,
        )
        # Every copy of a job is the same drawing: keep it once as a form XObject, placed
        # at each slot; only the 联 labels and cut lines are drawn per page.
        form = f"slip{n}"
        canvas.beginForm(
            form,
            lowerx=-FORM_MARGIN,
            lowery=-FORM_MARGIN,
            upperx=body.width + FORM_MARGIN,
            uppery=body.height + FORM_MARGIN,
        )
        draw_slip(canvas, fitted, Box(0, 0, body.width, body.height), legend)
        canvas.endForm()
        for start in range(0, len(job.labels), per_page):
            page_labels = job.labels[start : start + per_page]
            for slot, label in zip(sheet.slots, page_labels, strict=False):
                body, strip = split_slot(sheet, slot)
                canvas.saveState()
                canvas.translate(body.x, body.y)
                canvas.doForm(form)
                canvas.restoreState()
                if label and sheet.label_strip:
                    draw_vertical_label(canvas, label, strip)
            if len(page_labels) == per_page:
                for y in sheet.cut_lines:
                    draw_cut_line(canvas, y, sheet.width)
            canvas.showPage()
