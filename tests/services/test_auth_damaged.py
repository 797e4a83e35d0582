"""Logging in (and unlocking the idle lock) still works on a database whose write path was
closed because a check found it damaged: the password is checked, nothing is written."""

from __future__ import annotations

import pytest

from propdesk.db.connection import mark_damaged
from propdesk.domain.enums import Role
from propdesk.domain.errors import DatabaseDamaged, UserError
from tests.factories import db_dump, make_user, register


def test_login_on_a_damaged_database_checks_the_password_and_writes_nothing(services, clock):
    make_user(services, Role.MANAGER, "jingli")
    mark_damaged(services.ctx.db)
    before = db_dump(services)
    assert services.auth.login("jingli", "secret123").username == "jingli"
    for _ in range(6):  # failures are not counted: there is nowhere to write them
        with pytest.raises(UserError, match="用户名或密码错误"):
            services.auth.login("jingli", "wrong")
    assert services.auth.login(" jingli ", "secret123").username == "jingli"
    with pytest.raises(UserError):
        services.auth.login("nobody", "secret123")
    with pytest.raises(UserError):
        services.auth.login("system", "")
    assert db_dump(services) == before
    with pytest.raises(DatabaseDamaged):
        register(services)


def test_a_locked_account_stays_locked_on_a_damaged_database(services, clock):
    make_user(services, Role.RECEPTIONIST, "qiantai")
    for _ in range(5):
        with pytest.raises(UserError):
            services.auth.login("qiantai", "wrong")
    mark_damaged(services.ctx.db)
    with pytest.raises(UserError, match="锁定"):
        services.auth.login("qiantai", "secret123")
    clock.advance(minutes=6)
    assert services.auth.login("qiantai", "secret123").username == "qiantai"
