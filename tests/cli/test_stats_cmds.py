"""``export-month``, ``export-orders``, ``import-units`` and ``import-orders`` from a terminal,
on the scenario month. The command line runs on the real clock: the rows imported here are
dated 2020 so that they are in the past whatever today is."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from tests.cli.terminal import run


@pytest.fixture
def db(month_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PROPDESK_HOME", str(tmp_path / "home"))
    month_db.svc.ctx.db.close()
    return str(month_db.path)


def test_export_month(capsys, db, tmp_path):
    out = tmp_path / "11月.xlsx"
    code, text, err = run(capsys, "--db", db, "export-month", "2026-11", "-o", str(out))
    assert code == 0, err
    assert "已导出 2026年11月统计：明细 16 条" in text
    assert load_workbook(out)["汇总"]["B5"].value == 16
    code, _text, err = run(capsys, "--db", db, "export-month", "2026-13", "-o", str(out))
    assert code == 1 and "月份“2026-13”格式不对" in err
    code, _text, err = run(capsys, "--db", db, "export-month", "2026-11", "-o", "x.csv")
    assert code == 1 and ".xlsx" in err


def test_export_orders_with_filters(capsys, db, tmp_path):
    out = tmp_path / "v.xlsx"
    code, text, err = run(
        capsys,
        "--db",
        db,
        "export-orders",
        "--month",
        "2026-11",
        "--kind",
        "报修",
        "--staff",
        "王师傅",
        "--asc",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert (
        "已导出 2 条工单（受理日期 2026-11-01 至 2026-11-30；类型 报修；维修人员 王师傅）" in text
    )
    rows = list(load_workbook(out)["工单"].iter_rows(min_row=2, values_only=True))
    assert [r[20] for r in rows] == ["王师傅", "王师傅"]
    code, _text, err = run(capsys, "--db", db, "export-orders", "--staff", "无名", "-o", str(out))
    assert code == 1 and "维修人员“无名”不存在" in err


def test_import_orders_lists_every_bad_row(capsys, db, tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active.append(["受理时间", "报修人", "联系电话", "房号", "类别", "问题描述"])
    wb.active.append(["2020-11-02 09:00", "张三", "13800138000", "1-1-101", "水/水龙头", "漏水"])
    wb.active.append(["2020-11-02 09:00", "张三", "13800138000", "1-1-101", "没有的类别", "漏水"])
    wb.active.append(["2020-11-02", None, "13800138000", "1-1-101", "水/水龙头", "漏水"])
    wb.save(path)
    code, _text, err = run(capsys, "--db", db, "import-orders", str(path))
    assert code == 1
    assert "有 2 处错误，未导入任何数据" in err
    assert "第3行【类别】“没有的类别”不存在" in err and "第4行【报修人】不能为空" in err
    code, text, err = run(capsys, "--db", db, "import-orders", str(path), "--dry-run")
    assert code == 1
    code, _text, err = run(capsys, "--db", db, "import-orders", str(tmp_path / "none.xlsx"))
    assert code == 1 and "文件不存在" in err


def test_import_units_and_orders(capsys, db, tmp_path):
    units = tmp_path / "units.xlsx"
    wb = Workbook()
    wb.active.append(["楼栋", "单元", "房号", "业主姓名", "联系电话"])
    wb.active.append(["9栋", "1单元", "901室", "周九", "13300133000"])
    wb.save(units)
    code, text, err = run(capsys, "--db", db, "import-units", str(units), "--dry-run")
    assert code == 0 and "检查通过（未写入）：共 1 户：新增 1" in text
    code, text, err = run(capsys, "--db", db, "import-units", str(units))
    assert code == 0 and "已导入房屋台账：共 1 户：新增 1" in text
    orders = tmp_path / "orders.xlsx"
    wb = Workbook()
    wb.active.append(
        ["受理时间", "报修人", "联系电话", "房号", "类别", "问题描述", "维修人员", "派工时间"]
    )
    wb.active.append(
        [
            "2020-11-02 09:00",
            "周九",
            "13300133000",
            "9-1-901",
            "水/水龙头",
            "漏水",
            "赵师傅",
            "2020-11-02 09:03",
        ]
    )
    wb.save(orders)
    code, _text, err = run(capsys, "--db", db, "import-orders", str(orders))
    assert code == 1 and "“赵师傅”不存在" in err
    code, text, err = run(capsys, "--db", db, "import-orders", str(orders), "--create-missing")
    assert code == 0, err
    assert "已导入工单：共 1 张工单（已派工 1）；已新建维修人员 1 个：赵师傅" in text
