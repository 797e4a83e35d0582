"""Font registration is lazy, idempotent and thread-safe; importing the package is cheap."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from propdesk.print.fonts import FONT, ensure_fonts


def test_ensure_fonts_registers_once_from_many_threads() -> None:
    with ThreadPoolExecutor(8) as pool:
        names = list(pool.map(lambda _n: ensure_fonts(), range(32)))
    assert set(names) == {FONT}
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(FONT)
    assert pdfmetrics.stringWidth("派工单", FONT, 10) == 30  # full-width CJK glyphs
    assert face.face.name == b"WenQuanYiMicroHei"


def test_importing_the_print_api_loads_no_reportlab() -> None:
    code = (
        "import sys\n"
        "from propdesk.print import slip, handover, content, copies, paper, fonts\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('reportlab'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]"
