"""Read PDFs back for the print tests: pages, sizes, text chunks with positions, fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from propdesk.print.fonts import FONT, ensure_fonts

MM = 72 / 25.4


@dataclass(frozen=True)
class Chunk:
    """A piece of text as drawn: its start point and estimated end in page space."""

    text: str
    x: float
    y: float
    x_end: float
    size: float


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1))
        for p in reader(pdf).pages
    ]


def squeeze(text: str) -> str:
    """Text without any whitespace (vertical labels come out one character per line)."""
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def chunks(pdf: bytes, page: int = 0) -> list[Chunk]:
    """Every text operation on ``page`` with its position (text matrix × CTM)."""
    ensure_fonts()
    out: list[Chunk] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        a, b, c, d, e, f = cm
        x = tm[4] * a + tm[5] * c + e
        y = tm[4] * b + tm[5] * d + f
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (a * a + b * b) ** 0.5
        width = stringWidth(text.strip(), FONT, size) * scale
        dx = (tm[0] * a + tm[1] * c) / ((tm[0] ** 2 + tm[1] ** 2) ** 0.5 or 1)
        out.append(Chunk(text.strip(), x, y, x + width * dx, size * scale))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return out


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """``pdffonts`` rows as dicts (name, type, emb, …); skips the test when poppler is absent."""
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = []
    for line in result.stdout.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni objectID gen: read the flags from the right.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
