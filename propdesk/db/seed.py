"""Reference data every new database starts with (departments, categories, urgencies,
settings, the built-in accounts)."""

from __future__ import annotations

import json
from datetime import datetime

from peewee import Database

from propdesk.domain.deadlines import DEFAULT_URGENCIES
from propdesk.domain.enums import Kind, MatterType, Role
from propdesk.domain.permissions import SYSTEM_USERNAME
from propdesk.domain.settings import OfficeSettings

from .models import Category, Department, Setting, UrgencyLevel, User

ADMIN_USERNAME = "admin"

DEPARTMENTS = ("工程部", "秩序部", "客服部", "环境部", "财务部")

#: (name, kind, department, urgency, matter type, children as (name, urgency or None))
CATEGORY_TREE: tuple[
    tuple[str, Kind, str, str, MatterType | None, tuple[tuple[str, str | None], ...]], ...
] = (
    (
        "水",
        Kind.REPAIR,
        "工程部",
        "一般",
        None,
        (
            ("水管漏水", None),
            ("爆管", "紧急"),
            ("水龙头", None),
            ("下水道堵塞", None),
            ("马桶", None),
            ("停水", "紧急"),
        ),
    ),
    (
        "电",
        Kind.REPAIR,
        "工程部",
        "一般",
        None,
        (
            ("停电", "紧急"),
            ("电器冒烟", "紧急"),
            ("插座开关", None),
            ("灯具", None),
            ("跳闸", None),
        ),
    ),
    (
        "门窗",
        Kind.REPAIR,
        "工程部",
        "一般",
        None,
        (("门锁", None), ("窗户", None), ("防盗门", None), ("可视对讲", None)),
    ),
    (
        "墙地面",
        Kind.REPAIR,
        "工程部",
        "一般",
        None,
        (("墙面渗水", None), ("地砖", None), ("天花板", None)),
    ),
    (
        "公共设施",
        Kind.REPAIR,
        "工程部",
        "一般",
        None,
        (("路灯", None), ("门禁", None), ("消防设施", None), ("停车场", None), ("健身器材", None)),
    ),
    ("电梯", Kind.REPAIR, "工程部", "一般", None, (("电梯困人", "紧急"), ("电梯故障", None))),
    (
        "投诉",
        Kind.MATTER,
        "客服部",
        "一般",
        MatterType.COMPLAINT,
        (("噪音扰民", None), ("服务态度", None), ("乱停车", None)),
    ),
    ("咨询", Kind.MATTER, "客服部", "咨询建议", MatterType.CONSULTATION, ()),
    ("建议", Kind.MATTER, "客服部", "咨询建议", MatterType.SUGGESTION, ()),
    ("求助", Kind.MATTER, "秩序部", "一般", MatterType.HELP, ()),
    ("报失", Kind.MATTER, "秩序部", "一般", MatterType.LOST, ()),
    ("安全检查", Kind.MATTER, "秩序部", "一般", MatterType.SECURITY, ()),
    ("装修", Kind.MATTER, "客服部", "一般", MatterType.RENOVATION, ()),
    (
        "环境卫生",
        Kind.MATTER,
        "环境部",
        "一般",
        MatterType.OTHER,
        (("保洁", None), ("绿化", None), ("垃圾清运", None)),
    ),
)


def seed_reference_data(db: Database) -> None:
    """Insert the defaults into an empty database (inside the caller's transaction)."""
    now = datetime.now().replace(microsecond=0)
    depts = {}
    for i, name in enumerate(DEPARTMENTS):
        depts[name] = Department.create(name=name, sort=i)
    urg = {}
    for i, rule in enumerate(DEFAULT_URGENCIES):
        urg[rule.name] = UrgencyLevel.create(
            name=rule.name,
            arrive_minutes=rule.arrive_minutes,
            resolve_minutes=rule.resolve_minutes,
            is_emergency=rule.is_emergency,
            sort=i,
        )
    for i, (name, kind, dept, urgency, matter, children) in enumerate(CATEGORY_TREE):
        parent = Category.create(
            name=name,
            kind=kind.value,
            matter_type=matter.value if matter else None,
            default_department=depts[dept],
            default_urgency=urg[urgency],
            sort=i,
        )
        for j, (child, child_urgency) in enumerate(children):
            Category.create(
                name=child,
                parent=parent,
                kind=kind.value,
                matter_type=matter.value if matter else None,
                default_department=depts[dept],
                default_urgency=urg[child_urgency or urgency],
                sort=j,
            )
    Setting.create(key="office", value=json.dumps(OfficeSettings().to_dict(), ensure_ascii=False))
    User.create(
        username=SYSTEM_USERNAME,
        display_name="系统",
        role=Role.ADMIN.value,
        password_hash="!",  # cannot log in: the command line acts as it
        created_at=now,
    )
    User.create(
        username=ADMIN_USERNAME,
        display_name="管理员",
        role=Role.ADMIN.value,
        password_hash="",
        must_change_password=True,
        created_at=now,
    )
