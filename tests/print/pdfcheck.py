"""Read PDFs back for the print tests: pages, sizes, text chunks with positions, fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
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


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Sequence[float], n: Sequence[float]) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: a point maps by m, then by n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n  # noqa: N806
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def chunks(pdf: bytes, page: int = 0) -> list[Chunk]:
    """Every text operation on ``page`` with its position (text matrix × CTM), in page space.

    pypdf reports the text of a form XObject with the form's own matrices only, so the
    form's ``/Matrix`` and the CTM at its ``Do`` are kept on a stack and applied on top.
    """
    ensure_fonts()
    out: list[Chunk] = []
    the_page = reader(pdf).pages[page]
    xobjects = the_page.get("/Resources", {}).get("/XObject", {})
    outer: list[Matrix] = [IDENTITY]  # page space of the level being read

    def before(op: bytes, args: list[object], cm: list[float], _tm: object) -> None:
        if op != b"Do":
            return
        xobject = xobjects.get(args[0]) if args else None
        if xobject is None or xobject.get_object().get("/Subtype") != "/Form":
            outer.append(outer[-1])
            return
        form_matrix = [float(v) for v in xobject.get_object().get("/Matrix", IDENTITY)]
        outer.append(_times(_times(form_matrix, cm), outer[-1]))

    def after(op: bytes, _args: object, _cm: object, _tm: object) -> None:
        if op == b"Do":
            outer.pop()

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        a, b, c, d, e, f = _times(cm, outer[-1])
        x = tm[4] * a + tm[5] * c + e
        y = tm[4] * b + tm[5] * d + f
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (a * a + b * b) ** 0.5
        width = stringWidth(text.strip(), FONT, size) * scale
        dx = (tm[0] * a + tm[1] * c) / ((tm[0] ** 2 + tm[1] ** 2) ** 0.5 or 1)
        out.append(Chunk(text.strip(), x, y, x + width * dx, size * scale))

    the_page.extract_text(
        visitor_operand_before=before, visitor_operand_after=after, visitor_text=visit
    )
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
