"""``propdesk slip`` / ``slips`` / ``handover`` write PDFs (read back with pypdf) and log
each slip printed as the --user."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from propdesk.domain.enums import Role
from propdesk.services import Services
from tests.cli.terminal import run
from tests.factories import FakeClock, make_user, register, staff_id
from tests.print.pdfcheck import page_sizes_mm, page_texts, squeeze

A4 = (210.0, 297.0)
LABELS = ("第一联存档(服务中心)", "第二联客户", "第三联财务", "第四联工程部")


def pdf_text(path: Path) -> str:
    return squeeze("".join(page_texts(path.read_bytes())))


@pytest.fixture
def desk(services: Services, clock: FakeClock, db_path: Path) -> dict[str, object]:
    """Two orders dispatched on 2026-11-20, one still pending, and a receptionist account."""
    user = services.auth.system_user()
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    numbers = []
    for unit, name in (("1-1-101", "张三"), ("3-2-1502", "王五")):
        order = register(services, unit_code=unit, caller_name=name)
        clock.advance(minutes=3)
        services.workflow.dispatch(order.id, user, staff_ids=[staff_id(services)])
        numbers.append(order.number)
    pending = register(services, description="阳台灯不亮")
    return {
        "db": ["--db", str(db_path)],
        "clerk": clerk,
        "numbers": numbers,
        "pending": pending.number,
    }


def test_slip_writes_the_default_paper_and_logs_the_print(desk, services, tmp_path, capsys):
    out = tmp_path / "slip.pdf"
    number = desk["numbers"][0]
    code, stdout, _ = run(capsys, *desk["db"], "--user", "qiantai", "slip", number, "-o", str(out))

    assert code == 0
    assert f"派工单 {number}" in stdout and "共 2 页" in stdout
    pdf = out.read_bytes()
    assert page_sizes_mm(pdf) == [A4, A4]
    text = pdf_text(out)
    assert number in text and all(label in text for label in LABELS)
    assert "补打" not in text
    order = services.registers.by_number(number)
    (row,) = services.printing.history(order.id)
    assert row.user_name == desk["clerk"].display_name
    assert (row.paper, row.copies, row.reprint) == ("a4x2", 4, False)


@pytest.mark.parametrize(
    ("paper", "copies", "sizes"),
    [
        ("a4", "3", [A4] * 3),
        ("a4", "4", [A4] * 4),
        ("a4x2", "3", [A4] * 2),
        ("a5", "4", [(210.0, 148.0)] * 4),
        ("241x140", None, [(241.0, 140.0)]),
        ("241x279", None, [(241.0, 279.0)]),
    ],
)
def test_slip_paper_and_copies(desk, tmp_path, capsys, paper, copies, sizes):
    out = tmp_path / f"{paper}.pdf"
    args = [*desk["db"], "slip", desk["numbers"][0], "-o", str(out), "--paper", paper]
    if copies:
        args += ["--copies", copies]
    code, stdout, _ = run(capsys, *args)
    assert code == 0
    assert page_sizes_mm(out.read_bytes()) == sizes
    assert f"共 {len(sizes)} 页" in stdout


def test_copies_on_a_continuous_form_are_ignored_with_a_note(desk, tmp_path, capsys):
    out = tmp_path / "cont.pdf"
    code, _, err = run(
        capsys,
        *desk["db"],
        "slip",
        desk["numbers"][0],
        "-o",
        str(out),
        "--paper",
        "241x140",
        "--copies",
        "3",
    )
    assert code == 0
    assert "已忽略 --copies" in err
    assert page_sizes_mm(out.read_bytes()) == [(241.0, 140.0)]
    text = pdf_text(out)
    assert "白联存档(服务中心)/红联客户/黄联财务" in text


def test_second_slip_print_is_marked_reprint(desk, tmp_path, capsys):
    number = desk["numbers"][1]
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    assert run(capsys, *desk["db"], "slip", number, "-o", str(first))[0] == 0
    code, stdout, _ = run(capsys, *desk["db"], "slip", number, "-o", str(second))
    assert code == 0 and "（补打）" in stdout
    assert "补打" not in pdf_text(first)
    assert re.search(r"补打\d{4}-\d{2}-\d{2}", pdf_text(second))


def test_slips_of_a_day_in_one_pdf(desk, services, tmp_path, capsys):
    out = tmp_path / "day.pdf"
    code, stdout, _ = run(
        capsys, *desk["db"], "--user", "qiantai", "slips", "--date", "2026-11-20", "-o", str(out)
    )
    assert code == 0
    assert "派工单 2 张" in stdout
    assert page_sizes_mm(out.read_bytes()) == [A4] * 4
    texts = [squeeze(t) for t in page_texts(out.read_bytes())]
    first, second = desk["numbers"]
    assert all(first in t for t in texts[:2]) and all(second in t for t in texts[2:])
    assert desk["pending"] not in "".join(texts)
    for number in desk["numbers"]:
        order = services.registers.by_number(number)
        assert [p.user_name for p in services.printing.history(order.id)] == [
            desk["clerk"].display_name
        ]


def test_slips_of_a_day_without_dispatches_writes_nothing(desk, tmp_path, capsys):
    out = tmp_path / "none.pdf"
    code, _, err = run(capsys, *desk["db"], "slips", "--date", "2026-11-19", "-o", str(out))
    assert code == 1
    assert "2026-11-19 没有派工的工单" in err
    assert not out.exists()


def test_bad_date_is_refused(desk, tmp_path, capsys):
    with pytest.raises(SystemExit):
        run(capsys, *desk["db"], "slips", "--date", "2026-13-01", "-o", str(tmp_path / "x.pdf"))
    assert "格式不对" in capsys.readouterr().err


def test_unwritable_output_is_refused_before_anything_is_logged(desk, services, tmp_path, capsys):
    number = desk["numbers"][0]
    missing = tmp_path / "no-such-folder" / "slip.pdf"
    code, _, err = run(capsys, *desk["db"], "slip", number, "-o", str(missing))
    assert code == 1 and "输出文件夹不存在" in err
    code, _, err = run(capsys, *desk["db"], "slip", number, "-o", str(tmp_path / "slip.txt"))
    assert code == 1 and ".pdf" in err
    assert services.printing.history(services.registers.by_number(number).id) == []


def test_unknown_number_is_refused(desk, tmp_path, capsys):
    code, _, err = run(capsys, *desk["db"], "slip", "2026999999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "2026999999" in err


def test_handover_sheet(desk, tmp_path, capsys):
    out = tmp_path / "handover.pdf"
    code, _, _ = run(
        capsys,
        *desk["db"],
        "--user",
        "qiantai",
        "handover",
        "-o",
        str(out),
        "--shift",
        "夜班",
        "--notes",
        "2号楼水箱清洗",
    )
    assert code == 0
    pdf = out.read_bytes()
    assert set(page_sizes_mm(pdf)) == {(297.0, 210.0)}
    text = pdf_text(out)
    assert "交接班记录" in text and "班次：夜班" in text and "2号楼水箱清洗" in text
    assert squeeze(f"打印：{desk['clerk'].display_name}") in text
    for number in (*desk["numbers"], desk["pending"]):
        assert number in text


def test_slip_layout_writes_checks_and_refuses_a_broken_file(desk, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PROPDESK_HOME", str(tmp_path / "home"))
    blank = tmp_path / "blank.pdf"
    code, stdout, _ = run(capsys, *desk["db"], "slip-layout", "--blank-form", str(blank))
    layout = tmp_path / "home" / "套打布局.json"
    assert code == 0 and str(layout) in stdout and "检查通过：纸张 241×140 毫米" in stdout
    assert page_sizes_mm(blank.read_bytes()) == [(241.0, 140.0)]
    assert "报修人" in pdf_text(blank) and "2026" not in pdf_text(blank)

    layout.write_text('{"page": {"width_mm": 241, "height_mm": 140},\n"fields": {"x": }}', "utf-8")
    code, _, stderr = run(capsys, *desk["db"], "slip-layout")
    assert code == 1 and f"套打布局文件 {layout} 第 2 行" in stderr
    out = tmp_path / "o.pdf"
    number = desk["numbers"][0]
    code, _, stderr = run(capsys, *desk["db"], "slip", number, "--paper", "overlay", "-o", str(out))
    assert code == 1 and "不是有效的 JSON" in stderr and not out.exists()

    code, stdout, _ = run(capsys, *desk["db"], "slip-layout", "--write-default")
    assert code == 0 and "已写出默认套打布局" in stdout
    code, stdout, _ = run(capsys, *desk["db"], "slip", number, "--paper", "overlay", "-o", str(out))
    assert code == 0 and "套打" in stdout
    assert "王五" in pdf_text(out) or "张三" in pdf_text(out)
    assert "报修人" not in pdf_text(out)
