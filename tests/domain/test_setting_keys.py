"""``settings show`` / ``settings set`` text of every office setting (propdesk/domain/
setting_keys.py): each key's printed value reads back to the same settings, and bad text is
refused naming the setting's Chinese label."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import time

import pytest

from propdesk.domain.deadlines import TimeRules
from propdesk.domain.enums import Channel
from propdesk.domain.errors import UserError
from propdesk.domain.setting_keys import ALL_KEYS, setting_text, with_setting
from propdesk.domain.settings import OfficeSettings

CHANGED = OfficeSettings(
    office_name="阳光花园物业服务中心",
    channels=(Channel.VISIT.value, "业主群", Channel.PHONE.value),
    vip_units=("1-2-302", "3-1-101"),
    answered_needs_visit=False,
    complaints_important=False,
    rules=replace(
        TimeRules(),
        second_visit_days=14,
        price_review_minutes=30,
        arrival_from_received=True,
        visit_same_day=True,
        work_end=time(18, 0),
    ),
)


def test_every_office_setting_has_a_key():
    named = {k.key for k in ALL_KEYS}
    settings = {f.name for f in fields(OfficeSettings) if f.name != "rules"}
    rules = {f.name for f in fields(TimeRules)}
    assert named == settings | rules


@pytest.mark.parametrize("settings", [OfficeSettings(), CHANGED], ids=["defaults", "changed"])
def test_each_printed_value_reads_back(settings):
    for k in ALL_KEYS:
        assert with_setting(settings, k.key, setting_text(settings, k.key)) == settings, k.key


def test_lists_and_switches_from_typed_text():
    s = OfficeSettings()
    s = with_setting(s, "channels", "来访，业主群, 电话")
    assert s.channels == (Channel.VISIT.value, "业主群", Channel.PHONE.value)
    assert setting_text(s, "channels") == "来访、业主群、电话"
    assert with_setting(s, "vip_units", " 1-2-302、3-1-101 ").vip_units == ("1-2-302", "3-1-101")
    assert with_setting(s, "visit_same_day", "是").rules.visit_same_day is True
    assert with_setting(s, "answered_needs_visit", "否").answered_needs_visit is False
    assert with_setting(s, "price_review_minutes", "30").rules.price_review_minutes == 30


@pytest.mark.parametrize(
    ("key", "text", "label"),
    [
        ("visit_same_day", "也许", "当日回访"),
        ("complaints_important", "", "投诉默认标为重要"),
        ("price_review_minutes", "0", "收费标准外价格审价时限"),
        ("second_visit_days", "一个月", "重要事项二次回访"),
    ],
)
def test_bad_text_names_the_setting(key, text, label):
    with pytest.raises(UserError) as e:
        with_setting(OfficeSettings(), key, text)
    assert label in str(e.value)
