"""Locate runtime files shipped in ``resources/`` (installed wheel or source checkout)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding the shipped runtime files."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("propdesk resources folder not found (fonts missing from the install)")


def resource(*parts: str) -> Path:
    """Path of one shipped file, e.g. ``resource("fonts", "wqy-microhei.ttc")``."""
    return resources_dir().joinpath(*parts)


CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")
