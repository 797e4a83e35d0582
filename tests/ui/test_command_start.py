"""``propdesk`` / ``propdesk gui`` as a clerk starts it: in a fresh interpreter, the real
command (``propdesk.cli.main.main``) up to its painted log-in window has imported none of the
other commands, the demo, the heavy libraries or the services behind later actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.fresh_python import ACTION_SERVICES, HEAVY, run_fresh

#: Loaded by ``propdesk`` for another command, never for the window's start.
OTHER_COMMANDS = (
    "propdesk.cli.db_cmd",
    "propdesk.cli.export_cmd",
    "propdesk.cli.import_cmd",
    "propdesk.cli.orders_cmd",
    "propdesk.cli.backup_cmd",
    "propdesk.cli.slip_cmd",
    "propdesk.demo",
    "propdesk.db.import_repo",
    "propdesk.db.stats_query",
)

CHILD = """
import json, sys
import propdesk.ui.login_dialog as login_dialog
from PySide6.QtCore import QEvent, QObject

WATCHED = {watched!r}
seen = {{}}


class PaintWatch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "loaded" not in seen:
            seen["loaded"] = sorted(m for m in WATCHED if m in sys.modules)
            obj.reject()  # the clerk cancels: the program ends
        return False


watch = PaintWatch()
init = login_dialog.LoginDialog.__init__


def watched_init(self, *args, **kwargs):
    init(self, *args, **kwargs)
    self.installEventFilter(watch)


login_dialog.LoginDialog.__init__ = watched_init
from propdesk.cli.main import main

code = main({argv!r})
print(json.dumps({{"code": code, **seen}}))
"""


@pytest.mark.parametrize("argv", [[], ["gui"]], ids=["propdesk", "propdesk gui"])
def test_the_command_starts_lean(argv, services, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    watched = (*HEAVY, *ACTION_SERVICES, *OTHER_COMMANDS)
    code = CHILD.format(watched=watched, argv=["--db", str(db_path), *argv])
    result = run_fresh(
        code,
        PROPDESK_HOME=str(tmp_path / "home"),  # the one-copy lock and logs
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # per-PC preferences
    )
    assert result["code"] == 0
    assert result["loaded"] == []
