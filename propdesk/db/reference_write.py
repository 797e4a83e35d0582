"""Writes of reference data (caller holds the transaction). Returns old and new values so the
service can audit the change."""

from __future__ import annotations

from typing import Any

from peewee import Model

from .models import Category, Department, FeeItem, Staff, Unit, UrgencyLevel, User

MODELS: dict[str, type[Model]] = {
    "unit": Unit,
    "staff": Staff,
    "department": Department,
    "category": Category,
    "urgency": UrgencyLevel,
    "fee_item": FeeItem,
    "user": User,
}


def save(entity: str, record_id: int | None, values: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Insert (``record_id`` None) or update one row; returns (id, old values)."""
    model = MODELS[entity]
    if record_id is None:
        new_id = int(model.insert(**values).execute())
        return new_id, {}
    old = model.select().where(model._meta.primary_key == record_id).dicts().first()
    if old is None:
        raise KeyError(record_id)
    model.update(**values).where(model._meta.primary_key == record_id).execute()
    return record_id, old


def exists(entity: str, **where: Any) -> int | None:
    model = MODELS[entity]
    q = model.select(model._meta.primary_key)
    for k, v in where.items():
        q = q.where(getattr(model, k) == v)
    row = q.first()
    return row._pk if row else None


def user_auth_row(username: str) -> dict[str, Any] | None:
    return User.select().where(User.username == username).dicts().first()


def update_user(user_id: int, values: dict[str, Any]) -> None:
    User.update(**values).where(User.id == user_id).execute()
