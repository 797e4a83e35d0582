"""套打 through the print service: the layout file in the data folder (written on first
use), edits to it moving the printed values, a broken file refusing the print before anything
is logged, and the scanned background only in the preview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from propdesk.domain.enums import PaperMode
from propdesk.print.overlay_layout import LAYOUT_FILE, LayoutError
from propdesk.services import Services
from tests.factories import FakeClock, register, staff_id
from tests.print.pdfcheck import MM, chunks, page_texts, reader, squeeze

OVERLAY = PaperMode.OVERLAY


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("PROPDESK_HOME", str(folder))
    return folder


def dispatched(svc: Services, clock: FakeClock):  # type: ignore[no-untyped-def]
    order = register(svc, caller_name="孙小梅")
    clock.advance(minutes=2)
    return svc.workflow.dispatch(order.id, svc.auth.system_user(), staff_ids=[staff_id(svc)]).order


def where(pdf: bytes, text: str) -> tuple[float, float]:
    (found,) = [c for c in chunks(pdf) if c.text == text]
    return found.x / MM, found.y / MM


def images(pdf: bytes) -> int:
    count = 0
    for page in reader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")
    return count


def test_first_overlay_print_writes_the_default_layout_and_logs(services, clock, home):
    order = dispatched(services, clock)
    user = services.auth.system_user()
    path = home / LAYOUT_FILE
    assert not path.exists()

    printed = services.printing.print_slip(order.id, user, paper=OVERLAY)

    assert path.is_file() and services.printing.layout_path() == path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["page"] == {"width_mm": 241.0, "height_mm": 140.0}
    assert "报修人" in data["fields"] and "条码" in data["fields"]
    flat = squeeze(page_texts(printed.pdf)[0])
    assert "孙小梅" in flat and "报修人" not in flat
    (row,) = services.printing.history(order.id)
    assert (row.paper, row.reprint) == ("overlay", False)
    assert printed.pages == 1


def test_editing_the_layout_file_moves_the_value(services, clock, home):
    order = dispatched(services, clock)
    user = services.auth.system_user()
    before = where(services.printing.preview_slip(order.id, user, paper=OVERLAY).pdf, "孙小梅")

    path = services.printing.layout_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fields"]["报修人"]["x_mm"] += 20
    data["fields"]["报修人"]["y_mm"] += 5
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    after = where(services.printing.print_slip(order.id, user, paper=OVERLAY).pdf, "孙小梅")
    assert after[0] - before[0] == pytest.approx(20, abs=0.01)
    assert after[1] - before[1] == pytest.approx(-5, abs=0.01)  # down the sheet
    # the default is not written over the clerk's edits
    services.printing.write_default_layout()
    assert json.loads(path.read_text(encoding="utf-8")) == data
    services.printing.write_default_layout(replace=True)
    assert json.loads(path.read_text(encoding="utf-8")) != data


def test_a_broken_layout_file_prints_nothing_and_logs_nothing(services, clock, home):
    order = dispatched(services, clock)
    user = services.auth.system_user()
    path = services.printing.write_default_layout()
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r'("报修人": \{[^}]*"size": )[0-9.]+', r"\g<1>-2", text)
    assert broken != text
    path.write_text(broken, "utf-8")

    with pytest.raises(LayoutError) as caught:
        services.printing.print_slip(order.id, user, paper=OVERLAY)
    message = caught.value.message
    assert str(path) in message and "“报修人”" in message and "size" in message
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"报修人"' in t)
    assert f"第 {line} 行" in message
    assert services.printing.history(order.id) == []
    # other papers still print
    services.printing.print_slip(order.id, user, paper=PaperMode.CONT_241X140)
    assert len(services.printing.history(order.id)) == 1


def test_the_scanned_form_is_in_the_preview_only(services, clock, home, tmp_path):
    order = dispatched(services, clock)
    user = services.auth.system_user()
    scan = tmp_path / "scan.png"
    Image.new("RGB", (241 * 4, 140 * 4), (250, 235, 215)).save(scan)

    preview = services.printing.preview_slip(order.id, user, paper=OVERLAY, background=scan)
    assert images(preview.pdf) == 1
    printed = services.printing.print_slip(order.id, user, paper=OVERLAY)
    assert images(printed.pdf) == 0
    # on a paper printing the whole form the scan is not used even in the preview
    normal = services.printing.preview_slip(order.id, user, paper=PaperMode.A4, background=scan)
    assert images(normal.pdf) == 0
