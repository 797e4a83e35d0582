"""``order note``, ``reminders --at`` and ``settings show/set`` scripted as at a terminal."""

from __future__ import annotations

import sqlite3

import pytest

from propdesk.cli.main import main
from tests.cli.terminal import ORDER_ADD, add_order, run


def add(capsys, db, *extra: str, at: str = "2026-11-20 09:00") -> str:
    return add_order(capsys, db, "--at", at, *extra, user="qiantai")


def reminders(capsys, db, at: str, *extra: str) -> list[str]:
    code, out, err = run(capsys, *db, *extra, "reminders", "--at", at)
    assert code == 0, err
    return out.strip().splitlines()[:-1]  # the last line is the count


def test_confirmation_call_chase_and_call_back_by_the_clock(db, capsys):
    number = add(capsys, db, "--category", "水", "--desc", "厨房水管漏水")
    code, _, err = run(
        capsys,
        *db,
        "order",
        "dispatch",
        number,
        "--staff",
        "李建国",
        "--at",
        "2026-11-20 09:03",
    )
    assert code == 0, err
    assert reminders(capsys, db, "2026-11-20 09:17") == []
    [line] = reminders(capsys, db, "2026-11-20 09:18")
    assert number in line and "到场确认电话" in line and "2026-11-20 09:18" in line
    [line] = reminders(capsys, db, "2026-11-20 09:30")
    assert "迟 12分钟" in line
    # --upcoming lists what comes later too
    code, out, _ = run(capsys, *db, "reminders", "--at", "2026-11-20 09:04", "--upcoming")
    assert "到场确认电话" in out and "未到期" in out and "催办" in out

    code, out, err = run(
        capsys,
        *db,
        "--user",
        "qiantai",
        "order",
        "note",
        number,
        "--kind",
        "致电业主",
        "--result",
        "已到场",
        "--text",
        "师傅已到，正在维修",
        "--next",
        "2026-11-20 15:00",
        "--at",
        "2026-11-20 09:20",
    )
    assert code == 0, err
    assert reminders(capsys, db, "2026-11-20 14:59") == []  # the call cleared it, no chase
    [line] = reminders(capsys, db, "2026-11-20 15:00")
    assert "约定回电" in line and "师傅已到" in line

    code, out, _ = run(capsys, *db, "order", "show", number)
    assert "跟进记录（1 条）" in out
    assert "致电业主·已到场：师傅已到，正在维修（约定回电 11-20 15:00）" in out


def test_no_news_by_two_hours_shows_the_chase(db, capsys):
    number = add(capsys, db, "--category", "水", "--desc", "厨房水管漏水")
    run(capsys, *db, "order", "dispatch", number, "--staff", "李建国", "--at", "2026-11-20 09:03")
    before = reminders(capsys, db, "2026-11-20 11:02")
    assert not [x for x in before if "催办" in x]
    after = reminders(capsys, db, "2026-11-20 11:03")
    assert [x for x in after if "催办" in x and "派工2小时无反馈" in x]
    boss = reminders(capsys, db, "2026-11-20 11:03", "--user", "zhuguan")
    assert [x for x in boss if "无反馈上报" in x]
    assert not [x for x in boss if "到场确认电话" in x]


def test_complaints_contact_due_and_second_complaint_escalated(db, capsys):
    first = add(capsys, db, "--kind", "报事", "--category", "投诉", "--desc", "楼上装修噪音")
    [line] = [
        x for x in reminders(capsys, db, "2026-11-20 21:00") if "投诉联系" in x and first in x
    ]
    assert "2026-11-20 21:00" in line and "升级" not in line
    assert not [x for x in reminders(capsys, db, "2026-11-20 20:59") if "投诉联系" in x]
    second = add(
        capsys,
        db,
        "--kind",
        "报事",
        "--category",
        "投诉",
        "--desc",
        "仍然噪音",
        at="2026-11-30 09:00",
    )
    lines = [x for x in reminders(capsys, db, "2026-11-30 21:00") if second in x]
    assert lines and all("升级" in x for x in lines)
    manager = reminders(capsys, db, "2026-11-30 21:00", "--user", "jingli")
    assert [x for x in manager if second in x and "投诉联系" in x]
    assert not [x for x in manager if first in x]
    code, out, _ = run(capsys, *db, "order", "show", second)
    assert "升级：是" in out


