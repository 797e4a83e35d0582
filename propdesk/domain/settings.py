"""Office settings that are printed or that drive the rules (stored in the database)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime, time
from typing import Any

from .deadlines import TimeRules, is_working_time
from .enums import Channel, PaperMode, channel_label
from .errors import UserError

DEFAULT_DISCLAIMER_HOME = (
    "免责声明：凡属物业服务范围以外、由业主自备材料的维修项目，因更换水管、电气元件及疏通非主管道"
    "所引起的一切后果，物业服务中心不承担责任。业主接受本次服务，即视为同意本声明。"
)
DEFAULT_DISCLAIMER_COMMON = ""

#: Copy labels (联) and the paper colour of each ply, in print order.
DEFAULT_COPIES: tuple[tuple[str, str], ...] = (
    ("第一联 存档(服务中心)", "白"),
    ("第二联 客户", "红"),
    ("第三联 财务", "黄"),
    ("第四联 工程部", "蓝"),
)


@dataclass(frozen=True)
class OfficeSettings:
    office_name: str = "物业服务中心"
    project_name: str = "示例花园"
    office_phone: str = ""
    disclaimer_home: str = DEFAULT_DISCLAIMER_HOME
    disclaimer_common: str = DEFAULT_DISCLAIMER_COMMON
    copy_count: int = 4  # 3 (存档/客户/财务) or 4
    copy_labels: tuple[tuple[str, str], ...] = DEFAULT_COPIES
    paper_mode: PaperMode = PaperMode.A4X2
    idle_lock_minutes: int = 15
    rules: TimeRules = field(default_factory=TimeRules)
    #: the 来源渠道 offered at intake, in order: codes of ``Channel``, or the names of the
    #: office's own channels
    channels: tuple[str, ...] = tuple(c.value for c in Channel)
    #: a 报事 answered at the desk (当场答复) still gets a return visit; else it closes at once
    answered_needs_visit: bool = True
    #: complaints (投诉) are marked 重要 at intake by default
    complaints_important: bool = True
    #: VIP owners' units (房号): their orders are marked 重要 at intake by default
    vip_units: tuple[str, ...] = ()

    @property
    def channel_choices(self) -> list[str]:
        """The channels offered at intake, in the office's order (stored values: see
        ``channel_label``)."""
        return list(self.channels)

    def channel_of(self, text: str) -> str:
        """The stored channel for ``text`` (a code or label of the nine, or one of the
        office's own channels); ``UserError`` naming 来源渠道 otherwise."""
        text = text.strip()
        if text in self.channels:
            return text
        try:
            return Channel.from_text(text).value
        except ValueError:
            offered = "、".join(channel_label(c) for c in self.channels)
            raise UserError(f"来源渠道“{text}”不在可选渠道中：{offered}", "来源渠道") from None

    def default_channel(self, at: datetime) -> Channel:
        """电话 in the desk's hours; 监控中心 outside them (SPEC §4 working hours)."""
        if is_working_time(at, self.rules) or Channel.MONITOR.value not in self.channels:
            return Channel.PHONE
        return Channel.MONITOR

    def important_by_default(self, is_complaint: bool, unit_code: str) -> bool:
        """Whether intake ticks 重要 for a complaint / a VIP owner's unit."""
        return (is_complaint and self.complaints_important) or (
            bool(unit_code) and unit_code.strip() in self.vip_units
        )

    @property
    def copies(self) -> tuple[tuple[str, str], ...]:
        """The labels actually printed: the first ``copy_count`` of ``copy_labels``."""
        return self.copy_labels[: self.copy_count]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "rules":
                out[f.name] = {
                    rf.name: (v.strftime("%H:%M") if isinstance(v, time) else v)
                    for rf in fields(TimeRules)
                    for v in [getattr(value, rf.name)]
                }
            elif f.name == "copy_labels":
                out[f.name] = [list(pair) for pair in value]
            elif f.name in ("channels", "vip_units"):
                out[f.name] = list(value)
            elif isinstance(value, PaperMode):
                out[f.name] = value.value
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OfficeSettings:
        """Build from stored values; unknown keys ignored, missing ones default."""
        base = cls()
        kwargs: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, value in data.items():
            if key not in names:
                continue
            if key == "rules":
                rule_kwargs: dict[str, Any] = {}
                for rf in fields(TimeRules):
                    if rf.name in value:
                        v = value[rf.name]
                        if isinstance(getattr(base.rules, rf.name), time):
                            v = time.fromisoformat(v)
                        rule_kwargs[rf.name] = v
                kwargs[key] = replace(base.rules, **rule_kwargs)
            elif key == "copy_labels":
                kwargs[key] = tuple(tuple(pair) for pair in value)
            elif key in ("channels", "vip_units"):
                kwargs[key] = tuple(value)
            elif key == "paper_mode":
                kwargs[key] = PaperMode(value)
            else:
                kwargs[key] = value
        return replace(base, **kwargs)
