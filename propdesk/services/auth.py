"""Log-in, passwords, lockout and user accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from propdesk.db import reference_repo, reference_write
from propdesk.db.connection import damage_of, write_transaction
from propdesk.domain.enums import Role
from propdesk.domain.errors import UserError
from propdesk.domain.passwords import hash_password, verify_password
from propdesk.domain.permissions import SYSTEM_USERNAME, Perm
from propdesk.domain.records import Changes, UserRecord

from . import audit
from .context import ServiceContext
from .order_ops import as_dt, authorize, require_text

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 5
MIN_PASSWORD_LENGTH = 6


class AuthService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def system_user(self) -> UserRecord:
        user = reference_repo.get_user_by_name(SYSTEM_USERNAME)
        assert user is not None, "seed data missing the system account"
        return user

    def user(self, username: str) -> UserRecord:
        user = reference_repo.get_user_by_name(username.strip())
        if user is None or not user.active:
            raise UserError(f"用户“{username}”不存在或已停用", "用户名")
        return user

    def needs_password(self, username: str) -> bool:
        """True for an account whose password must be set first (new 管理员)."""
        row = reference_write.user_auth_row(username.strip())
        return bool(
            row and row["active"] and row["must_change_password"] and not row["password_hash"]
        )

    def login(self, username: str, password: str) -> UserRecord:
        """Check a password; 5 failures lock the account for 5 minutes. On a database whose
        write path is closed (found damaged) the password is still checked, without
        counting failures, so the clerk can unlock the window and restore a backup."""
        now = self.ctx.now()
        username = username.strip()
        if damage_of(self.ctx.db) is not None:
            return self._login_read_only(username, password, now)
        failure: UserError | None = None
        with write_transaction(self.ctx.db):
            row = reference_write.user_auth_row(username)
            if row is None or not row["active"] or username == SYSTEM_USERNAME:
                raise UserError("用户名或密码错误", "密码")
            locked_until = as_dt(row["locked_until"])
            if locked_until and locked_until > now:
                # whole minutes left, rounded up (5:00 left says 5, not 6)
                minutes = max(1, -int(-(locked_until - now).total_seconds() // 60))
                raise UserError(f"密码错误次数过多，账户已锁定，请{minutes}分钟后再试", "密码")
            if not row["password_hash"]:
                raise UserError("该账户尚未设置密码，请先设置密码", "密码")
            if not verify_password(password, row["password_hash"]):
                failed = row["failed_logins"] + 1
                values: dict[str, object] = {"failed_logins": failed}
                failure = UserError("用户名或密码错误", "密码")
                if failed >= MAX_FAILED_LOGINS:
                    values = {
                        "failed_logins": 0,
                        "locked_until": now + timedelta(minutes=LOCKOUT_MINUTES),
                    }
                    failure = UserError(
                        f"密码连续错误{MAX_FAILED_LOGINS}次，账户锁定{LOCKOUT_MINUTES}分钟", "密码"
                    )
                # committed: raising inside the transaction would roll the count back
                reference_write.update_user(row["id"], values)
            else:
                reference_write.update_user(row["id"], {"failed_logins": 0, "locked_until": None})
        if failure is not None:
            raise failure
        return self.user(username)

    def _login_read_only(self, username: str, password: str, now: datetime) -> UserRecord:
        row = reference_write.user_auth_row(username)
        if row is None or not row["active"] or username == SYSTEM_USERNAME:
            raise UserError("用户名或密码错误", "密码")
        locked_until = as_dt(row["locked_until"])
        if locked_until and locked_until > now:
            raise UserError("账户已锁定，请稍后再试", "密码")
        if not row["password_hash"] or not verify_password(password, row["password_hash"]):
            raise UserError("用户名或密码错误", "密码")
        return self.user(username)

    def set_initial_password(self, username: str, password: str) -> UserRecord:
        """First start: set the password of an account that has none yet."""
        if not self.needs_password(username):
            raise UserError("该账户已设置密码", "用户名")
        user = self.user(username)
        self._write_password(user, user, password)
        return self.user(username)

    def change_password(self, user: UserRecord, old: str, new: str) -> None:
        self.login(user.username, old)
        self._write_password(user, user, new)

    def _write_password(self, actor: UserRecord, target: UserRecord, password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"密码至少{MIN_PASSWORD_LENGTH}位", "密码")
        with write_transaction(self.ctx.db):
            reference_write.update_user(
                target.id,
                {
                    "password_hash": hash_password(password),
                    "must_change_password": False,
                    "failed_logins": 0,
                    "locked_until": None,
                },
            )
            audit.write(
                self.ctx,
                actor,
                "user",
                target.id,
                {"password": "***"},
                {"password": "***changed"},
                self.ctx.now(),
            )

    def users(self) -> list[UserRecord]:
        return [u for u in reference_repo.list_users() if u.username != SYSTEM_USERNAME]

    def save_user(
        self,
        actor: UserRecord,
        *,
        username: str,
        display_name: str,
        role: Role,
        password: str | None = None,
        staff_id: int | None = None,
        active: bool = True,
        user_id: int | None = None,
    ) -> Changes:
        """管理员 creates or edits an account (a new one needs a password)."""
        authorize(actor, Perm.MANAGE_USERS)
        username = require_text(username, "用户名", 64)
        if username == SYSTEM_USERNAME:
            raise UserError("该用户名为系统保留", "用户名")
        other = reference_write.exists("user", username=username)
        if other is not None and other != user_id:
            raise UserError(f"用户名“{username}”已存在", "用户名")
        values: dict[str, object] = {
            "username": username,
            "display_name": require_text(display_name, "姓名", 64),
            "role": role.value,
            "staff": staff_id,
            "active": active,
        }
        if user_id is None:
            if not password:
                raise UserError("新用户必须设置初始密码", "密码")
            values["created_at"] = self.ctx.now()
        if password:
            if len(password) < MIN_PASSWORD_LENGTH:
                raise UserError(f"密码至少{MIN_PASSWORD_LENGTH}位", "密码")
            values["password_hash"] = hash_password(password)
        with write_transaction(self.ctx.db):
            new_id, old = reference_write.save("user", user_id, values)
            shown = {k: ("***" if k == "password_hash" else v) for k, v in values.items()}
            old_shown = {k: ("***" if k == "password_hash" else v) for k, v in old.items()}
            audit.write(self.ctx, actor, "user", new_id, old_shown, shown, self.ctx.now())
        return Changes(users=True)
