"""Real outside programs for tests: a private CUPS spooler with cups-pdf queues, LibreOffice,
zbarimg.

A test that needs one skips when it is missing, unless ``PROPDESK_REQUIRE_REAL_PARTS=1``
(set by ``.ci/run``) says the parts must be there: then it fails.

``CupsServer`` runs its own ``cupsd`` (configuration, spool and socket in a temporary
folder: the PC's own spooler and queues are left alone) with queues whose PPDs declare
hardware margins, as almost every real printer's does. cups-pdf writes what it receives to
``~/PDF`` of the user who printed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_ENV = "PROPDESK_REQUIRE_REAL_PARTS"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


def missing(what: str) -> None:
    """Skip (or fail, when real parts are required) for want of ``what``."""
    if required():
        pytest.fail(f"{what} is required ({REQUIRE_ENV}=1) but missing")
    pytest.skip(f"{what} is not installed here")


def need_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(name)
    assert path is not None
    return path


@dataclass(frozen=True)
class Queue:
    """A cups-pdf queue: its hardware margins (points: left, bottom, right, top) and the
    resolutions its PPD offers, the first being its default."""

    name: str
    margins: tuple[int, int, int, int]
    resolutions: tuple[int, ...]


#: A laser-like queue with 18/36 pt margins (generic A4 drivers), and a dot-matrix-like one
#: of 180/360 dpi with 12 pt margins.
QUEUES = (
    Queue("margins", (18, 36, 18, 36), (300, 150, 600, 1200)),
    Queue("dotmatrix", (12, 12, 12, 12), (180, 360)),
)


def queue_ppd(queue: Queue) -> str:
    """cups-pdf's own PPD with ``queue``'s hardware margins and resolutions."""
    text = CUPS_PDF_PPD.read_text(encoding="latin-1")
    left, bottom, right, top = queue.margins
    text = text.replace("*HWMargins: 0 0 0 0", f"*HWMargins: {left} {bottom} {right} {top}")

    def shrink(m: re.Match[str]) -> str:
        x0, y0, x1, y1 = (float(v) for v in m.group(2).split())
        area = f"{x0 + left:g} {y0 + bottom:g} {x1 - right:g} {y1 - top:g}"
        return f'*ImageableArea {m.group(1)}: "{area}"'

    text = re.sub(r'\*ImageableArea ([^:]+): "([^"]+)"', shrink, text)
    options = "".join(
        f'*Resolution {dpi}dpi/{dpi} DPI: "<</HWResolution[{dpi} {dpi}]>>setpagedevice"\n'
        for dpi in queue.resolutions
    )
    text = re.sub(
        r"\*DefaultResolution: \d+dpi\n(\*Resolution [^\n]*\n)+",
        f"*DefaultResolution: {queue.resolutions[0]}dpi\n{options}",
        text,
    )
    return text.replace("Generic CUPS-PDF Printer (w/ options)", f"propdesk test {queue.name}")


class CupsServer:
    """A private cupsd with the ``QUEUES``; ``output`` is where cups-pdf writes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "cups.sock"
        self.output = Path.home() / "PDF"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket)}

    def start(self) -> None:
        root = self.root
        for sub in ("conf", "spool", "cache", "state", "log"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "tmp").mkdir(exist_ok=True)
        (root / "tmp").chmod(0o1777)  # filters run as lp
        for path in (root, root / "conf", root / "spool", root / "cache", root / "state"):
            path.chmod(0o755)
        (root / "cups-files.conf").write_text(
            f"ServerRoot {root}/conf\nRequestRoot {root}/spool\nCacheDir {root}/cache\n"
            f"StateDir {root}/state\nTempDir {root}/tmp\nErrorLog {root}/log/error_log\n"
            f"AccessLog {root}/log/access_log\nPageLog {root}/log/page_log\n"
            f"SystemGroup root\nPrintcap {root}/printcap\n"
        )
        (root / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel info\nWebInterface No\nBrowsing No\n"
            "DefaultAuthType None\nPreserveJobFiles No\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self.socket.exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"cupsd did not start: {self.log()}")
            time.sleep(0.05)
        for queue in QUEUES:
            ppd = root / f"{queue.name}.ppd"
            ppd.write_text(queue_ppd(queue), encoding="latin-1")
            subprocess.run(
                ["lpadmin", "-p", queue.name, "-E", "-v", "cups-pdf:/", "-P", str(ppd)],
                env=self.env,
                check=True,
                capture_output=True,
            )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)
            self.process = None

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def outputs(self) -> dict[Path, int]:
        """cups-pdf's files and when each was last written (it reuses names: same title,
        same job number of a fresh spooler)."""
        if not self.output.is_dir():
            return {}
        return {path: path.stat().st_mtime_ns for path in self.output.glob("*.pdf")}

    def wait_for_new(self, before: dict[Path, int], timeout: float = 90) -> Path:
        """The PDF cups-pdf writes for the job just sent (complete: its size holds still)."""
        deadline = time.monotonic() + timeout
        last: tuple[Path, int] | None = None
        while time.monotonic() < deadline:
            now = self.outputs()
            new = sorted((p for p, t in now.items() if before.get(p) != t), key=now.__getitem__)
            if new:
                size = new[-1].stat().st_size
                if (
                    last == (new[-1], size)
                    and size > 0
                    and not self._busy()
                    and _ends_as_a_pdf(new[-1])
                ):
                    return new[-1]
                last = (new[-1], size)
            time.sleep(0.3)
        raise AssertionError(f"cups-pdf wrote nothing within {timeout} s:\n{self.log()}")

    def _busy(self) -> bool:
        result = subprocess.run(["lpstat", "-o"], env=self.env, capture_output=True, text=True)
        return bool(result.stdout.strip())


