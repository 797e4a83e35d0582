"""The shipped CJK font, registered with ReportLab once, lazily and thread-safely.

WenQuanYi Micro Hei is a TrueType-outline collection (ReportLab refuses CFF fonts such as
Noto CJK); subfont 0 is the proportional face. ReportLab embeds only the glyphs used. The
built-in ``STSong-Light`` is never used: it is not embedded and prints blank on PCs that
lack it.
"""

from __future__ import annotations

import threading

from propdesk.resources_path import CJK_FONT_FILE, resource

#: The family name under which the CJK font is registered (regular weight only).
FONT = "WenQuanYiMicroHei"

_lock = threading.Lock()
_registered = False


def ensure_fonts() -> str:
    """Register the CJK font if not done yet and return its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            path = resource(*CJK_FONT_FILE)
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            # Map every style to the one face so <b>/<i> in paragraphs never fall back
            # to an unembedded standard font.
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT
            )
            _registered = True
    return FONT
