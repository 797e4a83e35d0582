"""A deterministic ReportLab canvas that starts in the embedded CJK font."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from .fonts import ensure_fonts


def render_pdf(page_size: tuple[float, float], title: str, draw: Callable[[Canvas], None]) -> bytes:
    """Create a canvas (``invariant=1``, CJK initial font), let ``draw`` fill it, return bytes.

    Starting the canvas in the CJK font keeps the standard Helvetica out of the file entirely
    (ReportLab would otherwise reference it, unembedded, on every page).
    """
    font = ensure_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=page_size,
        invariant=1,
        pageCompression=1,
        initialFontName=font,
        initialFontSize=9,
        initialLeading=11,
    )
    canvas.setTitle(title)
    canvas.setAuthor("propdesk")
    canvas.setCreator("propdesk")
    canvas.setSubject(title)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()
