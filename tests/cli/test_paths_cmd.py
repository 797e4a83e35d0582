"""The lifecycle's side paths from the command line (issue 11), on a real database."""

from __future__ import annotations

from tests.cli.terminal import add_order, run


def _add(capsys, db, *extra: str, kind: str = "报修", category: str = "水") -> str:
    return add_order(
        capsys, db, "--kind", kind, "--category", category, "--desc", "厨房水管漏水", *extra
    )


def test_answered_outsourced_declined_and_incomplete(db, capsys):
    number = _add(
        capsys, db, "--answered", "可在APP缴费", "--remark", "老人户", kind="报事", category="咨询"
    )
    code, out, _ = run(capsys, *db, "order", "show", number)
    assert (
        code == 0
        and "状态：待回访" in out
        and "答复内容：可在APP缴费" in out
        and "备注：老人户" in out
    )

    glass = _add(capsys, db)
    assert run(capsys, *db, "order", "dispatch", glass, "--department", "工程部")[0] == 0
    code, out, _ = run(
        capsys,
        *db,
        "order",
        "outsource",
        glass,
        "--firm",
        "蓝天玻璃",
        "--contact",
        "刘",
        "--price",
        "380",
    )
    assert code == 0 and out.strip() == f"{glass} 已委外"
    code, out, _ = run(capsys, *db, "order", "outsource-result", glass, "--result", "已更换")
    assert code == 0 and out.strip() == f"{glass} 已完工"
    code, out, _ = run(capsys, *db, "order", "show", glass)
    assert "委外" in out and "蓝天玻璃" in out

    refused = _add(capsys, db)
    code, out, err = run(capsys, *db, "order", "outsource", refused, "--firm", "迅达")
    assert code != 0 and "委外" in err and "待派工" in err
    code, out, _ = run(capsys, *db, "order", "decline", refused, "--reason", "不同意收费")
    assert code == 0 and out.strip() == f"{refused} 已备案"

    again = _add(capsys, db)
    run(capsys, *db, "order", "dispatch", again, "--department", "工程部")
    run(capsys, *db, "order", "arrive", again)
    code, out, _ = run(capsys, *db, "order", "incomplete", again, "--reason", "缺配件")
    assert code == 0 and out.strip() == f"{again} 待派工"

    later = _add(capsys, db)
    run(capsys, *db, "order", "dispatch", later, "--department", "工程部")
    run(capsys, *db, "order", "arrive", later)
    code, out, _ = run(
        capsys, *db, "order", "incomplete", later, "--reason", "缺配件", "--redispatch"
    )
    assert code == 0 and out.strip() == f"{later} 已派工"
    code, out, _ = run(
        capsys, *db, "order", "to-developer", later, "--contact", "开发商客服", "--note", "保修期内"
    )
    assert code == 0 and out.strip() == f"{later} 已转开发商"


def test_owner_supplied_material_with_its_check(db, capsys):
    number = _add(capsys, db, "--owner-materials", "--paid")
    run(capsys, *db, "order", "dispatch", number, "--department", "工程部")
    run(capsys, *db, "order", "arrive", number)
    bad = (
        "order",
        "complete",
        number,
        "--work",
        "换水龙头",
        "--owner-material",
        "水龙头,1,个,还行",
    )
    code, _, err = run(capsys, *db, *bad)
    assert code != 0 and "第1行检查结果" in err and "质量不佳" in err
    code, out, err = run(
        capsys,
        *db,
        "order",
        "complete",
        number,
        "--work",
        "换水龙头",
        "--material",
        "生料带,1,卷,5",
        "--owner-material",
        "水龙头,1,个,质量不佳,阀芯松动",
    )
    assert code == 0, err
    code, out, _ = run(capsys, *db, "order", "show", number)
    assert "水龙头" in out and "质量不佳：阀芯松动" in out


def test_labour_from_the_fee_schedule_or_typed(db, capsys):
    from propdesk.db.connection import open_database
    from propdesk.domain.enums import PriceReview
    from propdesk.services import build_services

    def completed(*labour: str) -> PriceReview | None:
        number = _add(capsys, db, "--paid")
        run(capsys, *db, "order", "dispatch", number, "--department", "工程部")
        run(capsys, *db, "order", "arrive", number)
        code, out, err = run(
            capsys, *db, "order", "complete", number, "--work", "疏通下水道", *labour
        )
        assert code == 0 and "合计 50.00 元" in out, err
        database = open_database(db[1])
        try:
            return build_services(database).registers.by_number(number).price_review
        finally:
            database.close()

    assert completed("--labour-item", "疏通下水道") is None
    assert completed("--labour", "50") is PriceReview.PENDING  # typed, not from the schedule
    code, _, err = run(
        capsys, *db, "order", "complete", "x", "--work", "w", "--labour-item", "不存在"
    )
    assert code != 0 and "不存在" in err
