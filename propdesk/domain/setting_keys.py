"""Every office setting by the key people type (``propdesk settings show/set``) with its
Chinese label: reading one as text and changing one from text. The settings page takes its
rule labels from here too."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import time
from typing import Any

from .deadlines import TimeRules
from .enums import PaperMode, channel_label, channel_value
from .errors import UserError
from .settings import OfficeSettings


@dataclass(frozen=True)
class SettingKey:
    key: str
    label: str
    unit: str = ""  # shown after numbers (" 分钟")
    minimum: int = 1
    maximum: int = 0  # numbers only

    @property
    def is_rule(self) -> bool:
        return self.key in _RULE_NAMES


_RULE_NAMES = {f.name for f in fields(TimeRules)}

#: The rules' numbers, in the order the settings page shows them.
RULE_NUMBERS: tuple[SettingKey, ...] = (
    SettingKey("dispatch_minutes", "受理→派工", " 分钟", 1, 600),
    SettingKey("appointment_late_minutes", "预约上门最多迟到", " 分钟", 1, 600),
    SettingKey("first_call_minutes", "派工后到场确认电话", " 分钟", 1, 600),
    SettingKey("escalate_minutes", "派工后无反馈上报", " 分钟", 1, 6000),
    SettingKey("visit_hours", "完工后回访", " 小时", 1, 720),
    SettingKey("due_soon_minutes", "即将到期提前提示", " 分钟", 1, 600),
    SettingKey("rework_days", "返修判定天数", " 天", 1, 365),
    SettingKey("complaint_contact_hours", "投诉联系投诉人时限", " 小时", 1, 720),
    SettingKey("complaint_repeat_days", "重复投诉升级天数", " 天", 1, 365),
    SettingKey("reminder_red_minutes", "跟进提醒到期后标红", " 分钟", 0, 600),
    SettingKey("price_review_minutes", "收费标准外价格审价时限", " 分钟", 1, 600),
)
RULE_TIMES: tuple[SettingKey, ...] = (
    SettingKey("slip_cutoff", "当天回单的派工截止"),
    SettingKey("slip_return_by", "回单截止时间"),
    SettingKey("work_start", "前台上班"),
    SettingKey("work_end", "前台下班"),
)
OFFICE: tuple[SettingKey, ...] = (
    SettingKey("office_name", "服务中心名称"),
    SettingKey("project_name", "项目名称"),
    SettingKey("office_phone", "服务中心电话"),
    SettingKey("copy_count", "派工单联数", " 联", 3, 4),
    SettingKey("copy_labels", "各联名称及纸色"),
    SettingKey("paper_mode", "纸张"),
    SettingKey("idle_lock_minutes", "无操作自动锁定", " 分钟", 0, 240),
    SettingKey("disclaimer_home", "免责声明（入户维修）"),
    SettingKey("disclaimer_common", "免责声明（公共部位）"),
)
#: The settings of intake, the slip's paths and the visits (their own group on the page).
PATHS: tuple[SettingKey, ...] = (
    SettingKey("channels", "来源渠道"),
    SettingKey("complaints_important", "投诉默认标为重要"),
    SettingKey("vip_units", "VIP业主房号"),
    SettingKey("second_visit_days", "重要事项二次回访", " 天", 1, 365),
    SettingKey("answered_needs_visit", "当场答复的报事仍需回访"),
    SettingKey("arrival_from_received", "到场时限自受理时间起算"),
    SettingKey("visit_same_day", "当日回访（前台下班前）"),
)
ALL_KEYS: tuple[SettingKey, ...] = OFFICE + PATHS + RULE_NUMBERS + RULE_TIMES
#: Separators accepted between the names of a list setting (shown joined by the first).
LIST_SEPARATORS = ("、", "，", ",")
YES, NO = ("是", "true", "yes", "1", "y"), ("否", "false", "no", "0", "n")
BY_KEY = {k.key: k for k in ALL_KEYS}


def _raw(settings: OfficeSettings, key: SettingKey) -> Any:
    return getattr(settings.rules if key.is_rule else settings, key.key)


def setting_text(settings: OfficeSettings, key: str) -> str:
    """The value of ``key`` as ``settings show`` prints it (and ``settings set`` reads it)."""
    k = BY_KEY[key]
    value = _raw(settings, k)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, PaperMode):
        return value.value
    if isinstance(value, bool):
        return YES[0] if value else NO[0]
    if key == "channels":
        return LIST_SEPARATORS[0].join(channel_label(c) for c in value)
    if key == "vip_units":
        return LIST_SEPARATORS[0].join(value)
    if key == "copy_labels":
        return "；".join(f"{label}/{colour}" for label, colour in value)
    return str(value)


def lookup(key: str) -> SettingKey:
    k = BY_KEY.get(key.strip())
    if k is None:
        raise UserError(f"没有设置项“{key}”（propdesk settings show 列出全部）", "设置项")
    return k


def with_setting(settings: OfficeSettings, key: str, text: str) -> OfficeSettings:
    """``settings`` with ``key`` set from ``text``; ``UserError`` naming the setting's label."""
    k = lookup(key)
    current = _raw(settings, k)
    value: Any
    text = text.strip()
    if isinstance(current, bool):
        if text.lower() not in YES + NO:
            raise UserError(f"{k.label}应为“是”或“否”：“{text}”", k.label)
        value = text.lower() in YES
    elif not isinstance(current, int | time | PaperMode | tuple):
        value = text
    elif k.key in ("channels", "vip_units"):  # "电话、来访、微信"
        for sep in LIST_SEPARATORS[1:]:
            text = text.replace(sep, LIST_SEPARATORS[0])
        names = [n.strip() for n in text.split(LIST_SEPARATORS[0]) if n.strip()]
        value = tuple(channel_value(n) for n in names) if k.key == "channels" else tuple(names)
    elif isinstance(current, int):
        try:
            value = int(text)
        except ValueError:
            raise UserError(f"{k.label}应为整数：“{text}”", k.label) from None
        if not k.minimum <= value <= k.maximum:
            raise UserError(f"{k.label}应在 {k.minimum}–{k.maximum} 之间：{value}", k.label)
    elif isinstance(current, time):
        try:
            value = time.fromisoformat(text)
        except ValueError:
            raise UserError(f"{k.label}应为时刻，如 17:30：“{text}”", k.label) from None
    elif isinstance(current, PaperMode):
        try:
            value = PaperMode.from_text(text)
        except ValueError as exc:
            raise UserError(f"{k.label}：{exc}", k.label) from None
    else:  # copy_labels: "第一联 存档/白；第二联 客户/红；…"
        pairs = [p.strip() for p in text.replace(";", "；").split("；") if p.strip()]
        value = tuple(tuple(x.strip() for x in (p.split("/", 1) + [""])[:2]) for p in pairs)
        if not value:
            raise UserError(f"{k.label}不能为空", k.label)
    if k.is_rule:
        return replace(settings, rules=replace(settings.rules, **{k.key: value}))
    return replace(settings, **{k.key: value})
