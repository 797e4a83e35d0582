"""The order number as a Code 128 (and a QR code where the header has room) on every copy of
every paper mode, read back by zbar's ``zbarimg`` from a 150 dpi rendering of each copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from propdesk.domain.enums import PaperMode
from propdesk.domain.settings import OfficeSettings
from propdesk.print import slip
from propdesk.print.paper import sheet_for
from tests.print import builders as b
from tests.real_parts import need_program

DPI = 150


def decode(image: Path) -> list[str]:
    """What zbarimg reads in ``image``: ``["CODE-128:2026…", "QR-Code:2026…"]``."""
    result = subprocess.run(
        [need_program("zbarimg"), "-q", "--xml", str(image)],
        capture_output=True,
        text=True,
    )
    symbols = []
    for chunk in result.stdout.split("<symbol ")[1:]:
        kind = chunk.split("type='", 1)[1].split("'", 1)[0]
        data = chunk.split("<data><![CDATA[", 1)[1].split("]]>", 1)[0]
        symbols.append(f"{kind}:{data.strip()}")
    return sorted(symbols)


def copies_as_images(pdf: bytes, paper: PaperMode, folder: Path) -> list[Path]:
    """Each printed copy (slot) of each page cut out of a 150 dpi grey rendering."""
    source = folder / "slip.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", str(source), str(folder / "page")], check=True
    )
    sheet = sheet_for(paper)
    scale = DPI / 72
    copies = []
    for page in sorted(folder.glob("page-*.pgm")):
        with Image.open(page) as image:
            for n, slot in enumerate(sheet.slots):
                box = (
                    round(slot.x * scale),
                    round((sheet.height - slot.top) * scale),
                    round(slot.right * scale),
                    round((sheet.height - slot.y) * scale),
                )
                out = folder / f"{page.stem}-copy{n}.png"
                image.crop(box).save(out)
                copies.append(out)
    return copies


@pytest.mark.parametrize("paper", list(PaperMode), ids=lambda p: p.value)
def test_every_copy_carries_a_readable_code_128_and_qr(paper, tmp_path):
    need_program("zbarimg")
    order = b.order()
    settings = OfficeSettings(paper_mode=paper, copy_count=4)
    pdf = slip.render_slip(order, settings, paper=paper)
    copies = copies_as_images(pdf, paper, tmp_path)
    assert len(copies) == (1 if paper.is_continuous else 4)
    for image in copies:
        assert decode(image) == [f"CODE-128:{order.number}", f"QR-Code:{order.number}"], image


def test_a_reprint_keeps_its_code_beside_the_stamp(tmp_path):
    need_program("zbarimg")
    order = b.order()
    paper = PaperMode.A5
    pdf = slip.render_slip(order, OfficeSettings(paper_mode=paper), reprint_date=b.RECEIVED.date())
    for image in copies_as_images(pdf, paper, tmp_path):
        assert f"CODE-128:{order.number}" in decode(image)
