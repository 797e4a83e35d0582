"""The walkthrough (``python -m tests.ui.walkthrough``) as a test: a clerk's day in the real
window on the X display named by ``DISPLAY`` (the xcb platform, a window manager running).

Skipped when there is no display, unless ``PROPDESK_REQUIRE_DISPLAY=1`` (``.ci/run`` sets it
after starting Xvfb and openbox): then a missing display is a failure. The screenshots go to
``PROPDESK_WALKTHROUGH_DIR`` when set, else to the test's temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STEPS = (
    "log-in",
    "main-window",
    "intake-typed",
    "intake-saved",
    "dispatch-chosen",
    "print-preview",
    "fee-schedule-list",
    "complete-with-fee-line",
    "visit",
    "order-closed",
    "search",
    "export-dialog",
    "exported",
    "menu-log-out",
    "log-in-finance",
    "finance-collects",
    "finance-collected",
    "log-in-manager",
    "statistics",
    "month-export-dialog",
    "month-exported",
    "logged-out",
)


def test_a_clerks_day_in_the_real_window(tmp_path: Path) -> None:
    if not os.environ.get("DISPLAY"):
        if os.environ.get("PROPDESK_REQUIRE_DISPLAY") == "1":
            pytest.fail("PROPDESK_REQUIRE_DISPLAY=1 but DISPLAY is not set: no X server")
        pytest.skip("no X display (DISPLAY unset): the walkthrough needs a real window")
    out = Path(os.environ.get("PROPDESK_WALKTHROUGH_DIR") or tmp_path / "shots")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.walkthrough", str(out)],
        cwd=Path(__file__).parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    shots = sorted(p.name for p in out.glob("*.png"))
    names = {name.split("-", 1)[1].removesuffix(".png") for name in shots}
    assert set(STEPS) <= names, sorted(set(STEPS) - names)
    for name in shots:
        assert (out / name).stat().st_size > 10_000, f"{name} is (nearly) empty"
