"""Log-in, lockout, the first admin password and user accounts, against a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest

from propdesk.db.models import User
from propdesk.db.seed import ADMIN_USERNAME
from propdesk.domain.enums import Role
from propdesk.domain.errors import PermissionDenied, UserError
from propdesk.domain.passwords import verify_password
from propdesk.domain.permissions import SYSTEM_USERNAME
from tests.factories import (
    assert_refused,
    audit_changes,
    audit_rows,
    db_dump,
    last_audit_id,
    make_user,
)


def stored(username: str) -> User:
    return User.get(User.username == username)


def fail_login(svc, username: str, password: str = "wrong-password") -> UserError:
    with pytest.raises(UserError) as info:
        svc.auth.login(username, password)
    assert info.value.field == "密码"
    return info.value


# --- log-in ----------------------------------------------------------------------------


def test_login_success_returns_the_user(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    user = services.auth.login("  xiaowang ", "secret123")
    assert user.username == "xiaowang"
    assert user.role is Role.RECEPTIONIST
    assert user.display_name == "前台小王"


def test_wrong_password_is_refused_and_counted(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    err = fail_login(services, "xiaowang")
    assert "用户名或密码错误" in str(err)
    assert stored("xiaowang").failed_logins == 1
    fail_login(services, "xiaowang")
    assert stored("xiaowang").failed_logins == 2


def test_unknown_user_gets_the_same_message_as_a_wrong_password(services):
    err = fail_login(services, "nobody", "secret123")
    assert str(err) == "用户名或密码错误"


def test_inactive_user_cannot_log_in(services):
    make_user(services, Role.RECEPTIONIST, "gone")
    u = services.auth.user("gone")
    services.auth.save_user(
        services.auth.system_user(),
        username="gone",
        display_name="离职",
        role=Role.RECEPTIONIST,
        active=False,
        user_id=u.id,
    )
    assert str(fail_login(services, "gone", "secret123")) == "用户名或密码错误"


def test_the_builtin_system_account_cannot_log_in(services):
    fail_login(services, SYSTEM_USERNAME, "!")
    fail_login(services, SYSTEM_USERNAME, "")


def test_success_resets_the_failure_count(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    for _ in range(4):
        fail_login(services, "xiaowang")
    services.auth.login("xiaowang", "secret123")
    assert stored("xiaowang").failed_logins == 0
    # four more failures do not lock: the count started again
    for _ in range(4):
        fail_login(services, "xiaowang")
    assert services.auth.login("xiaowang", "secret123").username == "xiaowang"


def test_five_failures_lock_for_five_minutes(services, clock):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    for _ in range(4):
        assert "锁定" not in str(fail_login(services, "xiaowang"))
    err = fail_login(services, "xiaowang")
    assert "锁定5分钟" in str(err)
    assert stored("xiaowang").locked_until == clock.now + timedelta(minutes=5)

    # the right password is refused while locked
    clock.advance(minutes=4, seconds=59)
    err = fail_login(services, "xiaowang", "secret123")
    assert "已锁定" in str(err) and "1分钟" in str(err)
    clock.advance(seconds=1)  # exactly five minutes later: unlocked
    assert services.auth.login("xiaowang", "secret123").username == "xiaowang"
    row = stored("xiaowang")
    assert row.locked_until is None and row.failed_logins == 0


def test_lock_message_counts_down_the_minutes(services, clock):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    for _ in range(5):
        fail_login(services, "xiaowang")
    assert "请5分钟后再试" in str(fail_login(services, "xiaowang", "secret123"))
    clock.advance(minutes=2, seconds=30)
    assert "请3分钟后再试" in str(fail_login(services, "xiaowang", "secret123"))


def test_failures_while_locked_do_not_extend_the_lock(services, clock):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    for _ in range(5):
        fail_login(services, "xiaowang")
    until = stored("xiaowang").locked_until
    clock.advance(minutes=3)
    fail_login(services, "xiaowang")
    assert stored("xiaowang").locked_until == until
    clock.advance(minutes=2)
    services.auth.login("xiaowang", "secret123")


def test_lock_is_per_account(services):
    make_user(services, Role.RECEPTIONIST, "a_user")
    make_user(services, Role.FINANCE, "b_user")
    for _ in range(5):
        fail_login(services, "a_user")
    assert services.auth.login("b_user", "secret123").username == "b_user"
    fail_login(services, "a_user", "secret123")


# --- the first start: admin has no password yet ------------------------------------------


def test_initial_admin_password_flow(services):
    auth = services.auth
    assert auth.needs_password(ADMIN_USERNAME)
    err = fail_login(services, ADMIN_USERNAME, "")
    assert "尚未设置密码" in str(err)

    assert_refused(services, lambda: auth.set_initial_password(ADMIN_USERNAME, "12345"), "密码")
    assert auth.needs_password(ADMIN_USERNAME)

    admin = auth.set_initial_password(ADMIN_USERNAME, "s3cret!")
    assert admin.username == ADMIN_USERNAME and admin.role is Role.ADMIN
    assert not admin.must_change_password
    assert not auth.needs_password(ADMIN_USERNAME)
    assert verify_password("s3cret!", stored(ADMIN_USERNAME).password_hash)
    assert auth.login(ADMIN_USERNAME, "s3cret!").username == ADMIN_USERNAME

    # the password is set once this way; afterwards it takes the old one
    assert_refused(
        services,
        lambda: auth.set_initial_password(ADMIN_USERNAME, "other12"),
        "用户名",
        in_message=False,
    )
    assert auth.login(ADMIN_USERNAME, "s3cret!").username == ADMIN_USERNAME

    rows = [r for r in audit_rows(services, "user", admin.id) if r["field"] == "password"]
    assert len(rows) == 1
    assert rows[0]["username"] == ADMIN_USERNAME
    assert "s3cret" not in (rows[0]["new_value"] or "")


def test_needs_password_is_false_for_normal_and_unknown_accounts(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    assert not services.auth.needs_password("xiaowang")
    assert not services.auth.needs_password("nobody")
    assert not services.auth.needs_password(SYSTEM_USERNAME)


def test_change_password_needs_the_old_one(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    user = services.auth.user("xiaowang")
    with pytest.raises(UserError):
        services.auth.change_password(user, "not-it", "newpass1")
    assert services.auth.login("xiaowang", "secret123")
    with pytest.raises(UserError) as info:
        services.auth.change_password(user, "secret123", "short")
    assert info.value.field == "密码"
    services.auth.change_password(user, "secret123", "newpass1")
    fail_login(services, "xiaowang", "secret123")
    assert services.auth.login("xiaowang", "newpass1")


# --- accounts ----------------------------------------------------------------------------


def test_save_user_creates_an_account_with_a_hashed_password(services, clock):
    admin = services.auth.system_user()
    services.auth.save_user(
        admin, username="caiwu", display_name="财务小李", role=Role.FINANCE, password="secret123"
    )
    row = stored("caiwu")
    assert row.password_hash != "secret123"
    assert verify_password("secret123", row.password_hash)
    assert row.created_at == clock.now
    assert [u.username for u in services.auth.users()] == [ADMIN_USERNAME, "caiwu"]
    changes = {r["field"]: r["new_value"] for r in audit_rows(services, "user", row.id)}
    assert changes["username"] == "caiwu"
    assert changes["role"] == "finance"
    assert changes["password_hash"] == "***"
    assert all("scrypt" not in (r["new_value"] or "") for r in audit_rows(services, "user"))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"username": ""}, "用户名"),
        ({"username": "x" * 65}, "用户名"),
        ({"username": SYSTEM_USERNAME}, "用户名"),
        ({"username": ADMIN_USERNAME}, "用户名"),  # taken
        ({"display_name": "  "}, "姓名"),
        ({"password": None}, "密码"),
        ({"password": "12345"}, "密码"),
    ],
)
def test_save_user_refuses_each_bad_field(services, values, field):
    kwargs = {
        "username": "newuser",
        "display_name": "新人",
        "role": Role.RECEPTIONIST,
        "password": "secret123",
        **values,
    }
    assert_refused(
        services, lambda: services.auth.save_user(services.auth.system_user(), **kwargs), field
    )


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.MANAGER, Role.FINANCE])
def test_only_admins_manage_users(services, role):
    actor = make_user(services, role)
    before = db_dump(services)
    with pytest.raises(PermissionDenied):
        services.auth.save_user(
            actor, username="x1", display_name="某人", role=Role.ADMIN, password="secret123"
        )
    assert db_dump(services) == before


def test_editing_a_user_keeps_the_password_unless_given(services):
    make_user(services, Role.RECEPTIONIST, "xiaowang")
    u = services.auth.user("xiaowang")
    admin = services.auth.system_user()
    mark = last_audit_id(services)
    services.auth.save_user(
        admin, username="xiaowang", display_name="王小二", role=Role.SUPERVISOR, user_id=u.id
    )
    again = services.auth.login("xiaowang", "secret123")
    assert again.role is Role.SUPERVISOR and again.display_name == "王小二"
    assert audit_changes(services, "user", u.id, mark) == {
        "display_name": ("前台小王", "王小二"),
        "role": ("receptionist", "supervisor"),
    }
