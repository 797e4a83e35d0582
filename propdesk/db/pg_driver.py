"""psycopg2, PostgreSQL's driver, loaded only when a PostgreSQL database is opened.

peewee imports psycopg2 (with ``ssl``, its C extension and its extras, about a tenth of the
GUI's start-up) as soon as peewee itself is imported, although the default database is a
SQLite file. ``import_peewee`` therefore imports peewee with psycopg2 hidden, so peewee
records the driver as missing, and ``load_psycopg2`` later gives peewee the driver exactly
as its own import would have (the module globals its ``Psycopg2Adapter`` reads and the
adapter's transaction-status constants, set when the class was defined). Checked against
peewee 4.5 by ``tests/db/test_pg_driver.py``, which compares the result with a plain import.
"""

from __future__ import annotations

import sys

#: Modules peewee tries at import time for PostgreSQL (psycopg2cffi stands in for psycopg2).
_HIDDEN = ("psycopg2", "psycopg2cffi")


def import_peewee() -> None:
    """Import peewee without letting it import psycopg2 (unless something already did)."""
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes ``import`` raise
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def load_psycopg2() -> None:
    """Give peewee the psycopg2 driver if ``import_peewee`` kept it out; call before a
    ``PostgresqlDatabase`` is made. Without psycopg2 installed peewee is left as it is (it
    then uses psycopg 3 if present, or says that no driver was found)."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return
    register_uuid()
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    peewee.pg_extensions = extensions
    peewee.pg_register_uuid = register_uuid
    peewee.Json_pg2 = Json
    peewee.psycopg2 = psycopg2
