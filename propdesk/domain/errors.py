"""Errors meant for the person at the keyboard."""

from __future__ import annotations


class UserError(Exception):
    """A refusal with a Chinese message for the clerk; ``field`` names the offending input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ConflictError(UserError):
    """Someone else saved the record first (optimistic version check failed)."""

    def __init__(self, message: str = "该工单已被他人修改，请刷新后重试") -> None:
        super().__init__(message)


class PermissionDenied(UserError):
    """The acting user's role may not do this."""


class NotFound(UserError):
    """A record named by the user does not exist."""


class DatabaseDamaged(UserError):
    """The database file is damaged (or not a database): nothing may be written to it; the
    clerk is offered a restore from a backup. ``path`` names the file."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class DatabaseUnavailable(UserError):
    """The database cannot be used right now (disk full, locked past the timeout, folder
    gone, server unreachable); nothing of the attempted change was written."""
