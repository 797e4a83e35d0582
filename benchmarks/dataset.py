"""The 200,000-order demo database the benchmarks read: built with ``propdesk demo`` once and
cached under ``benchmarks/data/`` (gitignored) until the code that shapes it changes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "benchmarks" / "data"

ORDERS = 200_000
MONTHS = 120  # ten years of a large office (50–100 orders a day)
#: A second, denser database whose months hold about 5,000 orders (the export target).
DENSE_ORDERS, DENSE_MONTHS = 60_000, 12
SEED = 1
#: The demo's "now" and the benchmarks' clock, so every run sees the same data.
NOW = datetime(2026, 11, 20, 10, 0, 0)

#: Sources whose change alters the generated database (schema, indexes or content).
_SHAPING = (
    "propdesk/demo/builder.py",
    "propdesk/demo/orders.py",
    "propdesk/demo/names.py",
    "propdesk/db/import_repo.py",
    "propdesk/domain/lifecycle.py",
    "propdesk/domain/deadlines.py",
    "propdesk/db/models.py",
    "propdesk/db/migrations.py",
    "propdesk/db/seed.py",
    "propdesk/db/bulk.py",
    "propdesk/db/derived_events.py",
    "propdesk/db/search_index.py",
)


def fingerprint() -> str:
    h = hashlib.sha256()
    for rel in _SHAPING:
        path = ROOT / rel
        h.update(rel.encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:12]


def demo_command(target: Path, orders: int = ORDERS, months: int = MONTHS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "propdesk.cli.main",
        "--db",
        str(target),
        "demo",
        "--orders",
        str(orders),
        "--months",
        str(months),
        "--seed",
        str(SEED),
        "--until",
        NOW.strftime("%Y-%m-%d %H:%M:%S"),
        "--force",
    ]


def run_demo(target: Path, orders: int = ORDERS, months: int = MONTHS) -> float:
    """Build a demo database at ``target`` with the real command; returns the wall seconds
    from process start to exit."""
    t0 = time.perf_counter()
    subprocess.run(
        demo_command(target, orders, months), check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - t0


def cached_path(orders: int = ORDERS, months: int = MONTHS) -> Path:
    return DATA_DIR / f"demo-{orders}-{months}m-{fingerprint()}.db"


def ensure(rebuild: bool = False, orders: int = ORDERS, months: int = MONTHS) -> Path:
    """The cached database for the current code, built when missing; stale caches (other
    fingerprints) are removed."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = cached_path(orders, months)
    for old in DATA_DIR.glob(f"demo-{orders}-{months}m-*.db*"):
        if not old.name.startswith(path.name):
            old.unlink()
    if rebuild or not path.exists():
        print(f"building {path.name} ({orders:,} orders over {months} months)…", flush=True)
        seconds = run_demo(path, orders, months)
        print(f"  built in {seconds:.1f} s", flush=True)
    return path


def work_copy(source: Path, name: str = "work.db") -> Path:
    """A scratch copy for benchmarks that write (the cache stays as built)."""
    target = DATA_DIR / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target
