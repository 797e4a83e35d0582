"""Use cases over the database. No Qt here: the GUI and the command line both call these."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from propdesk.domain.records import UserRecord

from .audit_log import AuditLogService
from .auth import AuthService
from .backup import BackupService
from .context import Clock, ServiceContext, system_clock
from .fees import FeeService
from .intake import IntakeService
from .printing import PrintService
from .reference import ReferenceService
from .registers import RegisterService
from .workflow import WorkflowService

if TYPE_CHECKING:
    from peewee import Database


@dataclass
class Services:
    """Everything the GUI or the command line needs, built once by the application."""

    ctx: ServiceContext
    intake: IntakeService
    workflow: WorkflowService
    fees: FeeService
    registers: RegisterService
    reference: ReferenceService
    auth: AuthService
    printing: PrintService
    audit_log: AuditLogService
    backups: BackupService

    def for_viewer(self, user: UserRecord) -> Services:
        """The same services with the reads limited to what ``user`` may see (维修工 their own
        orders, phones masked for roles without ``Perm.VIEW_PHONES``). The GUI builds this
        once per log-in."""
        registers = RegisterService(self.ctx, viewer=user)
        return replace(self, registers=registers, printing=PrintService(self.ctx, registers))


def build_services(db: Database, clock: Clock = system_clock) -> Services:
    ctx = ServiceContext(db=db, clock=clock)
    registers = RegisterService(ctx)
    return Services(
        ctx=ctx,
        intake=IntakeService(ctx),
        workflow=WorkflowService(ctx),
        fees=FeeService(ctx),
        registers=registers,
        reference=ReferenceService(ctx),
        auth=AuthService(ctx),
        printing=PrintService(ctx, registers),
        audit_log=AuditLogService(ctx),
        backups=BackupService(ctx),
    )
