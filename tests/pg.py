"""Test databases on a PostgreSQL server: the database and service tests run against it too
when ``PROPDESK_TEST_PG_URL`` (or ``pytest --pg-url``) names a server login able to create
databases, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``.

Every test gets a database of its own, created from a template that already holds the
schema and the test data (a copy is far quicker than building it again), dropped after.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

ENV = "PROPDESK_TEST_PG_URL"


def _connect(url: str):  # type: ignore[no-untyped-def]
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    return con


class PgDatabases:
    """Creates and drops uniquely named databases on the server of ``admin_url``."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.prefix = f"propdesk_t{os.getpid()}_"
        self._serial = itertools.count(1)
        self.template: str | None = None

    def url(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _execute(self, sql: str) -> None:
        con = _connect(self.admin_url)
        try:
            con.cursor().execute(sql)
        finally:
            con.close()

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of ``template``, else empty); returns its URL."""
        name = f"{self.prefix}{next(self._serial)}"
        source = template or "template0"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        con = _connect(self.admin_url)
        try:
            cur = con.cursor()
            cur.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                (self.prefix.replace("_", r"\_") + "%",),
            )
            for (name,) in cur.fetchall():
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            con.close()


def target_of(db) -> str:  # type: ignore[no-untyped-def]
    """The path or URL another process opens to reach ``db`` (a peewee database)."""
    from propdesk.db.connection import db_path

    path = db_path(db)
    if path is not None:
        return str(path)
    p = db.connect_params
    login = p.get("user", "") + (f":{p['password']}" if p.get("password") else "")
    host = p.get("host", "localhost")
    port = f":{p['port']}" if p.get("port") else ""
    return f"postgresql://{login}@{host}{port}/{db.database}"
