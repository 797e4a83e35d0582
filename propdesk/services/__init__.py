"""Use cases over the database. No Qt here: the GUI and the command line both call these.

``Services`` builds each service (and imports its module) when it is first used, so starting
the window loads only the registers, reference data and log-in; importing, statistics,
fees, printing, backups and the audit log load with the first action that needs them."""

from __future__ import annotations

import importlib
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from .context import Clock, ServiceContext, system_clock

if TYPE_CHECKING:
    from peewee import Database

    from propdesk.domain.records import UserRecord

    from .audit_log import AuditLogService
    from .auth import AuthService
    from .backup import BackupService
    from .fees import FeeService
    from .followups import FollowUpService
    from .intake import IntakeService
    from .order_paths import PathsService
    from .printing import PrintService
    from .reference import ReferenceService
    from .registers import RegisterService
    from .workflow import WorkflowService


T = TypeVar("T")


class _Shared(Generic[T]):
    """A service shared by a ``Services`` and its viewers' copies: built from ``ctx`` on first
    use (its module imported then), kept on the instance; a copy takes its base's."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    @overload
    def __get__(self, obj: None, owner: type) -> _Shared[T]: ...
    @overload
    def __get__(self, obj: Services, owner: type) -> T: ...
    def __get__(self, obj: Services | None, owner: type) -> T | _Shared[T]:
        if obj is None:
            return self
        if obj._base is not None:
            value: T = getattr(obj._base, self.attr)
        else:
            cls = getattr(importlib.import_module(self.module, __package__), self.name)
            value = cls(obj.ctx)
        obj.__dict__[self.attr] = value  # later reads find it without this descriptor
        return value


class Services:
    """Everything the GUI or the command line needs, built once by the application; each
    service is created on first use and then kept.

    A viewer's copy (``for_viewer``) has its own registers and printing (limited to what the
    viewer may see) and shares every other service with the copy it was made from."""

    def __init__(self, ctx: ServiceContext, *, viewer: UserRecord | None = None) -> None:
        self.ctx = ctx
        self.viewer = viewer
        self._base: Services | None = None

    def for_viewer(self, user: UserRecord) -> Services:
        """The same services with the reads limited to what ``user`` may see (维修工 their own
        orders, phones masked for roles without ``Perm.VIEW_PHONES``). The GUI builds this
        once per log-in."""
        scoped = Services(self.ctx, viewer=user)
        scoped._base = self._base or self
        return scoped

    # --- scoped to the viewer -----------------------------------------------------------
    @cached_property
    def registers(self) -> RegisterService:
        from .registers import RegisterService

        return RegisterService(self.ctx, viewer=self.viewer)

    @cached_property
    def printing(self) -> PrintService:
        from .printing import PrintService

        return PrintService(self.ctx, self.registers)

    # --- shared with the viewer's copies ------------------------------------------------
    intake: _Shared[IntakeService] = _Shared(".intake", "IntakeService")
    workflow: _Shared[WorkflowService] = _Shared(".workflow", "WorkflowService")
    paths: _Shared[PathsService] = _Shared(".order_paths", "PathsService")
    fees: _Shared[FeeService] = _Shared(".fees", "FeeService")
    reference: _Shared[ReferenceService] = _Shared(".reference", "ReferenceService")
    auth: _Shared[AuthService] = _Shared(".auth", "AuthService")
    audit_log: _Shared[AuditLogService] = _Shared(".audit_log", "AuditLogService")
    backups: _Shared[BackupService] = _Shared(".backup", "BackupService")
    followups: _Shared[FollowUpService] = _Shared(".followups", "FollowUpService")


def build_services(db: Database, clock: Clock = system_clock) -> Services:
    return Services(ServiceContext(db=db, clock=clock))