def test_settings_show_set_moves_the_reminder_and_is_audited(db, capsys):
    code, out, _ = run(capsys, *db, "settings", "show")
    assert code == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert rows["first_call_minutes"][1:] == ["派工后到场确认电话（分钟）", "15"]
    assert rows["escalate_minutes"][1:] == ["派工后无反馈上报（分钟）", "120"]
    assert rows["complaint_contact_hours"][2] == "12"

    code, _, err = run(
        capsys, *db, "--user", "qiantai", "settings", "set", "first_call_minutes", "20"
    )
    assert code == 1 and "无权修改系统设置" in err
    code, _, err = run(
        capsys, *db, "--user", "admin", "settings", "set", "first_call_minutes", "二十"
    )
    assert code == 1 and "派工后到场确认电话" in err
    code, _, err = run(capsys, *db, "--user", "admin", "settings", "set", "no_such_key", "1")
    assert code == 1 and "no_such_key" in err
    code, out, err = run(
        capsys, *db, "--user", "admin", "settings", "set", "first_call_minutes", "20"
    )
    assert code == 0, err
    assert "first_call_minutes = 20" in out

    number = add(capsys, db, "--category", "水", "--desc", "厨房水管漏水")
    run(capsys, *db, "order", "dispatch", number, "--staff", "李建国", "--at", "2026-11-20 09:03")
    assert reminders(capsys, db, "2026-11-20 09:18") == []
    assert [x for x in reminders(capsys, db, "2026-11-20 09:23") if "到场确认电话" in x]

    con = sqlite3.connect(db[1])
    try:
        audit = con.execute(
            "SELECT username, old_value, new_value FROM audit_log "
            "WHERE entity = 'settings' AND field = 'rules.first_call_minutes'"
        ).fetchall()
    finally:
        con.close()
    assert audit == [("admin", "15", "20")]


def test_note_refusals_name_the_field(db, capsys):
    number = add(capsys, db, "--category", "水", "--desc", "厨房水管漏水")
    code, _, err = run(
        capsys,
        *db,
        "order",
        "note",
        number,
        "--kind",
        "上报主管",
        "--result",
        "已到场",
        "--text",
        "x",
    )
    assert code == 1 and "结果" in err
    with pytest.raises(SystemExit):
        main([*db, "order", "note", number, "--kind", "打电话", "--text", "x"])
    assert "致电业主" in capsys.readouterr().err


def _walk(capsys, db, number: str, *complete: str) -> None:
    """Dispatched 09:03 (the slip printed), arrived 09:10, completed 09:40, slip back 09:45."""
    steps = [
        ("dispatch", number, "--staff", "李建国", "--at", "2026-11-20 09:03"),
        ("arrive", number, "--at", "2026-11-20 09:10"),
        ("complete", number, "--work", "已更换", *complete, "--at", "2026-11-20 09:40"),
        ("return-slip", number, "--at", "2026-11-20 09:45"),
    ]
    for step in steps:
        code, _, err = run(capsys, *db, "order", *step)
        assert code == 0, err


def test_second_visit_and_price_review_reminders_by_the_clock(db, capsys):
    important = add(capsys, db, "--category", "水", "--desc", "厨房水管漏水", "--important")
    _walk(capsys, db, important)
    code, _, err = run(
        capsys, *db, "order", "visit", important, "--rating", "满意", "--at", "2026-11-20 10:00"
    )
    assert code == 0, err
    priced = add(capsys, db, "--category", "水", "--desc", "水龙头坏了", "--paid")
    _walk(capsys, db, priced, "--labour", "30", "--material", "进口水龙头,1,个,180")

    def lines(at: str, *extra: str) -> list[str]:
        return [x for x in reminders(capsys, db, at, *extra) if "二次回访" in x or "审价" in x]

    assert lines("2026-11-20 09:54") == []
    [line] = lines("2026-11-20 09:55")
    assert priced in line and "审价" in line and "2026-11-20 09:55" in line
    assert "11-20 09:40 起待审价" in line  # when the review was requested
    assert lines("2026-11-20 09:55", "--user", "qiantai") == []  # the 工程主管's
    assert len(lines("2026-11-20 09:55", "--user", "zhuguan")) == 1
    assert len(lines("2026-12-20 09:59")) == 1
    both = lines("2026-12-20 10:00")
    [second] = [x for x in both if "二次回访" in x]
    assert important in second and "2026-12-20 10:00" in second
    assert [x for x in both if "审价" in x and priced in x and "迟 30天" in x]
    assert [x for x in lines("2026-12-20 10:00", "--user", "qiantai")] == [second]


def test_list_and_switch_settings_are_set_by_text_and_reach_intake(db, capsys):
    """The page's own group (channels, 重要 defaults, 当场答复…) is in ``settings show`` and
    ``settings set`` too: a channel the office adds there is accepted by ``order add``."""
    code, out, _ = run(capsys, *db, "settings", "show")
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in out.splitlines()}
    assert rows["channels"][1].startswith("电话、来访、")
    assert rows["answered_needs_visit"] == ["当场答复的报事仍需回访", "是"]
    assert rows["price_review_minutes"] == ["收费标准外价格审价时限（分钟）", "15"]
    order = ("--category", "水", "--desc", "厨房水管漏水", "--channel", "业主群")
    refused = run(capsys, *db, "--user", "qiantai", *ORDER_ADD, *order)
    assert refused[0] == 1 and "来源渠道" in refused[2]

    code, out, err = run(
        capsys, *db, "--user", "admin", "settings", "set", "channels", "电话，业主群"
    )
    assert code == 0, err
    assert "channels = 电话、业主群" in out
    number = add(capsys, db, *order)
    code, out, err = run(capsys, *db, "order", "show", number)
    assert code == 0 and "业主群" in out
    code, _, err = run(
        capsys, *db, "--user", "admin", "settings", "set", "answered_needs_visit", "也许"
    )
    assert code == 1 and "当场答复的报事仍需回访" in err