def _ends_as_a_pdf(path: Path) -> bool:
    """True once ghostscript has written the file's last ``%%EOF`` (under load it pauses
    between writes for longer than one poll, so a steady size alone read half a file)."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        return b"%%EOF" in f.read()


def _libcups() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("cups")
    return ctypes.CDLL(name) if name else None


def point_this_process_at(server: CupsServer | None) -> None:
    """Make libcups in this process (Qt's print support) talk to ``server`` (``None``: the
    PC's own spooler again). libcups keeps the server it first used, so the environment
    alone would not do."""
    lib = _libcups()
    if lib is None:
        return
    lib.cupsSetServer.argtypes = [ctypes.c_char_p]
    lib.cupsSetServer(str(server.socket).encode() if server else None)


def cups_server(tmp_root: Path) -> Iterator[CupsServer]:
    """Start a private spooler (skip or fail when CUPS or cups-pdf are missing)."""
    need_program("cupsd")
    need_program("lpadmin")
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        missing("printer-driver-cups-pdf")
    if os.geteuid() != 0:
        missing("root (cups-pdf's backend runs only for a cupsd started as root)")
    server = CupsServer(tmp_root)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def ink_boxes_mm(pdf: Path, dpi: int = 150) -> list[tuple[float, float, float, float]]:
    """Per page, the box around everything printed (left, top, right, bottom in mm from the
    sheet's top left corner), from poppler's rendering at ``dpi``."""
    from PIL import Image

    out = pdf.parent / f"{pdf.stem}-ink"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(out)], check=True, capture_output=True
    )
    boxes = []
    for page in sorted(pdf.parent.glob(f"{out.name}-*.pgm")):
        with Image.open(page) as image:
            dark = image.point(lambda v: 255 if v < 160 else 0)
            box = dark.getbbox()
        page.unlink()
        assert box is not None, f"{pdf} page {page.name} is blank"
        boxes.append(tuple(v * 25.4 / dpi for v in box))
    return boxes  # type: ignore[return-value]


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    mm = 72 / 25.4
    reader = PdfReader(str(pdf))
    return [(float(p.mediabox.width) / mm, float(p.mediabox.height) / mm) for p in reader.pages]
