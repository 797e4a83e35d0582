"""接报: the new-order form a clerk fills with a phone at her ear.

Keyboard only: explicit tab order, Enter moves on, Ctrl+S saves, Ctrl+D saves and dispatches.
The unit field completes over the unit register and fills caller and phone; the side panel
shows the unit's recent orders and warnings (never a block). A refused save names and
highlights the field and keeps everything typed. After a save the form is cleared for the next
call and the banner shows the new order's number.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import (
    AreaType,
    Kind,
    MaterialSource,
    MatterType,
    Status,
    channel_label,
)
from propdesk.domain.errors import UserError
from propdesk.domain.phone import check_phone, normalize_phone
from propdesk.domain.records import CategoryRecord, OrderInput, OrderResult, UnitRecord

from ..screen_fit import resize_to_fit
from ..session import Session
from ..widgets.combos import contains_completer, fill, select
from ..widgets.enter_nav import EnterMovesFocus
from ..widgets.field_error import clear_error, has_error, mark_error
from ..widgets.time_edit import OptionalTimeEdit, StepTimeEdit
from .intake_extras import IntakeExtras
from .intake_side import IntakeSide
from .unit_field import UnitField

REQUIRED = "<span style='color:#c00000;'>*</span>"
OK_STYLE = "background:#e3f4e3; color:#1e5c1e; border:1px solid #7cbf7c; padding:6px;"
FAIL_STYLE = "background:#fbe3e3; color:#8b0000; border:1px solid #d08080; padding:6px;"


def _label(text: str, required: bool = False) -> QLabel:
    label = QLabel(text + (REQUIRED if required else ""))
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class IntakeForm(QWidget):
    """The 接报 window (one instance, reused for every call)."""

    saved = Signal(object)  # OrderResult

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.last_result: OrderResult | None = None
        self.question: QMessageBox | None = None  # the open 核对电话 / 放弃 question
        self._phone_confirmed = ""  # an unusual phone the clerk chose to keep
        self._then_dispatch = False
        self._auto_caller = ""
        self._auto_phone = ""
        self.categories: dict[int, CategoryRecord] = {}
        self.setObjectName("intakeForm")
        self.setWindowTitle("新建工单（接报）")
        resize_to_fit(self, 1180, 700)
        ref = session.services.reference

        outer = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("intakeBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        form_box = QWidget(self)
        form_column = QVBoxLayout(form_box)
        form_column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form_column.addLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        fill(self.kind, [(k.label, k.value) for k in Kind])
        self.area = QComboBox(self)
        self.area.setObjectName("area")
        fill(
            self.area,
            [
                ("入户（专有部位）", AreaType.HOME.value),
                ("公区（公共部位）", AreaType.COMMON.value),
            ],
        )
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(QLabel("区域", self))
        kind_row.addWidget(self.area, 1)
        form.addRow(_label("类型", True), kind_row)

        self.unit = UnitField(ref, self)
        self.location = QLineEdit(self)
        self.location.setObjectName("location")
        self.location.setPlaceholderText("如：3号楼2单元电梯厅、地下车库B区")
        self.place = QStackedWidget(self)
        self.place.addWidget(self.unit)
        self.place.addWidget(self.location)
        self.place.setFixedHeight(self.unit.sizeHint().height())
        self.place_label = _label("房号", True)
        form.addRow(self.place_label, self.place)

        self.caller = QLineEdit(self)
        self.caller.setObjectName("caller")
        self.caller_label = _label("报修人", True)
        form.addRow(self.caller_label, self.caller)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText("手机11位，或区号-电话-分机")
        form.addRow(_label("联系电话", True), self.phone)

        self.category = QComboBox(self)
        self.category.setObjectName("category")
        contains_completer(self.category)
        self.category.lineEdit().setPlaceholderText("输入关键字，如 水龙头、停电、噪音")
        form.addRow(_label("类别", True), self.category)

        self.urgency = QComboBox(self)
        self.urgency.setObjectName("urgency")
        self._fill_urgencies()
        self.department = QLabel(self)
        self.department.setObjectName("departmentHint")
        urgency_row = QHBoxLayout()
        urgency_row.addWidget(self.urgency)
        urgency_row.addWidget(self.department, 1)
        form.addRow(_label("紧急程度", True), urgency_row)

        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.description.setPlaceholderText("什么地方、什么问题、从何时开始（Shift+回车换行）")
        form.addRow(_label("问题描述", True), self.description)

        now = session.now()
        self.appointment = OptionalTimeEdit("预约上门", now.replace(second=0), self)
        form.addRow(_label("预约时间"), self.appointment)

        self.paid = QCheckBox("有偿服务", self)
        self.paid.setObjectName("paid")
        self.material = QComboBox(self)
        self.material.setObjectName("material")
        fill(self.material, [(f"材料：{m.label}", m.value) for m in MaterialSource])
        self.developer = QCheckBox("开发商保修（转开发商，不派工）", self)
        self.developer.setObjectName("developer")
        options = QHBoxLayout()
        options.addWidget(self.paid)
        options.addWidget(self.material)
        options.addWidget(self.developer, 1)
        form.addRow(_label("服务"), options)

        self.extras = IntakeExtras(self)
        form.addRow(_label("重要/备注"), self.extras)

        self.channel = QComboBox(self)
        self.channel.setObjectName("channel")
        self._fill_channels()
        self.received = StepTimeEdit(now, self)
        self.received.setObjectName("received")
        receive_row = QHBoxLayout()
        receive_row.addWidget(self.channel)
        receive_row.addWidget(_label("受理时间", True))
        receive_row.addWidget(self.received, 1)
        form.addRow(_label("来源渠道", True), receive_row)
        form.addRow(_label("受理人"), QLabel(session.user.display_name, self))

        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存 (Ctrl+S)", self)
        self.save_button.setObjectName("save")
        self.save_dispatch_button = QPushButton("保存并派工 (Ctrl+D)", self)
        self.save_dispatch_button.setObjectName("saveDispatch")
        self.clear_button = QPushButton("清空", self)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_dispatch_button)
        form_column.addSpacing(8)
        form_column.addLayout(buttons)
        self.hint = QLabel(
            "回车：下一项　Shift+回车：描述换行　Ctrl+S：保存　Ctrl+D：保存并派工　"
            "房号框可输入房号、住户姓名或电话的任意部分",
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#666;")
        form_column.addWidget(self.hint)
        form_column.addStretch(1)

        body.addWidget(form_box, 3)
        self.side = IntakeSide(now, session.settings().rules, self)
        body.addWidget(self.side, 2)

        self.fields: dict[str, QWidget] = {
            "房号": self.unit,
            "公区位置": self.location,
            "报修人": self.caller,
            "报事人": self.caller,
            "联系电话": self.phone,
            "类别": self.category,
            "紧急程度": self.urgency,
            "问题描述": self.description,
            "预约时间": self.appointment,
            "受理时间": self.received,
            "当场答复": self.extras.answer,
            "答复内容": self.extras.answer,
            "备注": self.extras.remark,
        }
        order = [
            self.kind,
            self.area,
            self.unit,
            self.location,
            self.caller,
            self.phone,
            self.category,
            self.urgency,
            self.description,
            self.appointment.check,
            self.appointment.edit,
            self.paid,
            self.material,
            self.developer,
            self.extras.important,
            self.extras.remark,
            self.extras.answered,
            self.extras.answer,
            self.channel,
            self.received,
            self.save_button,
            self.save_dispatch_button,
            self.clear_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.enter = EnterMovesFocus(self)
        self.enter.install(*order[:-3])

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.unit.unit_changed.connect(self._unit_changed)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.save_button.clicked.connect(lambda: self.save())
        self.save_dispatch_button.clicked.connect(lambda: self.save(then_dispatch=True))
        self.clear_button.clicked.connect(self.clear_form)
        # an order answered at the desk is not dispatched: 保存并派工 does not apply
        self.extras.answered.toggled.connect(self.save_dispatch_button.setDisabled)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save())
        QShortcut(QKeySequence("Ctrl+D"), self, lambda: self.save(then_dispatch=True))
        session.changed.connect(self._on_changes)
        self._load_categories()
        self.extras.set_matter(self.kind.currentData() == Kind.MATTER.value)

    # --- reference data ---------------------------------------------------------------
    def _load_categories(self) -> None:
        kind = Kind(self.kind.currentData())
        self.categories = {
            c.id: c for c in self.session.services.reference.categories() if c.kind is kind
        }
        fill(self.category, [(c.path, c.id) for c in self.categories.values()], keep=False)
        self.category.setCurrentIndex(-1)
        self.department.clear()

    def _on_changes(self, changes: object) -> None:
        if getattr(changes, "categories", False):
            self._load_categories()
        if getattr(changes, "settings", False):
            self._fill_urgencies()
            self._fill_channels()

    def _fill_channels(self) -> None:
        """The office's channels, in its order; the one for now selected (电话 in the desk's
        hours, 监控中心 outside them)."""
        settings = self.session.settings()
        fill(self.channel, [(channel_label(c), c) for c in settings.channel_choices])
        select(self.channel, settings.default_channel(self.session.now()).value)

    def _suggest_important(self) -> None:
        category = self.current_category()
        complaint = category is not None and category.matter_type is MatterType.COMPLAINT
        home = self.area.currentData() == AreaType.HOME.value
        self.extras.suggest_important(
            self.session.settings(), complaint, self.unit.text() if home else ""
        )

    def _fill_urgencies(self) -> None:
        urgencies = self.session.services.reference.urgencies()
        fill(self.urgency, [("按类别默认", None)] + [(u.name, u.id) for u in urgencies])

    # --- reactions --------------------------------------------------------------------
    def _kind_changed(self) -> None:
        person = "报修人" if self.kind.currentData() == Kind.REPAIR.value else "报事人"
        self.caller_label.setText(person + REQUIRED)
        self.extras.set_matter(self.kind.currentData() == Kind.MATTER.value)
        self._load_categories()
        self._refresh_warnings()

    def _area_changed(self) -> None:
        home = self.area.currentData() == AreaType.HOME.value
        self.place.setCurrentWidget(self.unit if home else self.location)
        self.place_label.setText(("房号" if home else "公区位置") + REQUIRED)
        self._refresh_warnings()

    def _unit_changed(self, unit: UnitRecord | None) -> None:
        self.side.show_unit(unit, self.unit.text().strip())
        now = self.session.now()
        if unit is None:
            self.side.show_history([], now)
        else:
            if not self.caller.text().strip() or self.caller.text() == self._auto_caller:
                self.caller.setText(unit.owner_name)
                self._auto_caller = unit.owner_name
            if not self.phone.text().strip() or self.phone.text() == self._auto_phone:
                self.phone.setText(unit.phone)
                self._auto_phone = unit.phone
            rows = self.session.services.registers.unit_history(unit.id)
            self.side.show_history(rows, now)
        self._suggest_important()
        self._refresh_warnings()

    def current_category(self) -> CategoryRecord | None:
        """The category named by the combo's text (typed or chosen)."""
        i = self.category.findText(
            self.category.currentText().strip(), Qt.MatchFlag.MatchFixedString
        )
        if i < 0:
            return None
        return self.categories.get(self.category.itemData(i))

    def _category_changed(self) -> None:
        category = self.current_category()
        if category is None:
            self.department.clear()
            return
        if category.default_urgency_id:
            select(self.urgency, category.default_urgency_id)
        depts = {d.id: d.name for d in self.session.services.reference.departments()}
        dept = depts.get(category.default_department_id or 0, "")
        self.department.setText(f"处理部门：{dept}" if dept else "")
        self._suggest_important()
        # 当场答复 completes the order; a complaint needs its 整改方案 first (not at intake)
        matter = self.kind.currentData() == Kind.MATTER.value
        self.extras.set_matter(matter and category.matter_type is not MatterType.COMPLAINT)
        self._refresh_warnings()

    def _refresh_warnings(self) -> None:
        home = self.area.currentData() == AreaType.HOME.value
        unit = self.unit.unit if home else None
        category = self.current_category()
        warnings = self.session.services.intake.warnings_for(
            unit.id if unit else None, category.id if category else None
        )
        self.side.show_warnings(warnings)

    # --- saving -----------------------------------------------------------------------
    def build_input(self) -> OrderInput:
        category = self.current_category()
        home = self.area.currentData() == AreaType.HOME.value
        return OrderInput(
            kind=Kind(self.kind.currentData()),
            area_type=AreaType.HOME if home else AreaType.COMMON,
            caller_name=self.caller.text(),
            phone=self.phone.text(),
            category_id=category.id if category else None,
            description=self.description.toPlainText(),
            urgency_id=self.urgency.currentData(),
            channel=self.channel.currentData(),
            unit_code=self.unit.text() if home else "",
            location="" if home else self.location.text(),
            received_at=self.received.value(),
            appointment_at=self.appointment.value(),
            paid=self.paid.isChecked(),
            material_source=MaterialSource(self.material.currentData()),
            developer_warranty=self.developer.isChecked(),
            important=self.extras.important.isChecked(),
            remark=self.extras.remark.text(),
            answer=self.extras.answer_text(),
        )

    def has_input(self) -> bool:
        """Something typed that a close or a save would lose or register."""
        texts = (
            self.unit.text(),
            self.location.text(),
            self.caller.text(),
            self.phone.text(),
            self.category.currentText(),
            self.description.toPlainText(),
        )
        return any(t.strip() for t in texts)

    def ask(self, text: str, go: str, back: str, then: Callable[[], object]) -> QMessageBox:
        """A question that does not block: ``go`` runs ``then``; ``back`` (the default, also
        Esc) returns to the form."""
        box = QMessageBox(QMessageBox.Icon.Question, "请确认", text, parent=self)
        box.setObjectName("intakeQuestion")
        go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
        back_button = box.addButton(back, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back_button)
        box.setEscapeButton(back_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        go_button.clicked.connect(then)
        box.finished.connect(lambda _r: setattr(self, "question", None))
        self.question = box
        box.open()
        back_button.setFocus()
        return box

    def _phone_needs_check(self) -> bool:
        """An unusual phone not yet confirmed: ask before saving, while the form is full. One
        that cannot be a number (letters, too few digits) is refused at once."""
        if self.phone.text().strip():
            try:
                check_phone(self.phone.text())
            except UserError as exc:
                self.show_refusal(exc)
                return True
        phone = normalize_phone(self.phone.text())
        if not phone.text or phone.warning is None or phone.text == self._phone_confirmed:
            return False
        mark_error(self.phone)

        def back() -> None:
            self.phone.setFocus()
            self.phone.selectAll()

        box = self.ask(
            f"{phone.warning}。\n号码是否正确？",
            "号码无误，保存",
            "返回修改",
            lambda: self._confirm_phone(phone.text),
        )
        box.rejected.connect(back)
        return True

    def _confirm_phone(self, text: str) -> None:
        self._phone_confirmed = text
        clear_error(self.phone)
        self.save(then_dispatch=self._then_dispatch)

    def save(self, then_dispatch: bool = False) -> OrderResult | None:
        """Register the order; on refusal name the field and keep the form as typed."""
        if not self.has_input() and self.last_result is not None:
            return None  # a second Ctrl+S after a save: the order is in, the banner says so
        self._then_dispatch = then_dispatch
        if not self.category.currentText().strip():
            self.show_refusal(UserError("请选择类别", "类别"))
            return None
        if self.current_category() is None:
            self.show_refusal(
                UserError(f"类别“{self.category.currentText()}”不存在，请从列表中选择", "类别")
            )
            return None
        if self.extras.answered.isChecked() and not self.extras.answer.text().strip():
            self.show_refusal(UserError("已选当场答复，请填写答复内容", "答复内容"))
            return None
        if self._phone_needs_check():
            return None
        try:
            result = self.session.services.intake.register(self.build_input(), self.session.user)
        except UserError as exc:
            self.show_refusal(exc)
            return None
        self.last_result = result
        self.session.broadcast(result)
        self.saved.emit(result)
        self.clear_form()
        order = result.order
        text = f"已登记：NO. {order.number}　{order.place}　{order.category_name}（{order.status.label}）"
        if result.warnings:
            text += "\n" + "\n".join(w.message for w in result.warnings)
        self.show_banner(text, OK_STYLE)
        if then_dispatch and order.status is Status.PENDING:  # not when 转开发商
            self.session.dispatch_requested.emit(order.id)
        return result

    def show_refusal(self, exc: UserError) -> None:
        for widget in self.fields.values():
            clear_error(widget)
        self.show_banner(f"未保存：{exc.message}", FAIL_STYLE)
        widget = self.fields.get(exc.field or "")
        if widget is not None:
            if widget is self.unit or widget is self.location:
                widget = self.place.currentWidget()
            mark_error(widget)
            widget.setFocus()

    def show_banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.show()

    def error_field(self) -> QWidget | None:
        """The field highlighted by the last refusal (tests)."""
        return next((w for w in self.fields.values() if has_error(w)), None)

    def clear_form(self) -> None:
        """Ready for the next call: keeps kind, area and channel, resets the rest."""
        now = self.session.now()
        for widget in self.fields.values():
            clear_error(widget)
        self.unit.clear_unit()
        for edit in (self.location, self.caller, self.phone):
            edit.clear()
        self._auto_caller = self._auto_phone = self._phone_confirmed = ""
        self.category.setCurrentIndex(-1)
        self.category.clearEditText()
        self.department.clear()
        self.urgency.setCurrentIndex(0)
        self.description.clear()
        self.appointment.reset(now.replace(second=0))
        self.paid.setChecked(False)
        self.material.setCurrentIndex(0)
        self.developer.setChecked(False)
        self.extras.reset()
        self.received.reset(now)
        self.banner.hide()
        self.side.show_warnings([])
        self.place.currentWidget().setFocus()

    def ask_discard(self, then: Callable[[], object]) -> QMessageBox:
        """Ask before typed input is thrown away; on 放弃 clear the form, then ``then``."""

        def discard() -> None:
            self.clear_form()
            then()

        return self.ask("新建工单中有未保存的内容，放弃吗？", "放弃", "返回填写", discard)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Closing is a fresh start: the next Ctrl+N opens an empty form (asked first when
        something typed would be lost)."""
        if self.has_input():
            event.ignore()
            self.ask_discard(self.close)
            return
        self.clear_form()
        self.last_result = None
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self.received.touched:
            self.received.reset(self.session.now())
            select(self.channel, self.session.settings().default_channel(self.session.now()).value)
        self.place.currentWidget().setFocus()
