"""The one-folder bundle built by ``packaging/build.sh``, run as a front desk runs it: from an
empty environment (no virtual environment, no PATH, no HOME, no locale).

Runs when ``PROPDESK_TEST_BUNDLE`` names the bundle's folder (``.ci/run`` builds it and sets
it); skipped otherwise. Each output is compared with what the installed program (this test's
own interpreter) makes from the same database."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from propdesk.cli.main import build_parser
from propdesk.db.migrations import SCHEMA_VERSION

BUNDLE = os.environ.get("PROPDESK_TEST_BUNDLE", "")
DATA = Path(__file__).resolve().parent.parent / "data"

pytestmark = pytest.mark.skipif(
    not BUNDLE, reason="PROPDESK_TEST_BUNDLE not set (bash packaging/build.sh builds the bundle)"
)


def executable() -> Path:
    return Path(BUNDLE).resolve() / ("propdesk.exe" if os.name == "nt" else "propdesk")


def bundled(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The bundle's program with an empty environment (``env -i``)."""
    return subprocess.run(
        ["/usr/bin/env", "-i", str(executable()), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The same command from the installed program (the test's own Python)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "propdesk.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a demo database the bundle made."""
    folder = tmp_path_factory.mktemp("bundle")
    # up to now, so that this month's statistics have orders to chart
    out = ok(bundled("--db", "demo.db", "demo", "--orders", "600", "--seed", "1", cwd=folder))
    assert "qiantai" in out and (folder / "demo.db").is_file()
    return folder


def test_everything_the_program_loads_is_inside(tmp_path: Path) -> None:
    out = ok(bundled("--bundle-check", cwd=tmp_path))
    assert out.rstrip().endswith("bundle check: all passed")
    assert "FAIL" not in out


def test_help_lists_every_command_in_chinese(tmp_path: Path) -> None:
    out = ok(bundled("--help", cwd=tmp_path))
    assert "物业前台报事报修派工系统" in out
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[attr-defined]
    for name in commands:
        assert re.search(rf"^\s+{re.escape(name)}\b", out, re.MULTILINE), name
    for name in commands:  # each command's own help runs too
        assert "用法：" in ok(bundled(name, "--help", cwd=tmp_path))


def test_demo_database_checks_clean(work: Path) -> None:
    out = ok(bundled("--db", "demo.db", "check", cwd=work))
    assert f"结构版本：{SCHEMA_VERSION}（程序支持 {SCHEMA_VERSION}）" in out
    assert "完整性检查：正常" in out and "工单数：600" in out


def dispatched_number(work: Path) -> str:
    """An order with a dispatch. The demo is laid out up to the wall clock, so which of its
    orders are still 已派工 depends on the hour the test runs: take the first status that has
    one, in the order a slip goes through them."""
    for status in ("已派工", "处理中", "已完工", "待回访", "已关闭"):
        out = ok(bundled("--db", "demo.db", "order", "list", "--status", status, cwd=work))
        numbers = re.findall(r"^(\d{10})\s", out, re.MULTILINE)
        if numbers:
            return numbers[0]
    raise AssertionError("the demo has no dispatched order")


def test_slip_pdf_equals_the_installed_programs(work: Path) -> None:
    from pypdf import PdfReader

    number = dispatched_number(work)
    # a copy for the installed program, so that neither slip is a reprint (补打)
    shutil.copy(work / "demo.db", work / "demo-copy.db")
    out = ok(bundled("--db", "demo.db", "slip", number, "-o", "slip.pdf", cwd=work))
    ok(installed("--db", "demo-copy.db", "slip", number, "-o", "slip-installed.pdf", cwd=work))
    assert number in out
    reader, reference = PdfReader(work / "slip.pdf"), PdfReader(work / "slip-installed.pdf")
    stamp = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")
    assert [stamp.sub("*", p.extract_text()) for p in reader.pages] == [
        stamp.sub("*", p.extract_text()) for p in reference.pages
    ]
    text = reader.pages[0].extract_text()
    assert number in text and re.search("维修服务单|派工单", text)
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all("WenQuanYi" in f for f in fonts), fonts
    if shutil.which("pdftoppm"):  # for looking at it: slip-1.png
        subprocess.run(["pdftoppm", "-png", "-r", "70", "slip.pdf", "slip"], cwd=work, check=True)
        assert (work / "slip-1.png").stat().st_size > 10_000
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):  # the slip's codes scan
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "slip.pdf", "scan"],
            cwd=work,
            check=True,
        )
        scanned = subprocess.run(
            ["zbarimg", "-q", "--raw", "scan-1.png"], cwd=work, capture_output=True, text=True
        ).stdout.split()
        assert scanned and set(scanned) == {number}, scanned


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def test_month_workbook_equals_the_installed_programs(work: Path) -> None:
    args = ("--db", "demo.db", "--user", "jingli", "export-month", "2026-10")
    ok(bundled(*args, "-o", "month-bundle.xlsx", cwd=work))
    ok(installed(*args, "-o", "month-installed.xlsx", cwd=work))
    bundle, reference = cells(work / "month-bundle.xlsx"), cells(work / "month-installed.xlsx")
    assert "明细" in bundle and len(bundle["明细"]) > 10
    stamp = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")  # when it was exported
    for sheet, rows in reference.items():
        for mine, theirs in zip(bundle[sheet], rows, strict=True):
            assert [stamp.sub("*", str(v)) if isinstance(v, str) else v for v in mine] == [
                stamp.sub("*", str(v)) if isinstance(v, str) else v for v in theirs
            ], sheet


