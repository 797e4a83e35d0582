"""Enumerations: stable codes (stored) and Chinese labels (shown), looked up either way."""

from __future__ import annotations

import re

import pytest

from propdesk.domain.enums import (
    AreaType,
    Channel,
    FeeStatus,
    Kind,
    LabeledEnum,
    MaterialSource,
    MatterType,
    PaperMode,
    Role,
    Satisfaction,
    Status,
    VisitMethod,
    WorkResult,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
ALL_ENUMS: list[type[LabeledEnum]] = [
    Kind,
    MatterType,
    Channel,
    AreaType,
    Status,
    VisitMethod,
    Satisfaction,
    FeeStatus,
    MaterialSource,
    WorkResult,
    Role,
    PaperMode,
]

#: Codes are what the database stores; they must never change. Labels are SPEC's words.
EXPECTED: dict[type[LabeledEnum], dict[str, str]] = {
    Kind: {"repair": "报修", "matter": "报事"},
    AreaType: {"home": "入户", "common": "公区"},
    Status: {
        "pending": "待派工",
        "dispatched": "已派工",
        "in_progress": "处理中",
        "completed": "已完工",
        "to_visit": "待回访",
        "closed": "已关闭",
        "developer": "已转开发商",
        "outsourced": "已委外",
        "declined": "已备案",
        "cancelled": "已取消",
    },
    Channel: {
        "phone": "电话",
        "visit": "来访",
        "letter": "来函/书面",
        "wechat": "微信",
        "app": "APP/小程序",
        "email": "邮件",
        "patrol": "巡检",
        "monitor": "监控中心",
        "other": "其他",
    },
    VisitMethod: {"phone": "电话", "home": "上门", "letter": "信函", "sms": "短信"},
    Satisfaction: {"satisfied": "满意", "fair": "基本满意", "unsatisfied": "不满意"},
    FeeStatus: {
        "unpaid": "未收",
        "paid": "已收",
        "with_mgmt_fee": "随管理费收取",
        "waived": "减免",
    },
    MaterialSource: {"centre": "服务中心", "owner": "业主自备"},
    WorkResult: {"done": "完成", "not_done": "未完成"},
}


@pytest.mark.parametrize("enum", list(EXPECTED), ids=lambda e: e.__name__)
def test_codes_and_labels(enum: type[LabeledEnum]) -> None:
    assert {m.value: m.label for m in enum} == EXPECTED[enum]


def test_matter_types_cover_spec() -> None:
    labels = {m.label for m in MatterType}
    for word in ("投诉", "咨询", "建议", "求助", "报失", "装修"):
        assert word in labels
    assert any("安全" in label for label in labels)


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_distinct_chinese_label(enum: type[LabeledEnum]) -> None:
    labels = [m.label for m in enum]
    assert all(CJK.search(label) for label in labels), labels
    assert len(set(labels)) == len(labels)
    # no label is another member's code, so from_text is never ambiguous
    assert not set(labels) & {m.value for m in enum}


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_from_text_by_code_and_label(enum: type[LabeledEnum]) -> None:
    for member in enum:
        assert enum.from_text(member.value) is member
        assert enum.from_text(member.label) is member
        assert enum.from_text(f"  {member.label}\t") is member


@pytest.mark.parametrize("text", ["", "   ", "维修", "REPAIR", None])
def test_from_text_refuses_unknown_naming_the_choices(text: str | None) -> None:
    with pytest.raises(ValueError) as info:
        Kind.from_text(text)  # type: ignore[arg-type]
    assert str(info.value).endswith("可选：报修、报事")


def test_choices_in_declaration_order() -> None:
    assert Kind.choices() == [("repair", "报修"), ("matter", "报事")]
    assert Status.choices()[0] == ("pending", "待派工")
    assert len(Status.choices()) == len(Status)


def test_members_are_their_codes() -> None:
    assert Status.PENDING == "pending"
    assert Status("closed") is Status.CLOSED
    assert f"{Kind.REPAIR}" == "repair"


def test_status_is_open() -> None:
    closed = {Status.CLOSED, Status.DECLINED, Status.CANCELLED}
    for status in Status:
        assert status.is_open is (status not in closed)


def test_paper_mode_is_continuous() -> None:
    # 套打 goes onto pre-printed multi-part forms: printed once, the plies are the copies
    assert {m for m in PaperMode if m.is_continuous} == {
        PaperMode.CONT_241X140,
        PaperMode.CONT_241X279,
        PaperMode.OVERLAY,
    }
    assert {m for m in PaperMode if m.is_overlay} == {PaperMode.OVERLAY}


def test_roles_cover_spec() -> None:
    assert {r.value for r in Role} >= {
        "receptionist",
        "supervisor",
        "technician",
        "finance",
        "manager",
    }
