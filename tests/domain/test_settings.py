"""Office settings: defaults, the dict form stored in the database, the printed copies."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import time

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.enums import PaperMode
from propdesk.domain.settings import DEFAULT_COPIES, OfficeSettings

CUSTOM = OfficeSettings(
    office_name="幸福里物业服务中心",
    project_name="幸福里小区",
    office_phone="021-12345678",
    disclaimer_home="入户免责",
    disclaimer_common="公区免责",
    copy_count=3,
    copy_labels=(("存档", "白"), ("客户", "红"), ("财务", "黄"), ("工程", "蓝")),
    paper_mode=PaperMode.CONT_241X140,
    idle_lock_minutes=5,
    rules=TimeRules(
        dispatch_minutes=3,
        slip_cutoff=time(13, 30),
        slip_return_by=time(18, 0),
        work_start=time(8, 30),
        work_end=time(18, 0),
        visit_hours=48,
    ),
)


def test_defaults() -> None:
    s = OfficeSettings()
    assert s.copy_count == 4
    assert s.copy_labels == DEFAULT_COPIES
    assert [label for label, _colour in s.copies] == [
        "第一联 存档(服务中心)",
        "第二联 客户",
        "第三联 财务",
        "第四联 工程部",
    ]
    assert s.rules == TimeRules()
    for phrase in ("业主自备", "水管", "不承担", "同意"):
        assert phrase in s.disclaimer_home


def test_copies_three_or_four() -> None:
    four = OfficeSettings(copy_count=4)
    three = OfficeSettings(copy_count=3)
    assert len(four.copies) == 4
    assert len(three.copies) == 3
    assert three.copies == DEFAULT_COPIES[:3]
    assert [label for label, _ in three.copies] == [
        "第一联 存档(服务中心)",
        "第二联 客户",
        "第三联 财务",
    ]
    assert CUSTOM.copies == (("存档", "白"), ("客户", "红"), ("财务", "黄"))


def test_round_trip_defaults() -> None:
    s = OfficeSettings()
    assert OfficeSettings.from_dict(s.to_dict()) == s


def test_round_trip_every_field_changed() -> None:
    restored = OfficeSettings.from_dict(CUSTOM.to_dict())
    assert restored == CUSTOM
    assert restored.rules.slip_cutoff == time(13, 30)
    assert restored.paper_mode is PaperMode.CONT_241X140
    assert restored.copies == CUSTOM.copies


def test_round_trip_through_json() -> None:
    """The dict form is what the database stores: plain JSON values only."""
    stored = json.dumps(CUSTOM.to_dict(), ensure_ascii=False)
    assert OfficeSettings.from_dict(json.loads(stored)) == CUSTOM


def test_dict_form() -> None:
    d = CUSTOM.to_dict()
    assert d["paper_mode"] == "241x140"
    assert d["copy_labels"][0] == ["存档", "白"]
    assert d["rules"]["slip_cutoff"] == "13:30"
    assert d["rules"]["work_end"] == "18:00"
    assert d["rules"]["dispatch_minutes"] == 3
    assert set(d) == {
        "office_name",
        "project_name",
        "office_phone",
        "disclaimer_home",
        "disclaimer_common",
        "copy_count",
        "copy_labels",
        "paper_mode",
        "idle_lock_minutes",
        "rules",
        "channels",
        "answered_needs_visit",
        "complaints_important",
        "vip_units",
    }


def test_unknown_keys_ignored_and_missing_keys_default() -> None:
    s = OfficeSettings.from_dict(
        {
            "office_name": "新名称",
            "no_such_setting": 1,
            "rules": {"visit_hours": 12, "no_such_rule": "x"},
        }
    )
    assert s.office_name == "新名称"
    assert s.rules == TimeRules(visit_hours=12)
    assert s.project_name == OfficeSettings().project_name
    assert s.copy_count == 4
    assert not hasattr(s, "no_such_setting")


def test_empty_dict_gives_defaults() -> None:
    assert OfficeSettings.from_dict({}) == OfficeSettings()


def test_from_dict_reads_copy_count_three() -> None:
    s = OfficeSettings.from_dict({"copy_count": 3})
    assert len(s.copies) == 3


def test_the_desks_hours_choose_the_default_channel() -> None:
    """前台上班/下班: outside the desk's hours calls come through 监控中心 (SPEC §4)."""
    from datetime import datetime, time

    from propdesk.domain.enums import Channel

    s = OfficeSettings()
    morning, evening = datetime(2026, 11, 20, 8, 30), datetime(2026, 11, 20, 17, 45)
    assert s.default_channel(morning) is Channel.MONITOR
    assert s.default_channel(datetime(2026, 11, 20, 10, 0)) is Channel.PHONE
    assert s.default_channel(evening) is Channel.MONITOR
    early = replace(s, rules=replace(s.rules, work_start=time(8, 0), work_end=time(18, 0)))
    assert early.default_channel(morning) is Channel.PHONE
    assert early.default_channel(evening) is Channel.PHONE
    # an office that does not offer 监控中心 keeps 电话
    assert replace(s, channels=("phone", "visit")).default_channel(evening) is Channel.PHONE
