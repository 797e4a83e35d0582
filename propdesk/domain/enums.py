"""Enumerations of the domain, each value a stable English code with a Chinese label.

Codes are what the database stores; labels are what people read. ``from_text`` accepts
either, so the command line and Excel import can take the Chinese words.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Self


class LabeledEnum(StrEnum):
    """A ``StrEnum`` whose members carry a Chinese label (set per class in ``_LABELS``)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Member by code or Chinese label; ``ValueError`` naming the choices otherwise."""
        text = (text or "").strip()
        member = _by_text(cls).get(text)
        if member is None:
            choices = "、".join(m.label for m in cls)
            raise ValueError(f"“{text}”不是有效值，可选：{choices}")
        return member  # type: ignore[return-value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


@cache
def _by_text(cls: type[LabeledEnum]) -> dict[str, LabeledEnum]:
    """The members of ``cls`` by code and by label, as ``from_text`` reads them. A ledger
    import reads six such cells per order: scanning the members for each cost 0.15 s of
    CPU in a 20,000-order import (of about 4.5 s; 0.3–0.4 s of wall time on a loaded PC)."""
    found: dict[str, LabeledEnum] = {}
    for member in cls:
        found.setdefault(member.value, member)
        found.setdefault(member.label, member)
    return found


class Kind(LabeledEnum):
    REPAIR = "repair"
    MATTER = "matter"


class MatterType(LabeledEnum):
    COMPLAINT = "complaint"
    CONSULTATION = "consultation"
    SUGGESTION = "suggestion"
    HELP = "help"
    LOST = "lost"
    SECURITY = "security"
    RENOVATION = "renovation"
    OTHER = "other"


class Channel(LabeledEnum):
    """来源渠道 as the seeds list them; the office picks and orders the ones it offers
    (``OfficeSettings.channels``)."""

    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    WECHAT = "wechat"
    APP = "app"
    EMAIL = "email"
    PATROL = "patrol"
    MONITOR = "monitor"
    OTHER = "other"


#: Longest name of a channel the office adds (the order's ``channel`` column holds it).
CHANNEL_NAME_MAX = 16


def channel_label(value: str) -> str:
    """A stored channel as shown: one of the nine by its label, an office's own channel
    (stored by its name) as it is."""
    member = Channel._value2member_map_.get(value)
    return member.label if isinstance(member, Channel) else value


def channel_value(name: str) -> str:
    """A channel as stored from its name as shown or typed: one of the nine by its label (or
    code), an office's own channel by its name (the inverse of ``channel_label``)."""
    member = _by_text(Channel).get(name.strip())
    return member.value if isinstance(member, Channel) else name.strip()


class AreaType(LabeledEnum):
    HOME = "home"
    COMMON = "common"


class Status(LabeledEnum):
    PENDING = "pending"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    TO_VISIT = "to_visit"
    CLOSED = "closed"
    DEVELOPER = "developer"
    OUTSOURCED = "outsourced"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATUSES


#: Statuses of an order that is finished with (已关闭, 已备案 — closed on record — and 已取消).
CLOSED_STATUSES = frozenset({Status.CLOSED, Status.DECLINED, Status.CANCELLED})


class VisitMethod(LabeledEnum):
    PHONE = "phone"
    HOME = "home"
    LETTER = "letter"
    SMS = "sms"


class Satisfaction(LabeledEnum):
    SATISFIED = "satisfied"
    FAIR = "fair"
    UNSATISFIED = "unsatisfied"


class FeeStatus(LabeledEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    WITH_MGMT_FEE = "with_mgmt_fee"
    WAIVED = "waived"


class MaterialSource(LabeledEnum):
    CENTRE = "centre"
    OWNER = "owner"


class MaterialCheck(LabeledEnum):
    """The check of a material the owner supplied (seeds 002, 004)."""

    OK = "ok"
    REJECTED = "rejected"
    POOR = "poor"


class PriceReview(LabeledEnum):
    """A fee line priced outside the 收费标准 waits for the 工程主管 (seed 002)."""

    PENDING = "pending"
    APPROVED = "approved"


class WorkResult(LabeledEnum):
    DONE = "done"
    NOT_DONE = "not_done"


class Role(LabeledEnum):
    RECEPTIONIST = "receptionist"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"
    FINANCE = "finance"
    MANAGER = "manager"
    ADMIN = "admin"


class PaperMode(LabeledEnum):
    A4X2 = "a4x2"
    A4 = "a4"
    A5 = "a5"
    CONT_241X140 = "241x140"
    CONT_241X279 = "241x279"
    OVERLAY = "overlay"  # 套打: values only, onto pre-printed multi-part forms

    @property
    def is_continuous(self) -> bool:
        """Printed once: the plies of a multi-part form are the copies."""
        return self in (PaperMode.CONT_241X140, PaperMode.CONT_241X279, PaperMode.OVERLAY)

    @property
    def is_overlay(self) -> bool:
        """套打: only the values, placed by the layout file, onto a pre-printed form."""
        return self is PaperMode.OVERLAY


_LABELS: dict[str, dict[str, str]] = {
    "Kind": {"repair": "报修", "matter": "报事"},
    "MatterType": {
        "complaint": "投诉",
        "consultation": "咨询",
        "suggestion": "建议",
        "help": "求助",
        "lost": "报失",
        "security": "安全检查",
        "renovation": "装修",
        "other": "其他",
    },
    "Channel": {
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
    "AreaType": {"home": "入户", "common": "公区"},
    "Status": {
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
    "VisitMethod": {"phone": "电话", "home": "上门", "letter": "信函", "sms": "短信"},
    "Satisfaction": {"satisfied": "满意", "fair": "基本满意", "unsatisfied": "不满意"},
    "FeeStatus": {
        "unpaid": "未收",
        "paid": "已收",
        "with_mgmt_fee": "随管理费收取",
        "waived": "减免",
    },
    "MaterialSource": {"centre": "服务中心", "owner": "业主自备"},
    "MaterialCheck": {"ok": "合格", "rejected": "不合格", "poor": "质量不佳"},
    "PriceReview": {"pending": "待审价", "approved": "已审价"},
    "WorkResult": {"done": "完成", "not_done": "未完成"},
    "Role": {
        "receptionist": "前台",
        "supervisor": "工程主管",
        "technician": "维修工",
        "finance": "财务",
        "manager": "经理",
        "admin": "管理员",
    },
    "PaperMode": {
        "a4x2": "A4 每页两联（裁切线）",
        "a4": "A4 每页一联",
        "a5": "A5 横向每页一联",
        "241x140": "241×140 针式连续多联纸",
        "241x279": "241×279 针式连续多联纸",
        "overlay": "套打（预印派工单，只打印内容）",
    },
}
