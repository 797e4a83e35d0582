"""Size and start-up time of the bundle against the installed program.

    .venv/bin/python packaging/measure_startup.py dist/propdesk [--runs 7]

Each figure is the median wall-clock time from starting the process to its exit, the two
programs' runs alternated: ``--help`` (Python and the command line), ``check`` on a demo
database (peewee, SQLite), and a GUI screenshot of the today board (Qt offscreen: the window
built, painted and saved). The bundle runs from an empty environment (``env -i``); the
installed program is this interpreter's ``propdesk`` script, warmed once so that it runs from
compiled bytecode like an installed program."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files under ``folder`` (symbolic links not counted)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle folder, e.g. dist/propdesk")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    bundle = [str(args.bundle.resolve() / "propdesk")]
    script = Path(sys.executable).with_name("propdesk")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "propdesk.cli.main"]
    installed_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            ["/usr/bin/env", "-i", *bundle, "--db", "demo.db", "demo", "--orders", "2000"],
            cwd=work,
            check=True,
            capture_output=True,
        )
        cases = {
            "--help": ["--help"],
            "check (demo database)": ["--db", "demo.db", "check"],
            "GUI screenshot (today board)": [
                "--db",
                "demo.db",
                "--user",
                "qiantai",
                "gui",
                "--screenshot",
                "s.png",
            ],  # fmt: skip
        }
        rows = []
        for name, case in cases.items():
            timed([*program, *case], work, installed_env)  # warm: bytecode compiled, disk cache
            timed(["/usr/bin/env", "-i", *bundle, *case], work, None)
            mine, theirs = [], []
            for _ in range(args.runs):
                mine.append(timed(["/usr/bin/env", "-i", *bundle, *case], work, None))
                theirs.append(timed([*program, *case], work, installed_env))
            rows.append((name, statistics.median(mine), statistics.median(theirs)))

    size, files = folder_size(args.bundle)
    print(f"bundle {args.bundle}: {size / 2**20:.0f} MiB in {files} files")
    print(f"median of {args.runs} runs each, process start to exit:")
    print(f"| {'command':<30} | bundle  | installed | ratio |")
    print(f"| {'-' * 30} | ------- | --------- | ----- |")
    for name, mine_s, theirs_s in rows:
        print(f"| {name:<30} | {mine_s:5.2f} s | {theirs_s:7.2f} s | {mine_s / theirs_s:4.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
