"""Which copies (联) are printed, and the legend line for multi-part forms."""

from __future__ import annotations

import re

from propdesk.domain.settings import OfficeSettings

_ORDINAL = re.compile(r"^第.{1,3}联[\s:：]*")


def copy_labels(settings: OfficeSettings, copies: int | None = None) -> tuple[str, ...]:
    """The 联 labels printed, in order: the first ``copies`` (default ``settings.copy_count``).

    The finance copy is always printed (paper numbering stays whole), so asking for fewer
    copies than the position of the first label naming 财务 is refused with ``ValueError``.
    """
    labels = tuple(label for label, _colour in settings.copy_labels)
    count = settings.copy_count if copies is None else copies
    if not 1 <= count <= len(labels):
        raise ValueError(f"联数应为 1 到 {len(labels)}，而不是 {count}")
    finance = next((i for i, label in enumerate(labels) if "财务" in label), None)
    if finance is not None and count <= finance:
        raise ValueError(f"财务联必须打印：至少需要 {finance + 1} 联")
    return labels[:count]


def short_label(label: str) -> str:
    """``"第一联 存档(服务中心)"`` -> ``"存档(服务中心)"``."""
    rest = _ORDINAL.sub("", label.strip())
    return rest or label.strip()


def legend(settings: OfficeSettings) -> str:
    """One line naming each ply by colour: ``"白联 存档(服务中心) / 红联 客户 / …"``."""
    parts = []
    for label, colour in settings.copies:
        colour = colour.strip()
        name = short_label(label)
        parts.append(f"{colour}联 {name}" if colour else label.strip())
    return " / ".join(parts)
