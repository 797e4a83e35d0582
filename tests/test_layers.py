"""Qt stays in the UI: everything below it imports and works with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
import propdesk.domain.lifecycle, propdesk.db.connection, propdesk.services
import propdesk.print.slip, propdesk.export
from propdesk.cli.main import main
import tempfile, os
path = os.path.join(tempfile.mkdtemp(), "t.db")
assert main(["--db", path, "init"]) == 0
assert main(["--db", path, "check"]) == 0
print("ok", "PySide6" in sys.modules and sys.modules["PySide6"] is None)
"""


def test_core_runs_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok True")
