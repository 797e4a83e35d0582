"""peewee is imported without psycopg2 (start-up time) and given the driver when a PostgreSQL
database is opened, ending in the same state as peewee's own import. Fresh interpreters:
this test process may have imported psycopg2 long ago."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STATE = """
import json, sys
import peewee
import psycopg2.extensions as ext
a = peewee.Psycopg2Adapter
print(json.dumps({
    "driver": getattr(peewee.psycopg2, "__name__", None),
    "extensions": getattr(getattr(peewee, "pg_extensions", None), "__name__", None),
    "json": repr(peewee.Json_pg2),
    "register_uuid": getattr(peewee, "pg_register_uuid", None) is __import__(
        "psycopg2.extras"
    ).extras.register_uuid,
    "txn": [a.txn_idle, a.txn_inerror, a.txn_unknown],
    "uuid_adapted": __import__("uuid").UUID in [k[0] for k in ext.adapters],
    "adapter": type(peewee.PostgresqlDatabase("x")._adapter).__name__,
}))
"""


def _run(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_program_modules_leave_psycopg2_out() -> None:
    got = _run(
        "import json, sys\n"
        "import propdesk.ui.main_window, propdesk.ui.app, propdesk.cli, propdesk.services\n"
        "import propdesk.db.connection\n"
        "print(json.dumps({'loaded': 'psycopg2' in sys.modules}))"
    )
    assert got == {"loaded": False}


def test_loaded_driver_matches_peewee_own_import() -> None:
    plain = _run(STATE)
    lazy = _run(
        "import propdesk.db\nfrom propdesk.db.pg_driver import load_psycopg2\n"
        "load_psycopg2()\n" + STATE
    )
    assert plain["driver"] == "psycopg2"
    assert plain["adapter"] == "Psycopg2Adapter"
    assert lazy == plain


def test_postgres_url_loads_the_driver() -> None:
    got = _run(
        "import json, sys\n"
        "from propdesk.db.connection import _postgres\n"
        "import peewee\n"
        "before = 'psycopg2' in sys.modules\n"
        "db = _postgres('postgresql://u@127.0.0.1:1/x')\n"
        "print(json.dumps([before, peewee.psycopg2 is not None,"
        " type(db._adapter).__name__]))"
    )
    assert got == [False, True, "Psycopg2Adapter"]
