"""Log-in (and, on a new database, setting the 管理员 password first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.errors import UserError
from propdesk.domain.records import UserRecord
from propdesk.services.auth import AuthService

ADMIN = "admin"


class LoginDialog(QDialog):
    """``user`` is set when accepted."""

    def __init__(
        self,
        auth: AuthService,
        office_name: str,
        last_user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.user: UserRecord | None = None
        self.first_start = auth.needs_password(ADMIN)
        self.setWindowTitle(f"{office_name} — 登录")
        self.setObjectName("loginDialog")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        title = QLabel(
            f"<span style='font-size:14pt; font-weight:bold;'>{office_name}</span><br>"
            "报事报修派工系统",
            self,
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit(last_user, self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel("新密码" if self.first_start else "密码", self)
        self.confirm_label = QLabel("确认密码", self)
        form.addRow("用户名", self.username)
        form.addRow(self.password_label, self.password)
        form.addRow(self.confirm_label, self.confirm)
        self.hint = QLabel(
            "首次使用：请为管理员账户（admin）设置密码（至少6位）。"
            "<a href='login'>已有其他账户？直接登录</a>",
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.linkActivated.connect(lambda _link: self.switch_to_login())
        layout.addWidget(self.hint)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #c00000;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("设置密码并登录" if self.first_start else "登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.first_start:
            self.username.setText(ADMIN)
            self.username.setReadOnly(True)
            self.password.setFocus()
        else:
            self.switch_to_login(last_user)

    def switch_to_login(self, username: str = "") -> None:
        """Ordinary log-in (also from the first-start form, for another account)."""
        self.first_start = False
        self.hint.hide()
        self.confirm.hide()
        self.confirm_label.hide()
        self.password_label.setText("密码")
        self.ok_button.setText("登录")
        self.username.setReadOnly(False)
        self.username.setText(username)
        self.error.clear()
        # start in the user name, the remembered one selected: the same clerk presses
        # Return (or Tab) and types her password; another simply types over it
        self.username.setFocus()
        self.username.selectAll()

    def accept(self) -> None:
        if self.username.hasFocus() and not self.password.text():
            self.password.setFocus()  # Return after the user name moves on to the password
            return
        try:
            if self.first_start:
                if self.password.text() != self.confirm.text():
                    raise UserError("两次输入的密码不一致", "确认密码")
                self.user = self.auth.set_initial_password(ADMIN, self.password.text())
            else:
                self.user = self.auth.login(self.username.text(), self.password.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        super().accept()
