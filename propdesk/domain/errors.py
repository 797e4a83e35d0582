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
