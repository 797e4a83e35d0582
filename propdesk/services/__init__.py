"""Use cases over the database. No Qt here: the GUI and the command line both call these.

``Services`` builds each service (and imports its module) when it is first used, so starting
the window loads only the registers, reference data and log-in; importing, statistics,
fees, printing, backups and the audit log load with the first action that needs them."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .context import Clock, ServiceContext, system_clock

if TYPE_CHECKING:
    from peewee import Database

    from propdesk.domain.records import UserRecord

    from .audit_log import AuditLogService
    from .auth import AuthService
    from .backup import BackupService
    from .fees import FeeService
    from .intake import IntakeService
    from .printing import PrintService
    from .reference import ReferenceService
    from .registers import RegisterService
    from .workflow import WorkflowService


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
    @cached_property
    def intake(self) -> IntakeService:
        if self._base is not None:
            return self._base.intake
        from .intake import IntakeService

        return IntakeService(self.ctx)

    @cached_property
    def workflow(self) -> WorkflowService:
        if self._base is not None:
            return self._base.workflow
        from .workflow import WorkflowService

        return WorkflowService(self.ctx)

    @cached_property
    def fees(self) -> FeeService:
        if self._base is not None:
            return self._base.fees
        from .fees import FeeService

        return FeeService(self.ctx)

    @cached_property
    def reference(self) -> ReferenceService:
        if self._base is not None:
            return self._base.reference
        from .reference import ReferenceService

        return ReferenceService(self.ctx)

    @cached_property
    def auth(self) -> AuthService:
        if self._base is not None:
            return self._base.auth
        from .auth import AuthService

        return AuthService(self.ctx)

    @cached_property
    def audit_log(self) -> AuditLogService:
        if self._base is not None:
            return self._base.audit_log
        from .audit_log import AuditLogService

        return AuditLogService(self.ctx)

    @cached_property
    def backups(self) -> BackupService:
        if self._base is not None:
            return self._base.backups
        from .backup import BackupService

        return BackupService(self.ctx)


def build_services(db: Database, clock: Clock = system_clock) -> Services:
    return Services(ServiceContext(db=db, clock=clock))