def image(path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    picture = QImage(str(path))
    assert not picture.isNull(), path
    return picture


def differing_share(a, b) -> float:  # type: ignore[no-untyped-def]
    assert a.size() == b.size()
    samples = [(x, y) for x in range(0, a.width(), 3) for y in range(0, a.height(), 3)]
    differ = sum(a.pixel(x, y) != b.pixel(x, y) for x, y in samples)
    return differ / len(samples)


@pytest.mark.parametrize(
    ("tab", "user", "name"),
    [
        ("今日工作台", "qiantai", "today"),
        ("报事报修", "qiantai", "register"),
        ("统计报表", "jingli", "statistics"),
    ],
)
def test_gui_screenshot_with_chinese_text(work: Path, tab: str, user: str, name: str) -> None:
    args = ("--db", "demo.db", "--user", user, "gui", "--tab", tab)
    before = datetime.now().strftime("%Y%m%d%H%M")
    ok(bundled(*args, "--screenshot", f"{name}-bundle.png", cwd=work))
    ok(installed(*args, "--screenshot", f"{name}-installed.png", cwd=work))
    mine, theirs = image(work / f"{name}-bundle.png"), image(work / f"{name}-installed.png")
    assert (mine.width(), mine.height()) == (1366, 768)
    # the same window, the same Chinese glyphs: only a clock that turned a minute may differ
    limit = 0.02 if datetime.now().strftime("%Y%m%d%H%M") != before else 0.001
    assert differing_share(mine, theirs) <= limit
    dark = sum(
        mine.pixelColor(x, y).value() < 100 for x in range(0, 400, 2) for y in range(20, 60, 2)
    )
    assert dark > 50  # the tab titles are drawn


def test_an_old_database_is_migrated_with_a_backup(tmp_path: Path) -> None:
    shutil.copy(DATA / "schema_v2.db", tmp_path / "office.db")
    out = ok(bundled("--db", "office.db", "check", cwd=tmp_path))
    assert f"结构版本：{SCHEMA_VERSION}" in out and "完整性检查：正常" in out
    kept = list(tmp_path.glob("office.pre-v3-*.db"))
    assert len(kept) == 1, sorted(p.name for p in tmp_path.iterdir())


def test_moving_to_a_new_pc_with_a_backup(work: Path, tmp_path: Path) -> None:
    """The README's way: a backup file from the old PC, restored into the new PC's data folder."""
    ok(bundled("--db", "demo.db", "backup", "-o", str(tmp_path / "usb.db"), cwd=work))
    new_pc = tmp_path / "AppData" / "propdesk"
    home = f"PROPDESK_HOME={new_pc}"
    ok(bundled_with(home, "init", cwd=tmp_path))
    ok(bundled_with(home, "restore", str(tmp_path / "usb.db"), cwd=tmp_path))
    out = ok(bundled_with(home, "check", cwd=tmp_path))
    assert str(new_pc / "propdesk.db") in out and "工单数：600" in out


def bundled_with(variable: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The bundle with one environment variable set and nothing else."""
    return subprocess.run(
        ["/usr/bin/env", "-i", variable, str(executable()), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
