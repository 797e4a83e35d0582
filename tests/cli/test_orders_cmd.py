"""The command line scripted end to end, as a user at a terminal would."""

from __future__ import annotations

import re

from tests.cli.terminal import ORDER_ADD, run


def test_scripted_lifecycle_closes_the_order_with_every_step(demo_db, capsys):
    db = ["--db", demo_db]
    code, out, _ = run(
        capsys,
        *db,
        "--user",
        "qiantai",
        *ORDER_ADD,
        "--kind",
        "报修",
        "--category",
        "水",
        "--desc",
        "厨房水管漏水",
        "--at",
        "2026-11-20 09:00",
    )
    assert code == 0
    number = out.strip()
    assert re.fullmatch(r"2026\d{6}", number)

    steps = [
        (
            "--user",
            "zhuguan",
            "order",
            "dispatch",
            number,
            "--staff",
            "李建国",
            "--at",
            "2026-11-20 09:03",
        ),
        ("--user", "qiantai", "order", "arrive", number, "--at", "2026-11-20 09:15"),
        (
            "--user",
            "qiantai",
            "order",
            "complete",
            number,
            "--work",
            "更换水管接头",
            "--labour",
            "30",
            "--material",
            "水管接头,2,个,12.5",
            "--at",
            "2026-11-20 10:00",
        ),
        ("--user", "qiantai", "order", "return-slip", number, "--at", "2026-11-20 15:00"),
        (
            "--user",
            "qiantai",
            "order",
            "visit",
            number,
            "--method",
            "电话",
            "--rating",
            "满意",
            "--at",
            "2026-11-20 16:00",
        ),
    ]
    for step in steps:
        code, out, err = run(capsys, *db, *step)
        assert code == 0, err

    code, out, _ = run(capsys, *db, "order", "show", number)
    assert code == 0
    assert "状态：已关闭" in out
    timeline = out.split("处理过程：", 1)[1]
    expected = [
        ("2026-11-20 09:00:00", "登记", "前台小刘"),
        ("2026-11-20 09:03:00", "派工", "工程主管老陈"),
        ("2026-11-20 09:15:00", "到场", "前台小刘"),
        ("2026-11-20 10:00:00", "完工", "前台小刘"),
        ("2026-11-20 15:00:00", "回单", "前台小刘"),
        ("2026-11-20 16:00:00", "回访", "前台小刘"),
    ]
    lines = [line for line in timeline.strip().splitlines() if line.strip()]
    assert len(lines) == len(expected)
    for line, (when, step, who) in zip(lines, expected, strict=True):
        assert when in line and step in line and who in line
    assert "合计：55.00 元" in out


def test_bad_input_names_the_field_and_writes_nothing(demo_db, capsys):
    db = ["--db", demo_db]
    code, _out, err = run(
        capsys,
        *db,
        "order",
        "add",
        "--unit",
        "99-9-9999",
        "--name",
        "张三",
        "--phone",
        "13800138000",
        "--category",
        "水",
        "--desc",
        "漏水",
    )
    assert code == 1
    assert "房号" in err and err.startswith("错误：")
    code, out, err = run(capsys, *db, "order", "list")
    assert code == 0 and out == "" and "共 0 条" in err


def test_illegal_step_is_refused(demo_db, capsys):
    db = ["--db", demo_db]
    _, out, _ = run(
        capsys,
        *db,
        "order",
        "add",
        "--area",
        "2栋电梯厅",
        "--name",
        "巡检员",
        "--phone",
        "13900000000",
        "--category",
        "电梯",
        "--desc",
        "电梯按钮失灵",
    )
    number = out.strip()
    code, _out, err = run(capsys, *db, "order", "complete", number, "--work", "修好")
    assert code == 1
    assert "待派工" in err and "完工" in err


def test_init_refuses_to_overwrite(tmp_path, capsys):
    path = str(tmp_path / "new.db")
    assert run(capsys, "--db", path, "init")[0] == 0
    code, _out, err = run(capsys, "--db", path, "init")
    assert code == 1 and "已存在" in err


def test_missing_database_is_not_created(tmp_path, capsys):
    path = tmp_path / "absent.db"
    code, _out, err = run(capsys, "--db", str(path), "order", "list")
    assert code == 1 and "不存在" in err
    assert not path.exists()


def test_check_reports_version_and_integrity(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "check")
    assert code == 0
    assert "完整性检查：正常" in out


def test_demo_is_deterministic_for_a_seed(tmp_path, capsys):
    dumps = []
    for name in ("a.db", "b.db"):
        path = str(tmp_path / name)
        assert (
            run(
                capsys,
                "--db",
                path,
                "demo",
                "--orders",
                "300",
                "--seed",
                "7",
                "--until",
                "2026-11-20 12:00",
            )[0]
            == 0
        )
        code, out, _ = run(capsys, "--db", path, "order", "list", "--limit", "300")
        assert code == 0
        dumps.append(out)
    assert dumps[0] == dumps[1]
    assert len(dumps[0].splitlines()) == 300
