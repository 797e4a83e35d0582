"""Checks on what gets imported run a script in a fresh interpreter (this test process has
long imported everything): offscreen Qt, this checkout first on the path, and the JSON object
the script prints last read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Not imported before the first paint of the log-in or main window.
HEAVY = (
    "openpyxl",
    "reportlab",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)
#: Services the window does not use before its first paint: ``Services`` builds each (and
#: imports its module) on first use.
ACTION_SERVICES = (
    "propdesk.services.audit_log",
    "propdesk.services.backup",
    "propdesk.services.fees",
    "propdesk.services.importer",
    "propdesk.services.intake",
    "propdesk.services.printing",
    "propdesk.services.statistics",
    "propdesk.services.workflow",
)


def run_fresh(code: str, **env: str) -> dict[str, object]:
    """Run ``code`` with ``env`` added to the environment; the JSON of its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result
