"""What every service needs: the database, a clock and the workstation name."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from propdesk.db import reference_repo
from propdesk.domain.settings import OfficeSettings

if TYPE_CHECKING:
    from peewee import Database

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local time, to the second (times are stored with seconds)."""
    return datetime.now().replace(microsecond=0)


@dataclass
class ServiceContext:
    db: Database
    clock: Clock = system_clock
    workstation: str = field(default_factory=socket.gethostname)

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def settings(self) -> OfficeSettings:
        return reference_repo.load_settings()
