"""One order in its own window: every field, the timeline, dispatches, materials and visits,
and a button per step — enabled only when the lifecycle allows it from the current status and
the user's role may do it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.domain.enums import Status
from propdesk.domain.errors import UserError
from propdesk.domain.lifecycle import Action, allowed_actions
from propdesk.domain.permissions import Perm
from propdesk.domain.records import Changes, OrderRecord
from propdesk.domain.reminders import ReminderKind

from ..formatting import deadline_state, fmt_deadline
from ..messages import show_error
from ..models.followup_models import notes_model, timeline, timeline_model
from ..models.order_parts import dispatches_model, materials_model, visits_model
from ..screen_fit import resize_to_fit
from ..session import Session
from ..widgets.record_view import RecordView
from .action_base import ActionDialog
from .complete_dialog import CompleteDialog
from .dispatch_dialog import DispatchDialog
from .edit_dialog import EditOrderDialog
from .fee_dialog import FeeStatusDialog
from .incomplete_dialog import IncompleteDialog
from .note_dialog import NoteDialog
from .order_info import OrderInfo
from .path_dialogs import (
    AnswerDialog,
    ApprovePriceDialog,
    DeclineDialog,
    NotesDialog,
    OutsourceDialog,
    OutsourceResultDialog,
)
from .step_dialogs import (
    ArriveDialog,
    CancelDialog,
    DeveloperResultDialog,
    ReopenDialog,
    ReturnSlipDialog,
    ToDeveloperDialog,
)
from .visit_dialog import VisitDialog

DialogFactory = Callable[[Session, OrderRecord, QWidget], ActionDialog]

STATUS_COLOURS = {
    Status.PENDING: "#c0392b",
    Status.DISPATCHED: "#d35400",
    Status.IN_PROGRESS: "#2471a3",
    Status.COMPLETED: "#1e8449",
    Status.TO_VISIT: "#7d3c98",
    Status.CLOSED: "#566573",
    Status.DEVELOPER: "#9a7d0a",
    Status.OUTSOURCED: "#117a65",
    Status.DECLINED: "#6e2c00",
    Status.CANCELLED: "#808b96",
}


@dataclass(frozen=True)
class StepButton:
    key: str
    label: str
    actions: frozenset[Action]
    dialog: DialogFactory
    perm: Perm


STEPS: tuple[StepButton, ...] = (
    StepButton(
        "dispatch",
        "派工",
        frozenset({Action.DISPATCH, Action.REDISPATCH}),
        DispatchDialog,
        Perm.DISPATCH,
    ),
    StepButton("arrive", "到场", frozenset({Action.ARRIVE}), ArriveDialog, Perm.RECORD_WORK),
    StepButton("complete", "完工", frozenset({Action.COMPLETE}), CompleteDialog, Perm.RECORD_WORK),
    StepButton(
        "incomplete",
        "未完成",
        frozenset({Action.INCOMPLETE, Action.INCOMPLETE_REDISPATCH}),
        IncompleteDialog,
        Perm.RECORD_WORK,
    ),
    StepButton(
        "return_slip", "回单", frozenset({Action.RETURN_SLIP}), ReturnSlipDialog, Perm.RETURN_SLIP
    ),
    StepButton(
        "visit", "回访", frozenset({Action.VISIT, Action.FOLLOW_UP_VISIT}), VisitDialog, Perm.VISIT
    ),
    StepButton("cancel", "取消", frozenset({Action.CANCEL}), CancelDialog, Perm.CANCEL),
    StepButton(
        "to_developer",
        "转开发商",
        frozenset({Action.TO_DEVELOPER}),
        ToDeveloperDialog,
        Perm.TO_DEVELOPER,
    ),
    StepButton(
        "developer_result",
        "开发商结果",
        frozenset({Action.DEVELOPER_RESULT}),
        DeveloperResultDialog,
        Perm.TO_DEVELOPER,
    ),
    StepButton("reopen", "重开", frozenset({Action.REOPEN}), ReopenDialog, Perm.REOPEN),
    StepButton(
        "answer",
        "当场答复",
        frozenset({Action.ANSWER, Action.ANSWER_CLOSE}),
        AnswerDialog,
        Perm.REGISTER,
    ),
    StepButton("outsource", "委外", frozenset({Action.OUTSOURCE}), OutsourceDialog, Perm.DISPATCH),
    StepButton(
        "outsource_result",
        "委外结果",
        frozenset({Action.OUTSOURCE_RESULT}),
        OutsourceResultDialog,
        Perm.RECORD_WORK,
    ),
    StepButton("decline", "业主拒绝", frozenset({Action.DECLINE}), DeclineDialog, Perm.CANCEL),
)

#: Buttons that change no status: key -> their dialog.
EXTRA_DIALOGS: dict[str, DialogFactory] = {
    "fee": FeeStatusDialog,
    "edit": EditOrderDialog,
    "approve_price": ApprovePriceDialog,
    "notes": NotesDialog,
}


#: The dialog that answers a 待跟进 reminder when a step does (派工, 回访, 审价); the other
#: reminders are answered by a note (记跟进), and so are these when the step is not open to
#: the user now.
REMINDER_STEPS: dict[ReminderKind, str] = {
    ReminderKind.DISPATCH_OVERDUE: "dispatch",
    ReminderKind.VISIT: "visit",
    ReminderKind.SECOND_VISIT: "visit",
    ReminderKind.PRICE_REVIEW: "approve_price",
}


class OrderWindow(QWidget):
    """A top-level window for one order; reloads when a broadcast names its order."""

    def __init__(self, session: Session, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.order_id = order_id
        self.order: OrderRecord | None = None
        self.dialog: ActionDialog | None = None
        self.setObjectName("orderWindow")
        resize_to_fit(self, 1100, 700)
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("orderHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.info = OrderInfo(splitter)
        self.parts = QTabWidget(splitter)
        self.part_views: dict[str, RecordView] = {}
        self.events = timeline_model(self)
        self.notes = notes_model(self)
        self.dispatches = dispatches_model(self)
        self.materials = materials_model(self)
        self.visits = visits_model(self)
        for title, model in (
            ("进度", self.events),
            ("跟进记录", self.notes),
            ("派工记录", self.dispatches),
            ("材料", self.materials),
            ("回访记录", self.visits),
        ):
            view = RecordView(self.parts)
            view.setModel(model)
            self.parts.addTab(view, title)
            self.part_views[title] = view
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        steps_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for step in STEPS:
            button = QPushButton(step.label, self)
            button.setObjectName(f"step_{step.key}")
            button.clicked.connect(lambda _=False, key=step.key: self.open_action(key))
            steps_row.addWidget(button)
            self.buttons[step.key] = button
        steps_row.addStretch(1)
        layout.addLayout(steps_row)
        buttons = QHBoxLayout()
        #: the buttons of the dialogs outside the row of steps, by ``open_action`` key
        self.action_buttons: dict[str, QPushButton] = {}
        self.notes_button = self._action_button(buttons, "重要/备注", "notes", "orderNotes")
        self.approve_button = self._action_button(buttons, "审价", "approve_price", "approvePrice")
        self.note_button = self._action_button(buttons, "记跟进", "note", "addNote")
        self.edit_button = self._action_button(buttons, "修改登记", "edit", "editOrder")
        self.fee_button = self._action_button(buttons, "收费", "fee")
        self.print_button = QPushButton("打印派工单", self)
        self.print_button.clicked.connect(lambda: self.session.print_slip(self.order_id, self))
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Esc"), self, self.close)

        session.changed.connect(self._on_changes)
        session.ticked.connect(self._on_tick)
        self.reload()

    # --- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        try:
            order = self.session.services.registers.order(self.order_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.order = order
        self.setWindowTitle(f"工单 {order.number} — {order.place} {order.category_name}")
        self._show_header()
        self.info.show_order(order, self.session.now())
        notes = self.session.services.followups.notes(self.order_id)
        self.events.set_records(timeline(order.events, notes))
        self.notes.set_records(notes)
        self.dispatches.set_records(order.dispatches)
        self.materials.set_records(order.materials)
        self.visits.set_records(order.visits)
        self.info.show_outsourcings(self.session.services.paths.outsourcings(order.id))
        self._enable_steps(order)

    def _show_header(self) -> None:
        order = self.order
        if order is None:
            return
        now = self.session.now()
        colour = STATUS_COLOURS.get(order.status, "#333")
        due = fmt_deadline(order.due_kind, order.due_at, now)
        state = deadline_state(order.due_kind, order.due_at, now, self.session.settings().rules)
        due_colour = {"overdue": "#c00000", "soon": "#b36b00"}.get(state, "#333")
        emergency = "　<span style='color:#c00000;'>紧急</span>" if order.is_emergency else ""
        if order.important:
            emergency += "　<span style='color:#c00000; font-weight:bold;'>★重要</span>"
        if order.awaiting_price_review:
            emergency += "　<span style='color:#b36b00;'>待审价</span>"
        self.header.setText(
            f"<span style='font-size:14pt; font-weight:bold;'>NO. {order.number}</span>　"
            f"<span style='background:{colour}; color:white; padding:2px 6px;'>"
            f"&nbsp;{order.status.label}&nbsp;</span>{emergency}　"
            f"<span style='color:{due_colour};'>{('时限：' + due) if due else ''}</span>"
        )

    def _enable_steps(self, order: OrderRecord) -> None:
        allowed = set(allowed_actions(order.status, order.kind))
        for step in STEPS:
            button = self.buttons[step.key]
            legal = bool(step.actions & allowed)
            perm = step.perm
            if step.key == "dispatch" and Action.REDISPATCH in allowed:
                perm = Perm.REDISPATCH
            permitted = self.session.can(perm)
            if step.key == "dispatch":
                button.setText("改派" if Action.REDISPATCH in allowed else "派工")
            if step.key == "visit":
                button.setText("二次回访" if Action.FOLLOW_UP_VISIT in allowed else "回访")
            button.setEnabled(legal and permitted)
            if not legal:
                button.setToolTip(f"工单状态为“{order.status.label}”，不能{step.label}")
            elif not permitted:
                button.setToolTip(f"“{self.session.user.role.label}”无权{perm.label}")
            else:
                button.setToolTip("")
        self.note_button.setEnabled(self.session.can(Perm.FOLLOW_UP))
        edit_perm = Perm.REGISTER if order.status.is_open else Perm.EDIT_CLOSED
        self.edit_button.setEnabled(self.session.can(edit_perm))
        self.notes_button.setEnabled(self.session.can(edit_perm))
        self.approve_button.setVisible(order.price_review is not None)
        self.approve_button.setEnabled(
            order.awaiting_price_review and self.session.can(Perm.PRICE_UNLISTED)
        )
        can_fee = self.session.can(Perm.FEE_COLLECT) or self.session.can(Perm.FEE_WAIVE)
        self.fee_button.setVisible(order.paid)
        self.fee_button.setEnabled(order.paid and can_fee)
        self.print_button.setVisible(self.session.can_print())
        self.print_button.setEnabled(bool(order.dispatches))

    def _on_tick(self, _now: object) -> None:
        self._show_header()

    def _on_changes(self, changes: Changes) -> None:
        if self.order_id in changes.order_ids:
            self.reload()

    def _action_button(self, row: QHBoxLayout, text: str, key: str, name: str = "") -> QPushButton:
        """A button in ``row`` that opens the dialog ``open_action(key)``."""
        button = QPushButton(text, self)
        if name:
            button.setObjectName(name)
        button.clicked.connect(lambda: self.open_action(key))
        row.addWidget(button)
        self.action_buttons[key] = button
        return button

    # --- actions ----------------------------------------------------------------------
    def answer(self, kind: ReminderKind) -> ActionDialog | None:
        """Open the dialog that answers a reminder of ``kind`` (``REMINDER_STEPS``), else
        the note dialog ready for it."""
        step = REMINDER_STEPS.get(kind)
        dialog = self.open_action(step) if step else None
        return dialog or self.open_action("note", kind)

    def open_action(self, key: str, answering: ReminderKind | None = None) -> ActionDialog | None:
        """Open the dialog of a step (``"arrive"``, ``"complete"``, ``"fee"``, ``"note"``…);
        ``None`` when the step is not allowed now. ``answering``: the reminder a note is for."""
        if self.order is None:
            return None
        if key == "note":
            if not self.note_button.isEnabled():
                return None
            factory: DialogFactory = partial(NoteDialog, answering=answering)
        elif key in EXTRA_DIALOGS:
            if not self.action_buttons[key].isEnabled():
                return None
            factory = EXTRA_DIALOGS[key]
        else:
            step = next(s for s in STEPS if s.key == key)
            if not self.buttons[key].isEnabled():
                return None
            factory = step.dialog
        dialog = factory(self.session, self.order, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.conflicted.connect(self.reload)
        self.dialog = dialog
        dialog.open()
        return dialog
