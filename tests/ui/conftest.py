"""UI test fixtures: the shipped font, per-test preferences file, a logged-in session and the
main window (offscreen; ``QT_QPA_PLATFORM`` is set in tests/conftest.py)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from propdesk.domain.enums import Role
from propdesk.domain.records import UserRecord
from propdesk.services import Services
from propdesk.ui.application import install_cjk_font
from propdesk.ui.main_window import MainWindow
from propdesk.ui.session import Session
from tests.factories import make_user
from tests.real_parts import CupsServer, cups_server, point_this_process_at

#: Messages of Qt's offscreen platform plugin about window-system features it lacks
#: (raise, size hints, keyboard grabs): not faults of the program under test.
OFFSCREEN_LIMITS = r"^This plugin does not support (propagateSizeHints|raise|grabbing)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsServer]:
    """A private CUPS spooler with cups-pdf queues that have hardware margins."""
    # cupsd's socket path must stay short (108 bytes): not pytest's deep temporary folder
    root = Path(tempfile.mkdtemp(prefix="pd-cups-"))
    yield from cups_server(root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def this_process_prints_to(cups: CupsServer) -> Iterator[CupsServer]:
    """Qt's print support in this process sees the private spooler's queues."""
    point_this_process_at(cups)
    yield cups
    point_this_process_at(None)


@pytest.fixture(autouse=True)
def cjk_font(qapp: QApplication) -> None:
    install_cjk_font(qapp)


@pytest.fixture
def prefs(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def clerk(services: Services) -> UserRecord:
    return make_user(services, Role.RECEPTIONIST, "clerk")


@pytest.fixture
def session(services: Services, clerk: UserRecord, prefs: QSettings) -> Session:
    return Session(services, clerk, prefs, "test.db")


@pytest.fixture
def window(qtbot, session: Session) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
