"""用户: log-in accounts and their roles (管理员 only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from propdesk.domain.enums import Role
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, UserRecord

from ..models.reference_models import users_model
from ..session import Session
from .form_dialog import FormDialog, FormField
from .page import ReferencePage


class UsersPage(ReferencePage):
    title = "用户"
    perm = Perm.MANAGE_USERS

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, users_model(), parent)
        self.model.setParent(self)

    def wants(self, changes: Changes) -> bool:
        return changes.users

    def load(self) -> None:
        users = self.session.services.auth.users()
        self.model.set_records(users)
        self.count_label.setText(f"共 {len(users)} 个账户")

    def edit_dialog(self, record: Any) -> FormDialog:
        u: UserRecord | None = record if isinstance(record, UserRecord) else None
        auth, ref, actor = (
            self.session.services.auth,
            self.session.services.reference,
            self.session.user,
        )
        staff = [("（无）", None)] + [(s.name, s.id) for s in ref.staff()]
        fields = [
            FormField("username", "用户名", value=u.username if u else "", required=True),
            FormField("display_name", "姓名", value=u.display_name if u else "", required=True),
            FormField(
                "role",
                "角色",
                "choice",
                (u.role if u else Role.RECEPTIONIST).value,
                [(r.label, r.value) for r in Role],
            ),
            FormField("staff_id", "对应员工", "choice", u.staff_id if u else None, staff),
            FormField(
                "password",
                "新密码" if u else "初始密码",
                "password",
                "",
                required=u is None,
                error_names=("密码",),
            ),
            FormField("active", "在用", "check", u.active if u else True),
        ]

        def save(v: dict[str, Any]) -> Changes:
            v["role"] = Role(v["role"])
            v["password"] = v["password"] or None
            return auth.save_user(actor, user_id=u.id if u else None, **v)

        return FormDialog(self.session, "编辑用户" if u else "新增用户", fields, save, self)
