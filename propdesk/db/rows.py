"""Records from rows, by name: a record's field takes the row's value of the same name,
converted by the field's type (enum codes to members, stored text to datetimes, 0/1 to
bools). Queries select what a record names, so a new field of a record and a column of the
same name meet without a list kept by hand anywhere."""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

R = TypeVar("R")
Convert = Callable[[Any], Any]


def _datetime(v: Any) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v))


def _converter(hint: Any) -> Convert:
    """How a stored value becomes a value of type ``hint``."""
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0] if len(args) == 1 else Any
    if hint is datetime:
        return _datetime
    if hint is bool:
        return lambda v: None if v is None and optional else bool(v)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        members = {m.value: m for m in hint}
        return lambda v: members[v] if v else None
    if hint is Decimal:
        return lambda v: None if v is None else Decimal(v)
    if hint is str and not optional:
        return lambda v: "" if v is None else v
    if hint is int and not optional:
        return lambda v: 0 if v is None else v
    return lambda v: v


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, Convert], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of record class ``cls``, in order."""
    return tuple(name for name, _c in _plan(cls))


def record(cls: type[R], values: Mapping[str, Any], **given: Any) -> R:
    """A ``cls`` from ``values`` by name (converted), ``given`` as they are; fields found in
    neither take their defaults."""
    kwargs = dict(given)
    for name, convert in _plan(cls):  # type: ignore[arg-type]
        if name not in kwargs and name in values:
            kwargs[name] = convert(values[name])
    return cls(**kwargs)
