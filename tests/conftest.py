"""Test setup shared by every test: offscreen Qt, one fresh SQLite file per test, a
settable clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests import pg  # noqa: E402
from tests.factories import FakeClock, make_services  # noqa: E402
from tests.stats_data import month_db, month_template  # noqa: E402, F401 - fixtures, built once

#: When the tests start; the clock fixture and the PostgreSQL template share it.
TEST_START = datetime(2026, 11, 20, 10, 0, 0)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-url",
        default=os.environ.get(pg.ENV) or None,
        help=f"PostgreSQL login that may create databases: run the database and service tests "
        f"against it instead of SQLite files (also ${pg.ENV})",
    )


@pytest.fixture(scope="session")
def pg_databases(request: pytest.FixtureRequest) -> Iterator[pg.PgDatabases | None]:
    """The PostgreSQL test server, or ``None`` for the usual SQLite run."""
    url = request.config.getoption("--pg-url")
    if not url:
        yield None
        return
    dbs = pg.PgDatabases(url)
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def pg_template(pg_databases: pg.PgDatabases | None) -> str | None:
    """Name of a PostgreSQL database holding what ``services`` starts with."""
    if pg_databases is None:
        return None
    url = pg_databases.create()
    make_services(url, FakeClock(TEST_START)).ctx.db.close()  # type: ignore[arg-type]
    return url.rsplit("/", 1)[1]


@pytest.fixture
def on_postgres(pg_databases: pg.PgDatabases | None) -> bool:
    return pg_databases is not None


@pytest.fixture
def sqlite_only(pg_databases: pg.PgDatabases | None) -> None:
    """For tests about SQLite files themselves: skipped in the PostgreSQL run."""
    if pg_databases is not None:
        pytest.skip("SQLite file test (PostgreSQL run)")


@pytest.fixture
def db_target(tmp_path: Path, pg_databases: pg.PgDatabases | None) -> Iterator[str]:
    """Where a test may create a database: a new SQLite file's path, or in the PostgreSQL
    run the URL of a fresh empty database."""
    if pg_databases is None:
        yield str(tmp_path / "propdesk.db")
        return
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def clock() -> FakeClock:
    """A clock the test moves by hand (services never read the real time in tests)."""
    return FakeClock(TEST_START)


@pytest.fixture
def db_path(tmp_path: Path, pg_databases: pg.PgDatabases | None) -> Path:
    """A SQLite file path (tests using it are SQLite tests: skipped in the PostgreSQL run)."""
    if pg_databases is not None:
        pytest.skip("SQLite file test (PostgreSQL run)")
    return tmp_path / "propdesk.db"


@pytest.fixture
def services(
    tmp_path: Path,
    clock: FakeClock,
    request: pytest.FixtureRequest,
    pg_databases: pg.PgDatabases | None,
) -> Iterator:
    """Services over a fresh database with the seed data plus a few units and staff: a
    SQLite file at ``db_path``, or in the PostgreSQL run a database of its own."""
    if pg_databases is None:
        svc = make_services(tmp_path / "propdesk.db", clock)
        yield svc
        svc.ctx.db.close()
        return
    from propdesk.db.connection import open_database
    from propdesk.services import build_services

    url = pg_databases.create(template=request.getfixturevalue("pg_template"))
    svc = build_services(open_database(url), clock)
    yield svc
    svc.ctx.db.close()
    pg_databases.drop(url)
