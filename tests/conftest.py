"""Test setup shared by every test: offscreen Qt, one fresh SQLite file per test, a
settable clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.factories import FakeClock, make_services  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    """A clock the test moves by hand (services never read the real time in tests)."""
    return FakeClock(datetime(2026, 11, 20, 10, 0, 0))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "propdesk.db"


@pytest.fixture
def services(db_path: Path, clock: FakeClock) -> Iterator:
    """Services over a fresh SQLite file with the seed data plus a few units and staff."""
    svc = make_services(db_path, clock)
    yield svc
    svc.ctx.db.close()
