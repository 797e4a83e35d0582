"""The manager's safety windows: the audit log viewer, 备份与恢复, the restore offered when the
database is damaged at start, the 系统 menu per role, the background backups and the idle
lock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from propdesk.db.connection import mark_damaged
from propdesk.domain.audit import AuditEntry
from propdesk.domain.enums import Role
from propdesk.domain.errors import DatabaseDamaged
from propdesk.domain.filters import OrderFilter
from propdesk.domain.retention import BackupKind
from propdesk.ui.audit_dialog import AuditDialog, AuditModel
from propdesk.ui.backup_dialog import BackupDialog, DamagedStartDialog
from propdesk.ui.idle_lock import IdleLock, LockDialog
from propdesk.ui.safety_hook import BackgroundBackups
from propdesk.ui.safety_menu import add_safety_menu
from propdesk.ui.session import Session
from tests.factories import make_user, register, staff_id


def shot(widget, name: str, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def manager_session(services, prefs: QSettings) -> Session:
    return Session(services, make_user(services, Role.MANAGER, "jingli"), prefs, "test.db")


@pytest.fixture
def busy_day(services, clock, manager_session):  # type: ignore[no-untyped-def]
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    first = register(services, clerk)
    clock.advance(minutes=3)
    services.workflow.dispatch(first.id, clerk, staff_ids=[staff_id(services)])
    clock.advance(hours=2)
    second = register(services, clerk, unit_code="1-1-102", phone="13912345678")
    clock.advance(minutes=1)
    services.workflow.cancel(second.id, manager_session.user, reason="业主重复来电")
    return first, second


# --- audit ------------------------------------------------------------------------------


def test_audit_dialog_lists_and_filters(qtbot, qtmodeltester, manager_session, busy_day, tmp_path):  # type: ignore[no-untyped-def]
    first, second = busy_day
    dialog = AuditDialog(manager_session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() > 5
    newest = dialog.model.record(0)
    assert newest.subject == second.number and newest.reason == "业主重复来电"
    texts = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert "经理小王" in texts and "工单" in texts and "状态" in texts and "已取消" in texts
    dialog.order_number.setText(first.number)
    dialog.search()
    assert {r.subject for r in dialog.model.records()} == {first.number}
    dialog.order_number.clear()
    dialog.user.setCurrentIndex(dialog.user.findData("jingli"))
    dialog.search()
    assert {r.username for r in dialog.model.records()} == {"jingli"}
    assert "显示" in dialog.status.text()
    path = shot(dialog, "audit_dialog", tmp_path)
    assert path.stat().st_size > 10_000


def test_audit_dialog_pages(qtbot, qtmodeltester, manager_session, busy_day, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("propdesk.ui.audit_dialog.PAGE", 4)
    dialog = AuditDialog(manager_session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 4 and dialog.more_button.isEnabled()
    while dialog.more_button.isEnabled():
        dialog.load_more()
    qtmodeltester.check(dialog.model)
    ids = [r.id for r in dialog.model.records()]
    assert ids == sorted(ids, reverse=True) and len(ids) > 8
    assert "还有更早" not in dialog.status.text()


def test_audit_dialog_refuses_bad_dates(qtbot, manager_session, busy_day):  # type: ignore[no-untyped-def]
    dialog = AuditDialog(manager_session)
    qtbot.addWidget(dialog)
    dialog.use_dates.setChecked(True)
    dialog.date_from.setDate(dialog.date_to.date().addDays(3))
    before = dialog.model.rowCount()
    dialog.search()
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert any("开始日期不能晚于结束日期" in b.text() for b in boxes)
    assert dialog.model.rowCount() == before


def _entry(i: int) -> AuditEntry:
    return AuditEntry(
        id=i,
        at=datetime(2026, 11, 20, 9, i),
        username="qiantai",
        user_name="前台小刘",
        workstation="DESK-1",
        entity="order",
        entity_id=i,
        subject=f"2026{i:06d}",
        field="phone",
        old_value="13800000000",
        new_value=f"1390000000{i}",
        reason="",
    )


def test_audit_model_appends_below_and_ignores_nothing(qtmodeltester):  # type: ignore[no-untyped-def]
    model = AuditModel()
    model.append([_entry(1), _entry(2)])
    model.append([])
    model.append([_entry(3)])
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [e.id for e in model.records()] == [1, 2, 3]
    shown = [model.index(2, c).data() for c in range(model.columnCount())]
    assert "13900000003" in shown and "2026000003" in shown


# --- backups ---------------------------------------------------------------------------


def test_backup_dialog_backs_up_and_restores(
    qtbot, qtmodeltester, manager_session, services, clock, tmp_path, sqlite_only
):  # type: ignore[no-untyped-def]
    register(services)
    dialog = BackupDialog(manager_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    info = dialog.backup_now()
    assert info is not None and dialog.list.model.rowCount() == 1
    qtmodeltester.check(dialog.list.model)
    assert dialog.list.model.index(0, 1).data() == BackupKind.MANUAL.label
    clock.advance(hours=1)
    register(services)
    register(services)
    changes = []
    manager_session.changed.connect(changes.append)
    box = dialog.ask_restore(Path(info.path))
    assert box.isVisible() and "恢复前备份" in box.text()
    restore = next(b for b in box.buttons() if b.text() == "恢复")
    restore.click()
    assert services.registers.count(OrderFilter()) == 1
    assert changes and changes[-1].settings
    kinds = [r.kind for r in dialog.list.model.records()]
    assert BackupKind.BEFORE_RESTORE in kinds
    shot(dialog, "backup_dialog", tmp_path)


def test_backup_dialog_cancel_restores_nothing(qtbot, manager_session, services, sqlite_only):  # type: ignore[no-untyped-def]
    info = services.backups.backup_now(manager_session.user)
    register(services)
    dialog = BackupDialog(manager_session)
    qtbot.addWidget(dialog)
    box = dialog.ask_restore(Path(info.path))
    next(b for b in box.buttons() if b.text() == "取消").click()
    assert services.registers.count(OrderFilter()) == 1


def test_backup_dialog_on_a_damaged_database(
    qtbot, manager_session, services, tmp_path, sqlite_only
):  # type: ignore[no-untyped-def]
    info = services.backups.backup_now(manager_session.user)
    mark_damaged(services.ctx.db, "启动检查发现数据库文件已损坏")
    dialog = BackupDialog(manager_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.banner.isVisible() and "已损坏" in dialog.banner.text()
    assert not dialog.backup_button.isEnabled() and dialog.restore_button.isEnabled()
    shot(dialog, "backup_dialog_damaged", tmp_path)
    report = dialog.restore(Path(info.path))
    assert report is not None and ".damaged-" in report.safety_copy
    assert not dialog.banner.isVisible()
    register(services)  # writable again


def test_backup_dialog_on_postgres(qtbot, manager_session, on_postgres):  # type: ignore[no-untyped-def]
    if not on_postgres:
        pytest.skip("PostgreSQL run only")
    dialog = BackupDialog(manager_session)
    qtbot.addWidget(dialog)
    assert "pg_dump" in dialog.where.text() and not dialog.backup_button.isEnabled()


def test_damaged_start_dialog_restores_then_opens(qtbot, services, clock, db_path, tmp_path):  # type: ignore[no-untyped-def]
    register(services)
    services.backups.backup_now(services.auth.system_user())
    register(services)
    services.ctx.db.close()
    db_path.write_bytes(b"\x00" * 8192)
    from propdesk.db.connection import open_database

    with pytest.raises(DatabaseDamaged) as info:
        open_database(db_path)
    dialog = DamagedStartDialog(db_path, info.value.message)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.model.rowCount() == 1 and dialog.restore_button.isEnabled()
    shot(dialog, "damaged_start", tmp_path)
    assert dialog.restore_chosen()
    assert dialog.restored is not None and ".damaged-" in dialog.restored[1]
    db = open_database(db_path)
    try:
        assert db.execute_sql("SELECT count(*) FROM work_order").fetchone()[0] == 1
    finally:
        db.close()


def test_damaged_start_dialog_without_backups(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    dialog = DamagedStartDialog(tmp_path / "propdesk.db", "数据库文件已损坏")
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled() and "没有找到备份" in dialog.error.text()
    assert dialog.restore_chosen() is False


# --- menu ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_system_menu_per_role(qtbot, services, prefs, role):  # type: ignore[no-untyped-def]
    session = Session(services, make_user(services, role), prefs, "test.db")
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_safety_menu(window.menuBar(), session, window)
    texts = [a.text() for a in menu.actions()] if menu is not None else []
    assert ("备份与恢复(&B)…" in texts) is (role in (Role.MANAGER, Role.ADMIN))
    assert ("审计日志(&A)…" in texts) is (role in (Role.MANAGER, Role.ADMIN))
    assert (menu is None) is (role not in (Role.MANAGER, Role.ADMIN))


def test_menu_opens_the_dialogs(qtbot, manager_session):  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_safety_menu(window.menuBar(), manager_session, window)
    assert menu is not None
    for action in menu.actions():
        action.trigger()
    assert [d.isVisible() for d in window.findChildren(BackupDialog)] == [True]
    assert [d.isVisible() for d in window.findChildren(AuditDialog)] == [True]
    for w in window.findChildren(BackupDialog) + window.findChildren(AuditDialog):
        w.close()


# --- background backups ------------------------------------------------------------------


def test_background_backups_start_periodic_and_exit(
    qtbot, manager_session, services, clock, sqlite_only
):  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BackgroundBackups(manager_session, window)
    with qtbot.waitSignal(runner.finished, timeout=30_000) as blocker:
        runner.run_startup()
    report = blocker.args[0]
    assert report.backup is not None and report.backup.kind is BackupKind.START
    assert "已自动备份" in window.statusBar().currentMessage()
    assert runner.maybe_periodic() is False  # just backed up
    clock.advance(hours=4)
    register(services)
    with qtbot.waitSignal(runner.finished, timeout=30_000) as blocker:
        assert runner.maybe_periodic() is True
    assert blocker.args[0].kind is BackupKind.PERIODIC
    clock.advance(minutes=20)
    register(services)
    final = runner.at_exit()
    assert final is not None and final.kind is BackupKind.EXIT
    assert [b.kind for b in services.backups.backups()] == [
        BackupKind.EXIT,
        BackupKind.PERIODIC,
        BackupKind.START,
    ]


def test_background_startup_on_a_damaged_file_warns_and_offers_restore(
    qtbot, manager_session, services, db_path, sqlite_only
):  # type: ignore[no-untyped-def]
    from tests.db.test_open_cases import corrupt_page, root_page

    for _ in range(30):
        register(services, description="水管爆裂" * 200)
    services.ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    corrupt_page(db_path, root_page(db_path, "audit_log"))
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BackgroundBackups(manager_session, window)
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        runner.run_startup()
    box = runner.last_message
    assert box is not None and box.isVisible() and "已损坏" in box.text()
    offer = next(b for b in box.buttons() if b.text() == "从备份恢复…")
    offer.click()
    assert window.findChildren(BackupDialog)
    with pytest.raises(DatabaseDamaged):
        register(services)
    for d in window.findChildren(BackupDialog):
        d.close()


# --- idle lock -------------------------------------------------------------------------


def test_idle_lock_hides_everything_until_the_password(qtbot, services, clock, prefs, tmp_path):  # type: ignore[no-untyped-def]
    admin = make_user(services, Role.ADMIN, "guanli")
    services.reference.update_settings(admin, idle_lock_minutes=10)
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    session = Session(services, clerk, prefs, "test.db")
    window = QMainWindow()
    window.setWindowTitle("主窗口")
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(session, window)
    try:
        clock.advance(minutes=9)
        assert lock.check() is False and window.isVisible()
        qtbot.keyClick(window, "a")  # activity resets the idle time
        clock.advance(minutes=9)
        assert lock.check() is False
        clock.advance(minutes=1, seconds=1)
        assert lock.check() is True
        assert not window.isVisible() and lock.dialog is not None and lock.dialog.isVisible()
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert visible == [lock.dialog]
        shot(lock.dialog, "idle_lock", tmp_path)
        dialog = lock.dialog
        dialog.reject()  # Esc does not unlock
        assert dialog.isVisible()
        dialog.password.setText("wrong-password")
        assert dialog.try_unlock() is False and "密码错误" in dialog.error.text()
        assert not window.isVisible()
        dialog.password.setText("secret123")
        assert dialog.try_unlock() is True
        assert window.isVisible() and lock.dialog is None
    finally:
        lock.stop()


def test_idle_lock_off_when_zero_minutes(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    admin = make_user(services, Role.ADMIN, "guanli")
    services.reference.update_settings(admin, idle_lock_minutes=0)
    session = Session(services, admin, prefs, "test.db")
    lock = IdleLock(session)
    try:
        clock.advance(days=2)
        assert lock.check() is False and not lock.locked
    finally:
        lock.stop()


def test_lock_dialog_lockout_after_five_failures(qtbot, services, clock, prefs):  # type: ignore[no-untyped-def]
    clerk = make_user(services, Role.RECEPTIONIST, "qiantai")
    dialog = LockDialog(Session(services, clerk, prefs, "test.db"))
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.password.setText("nope-nope")
        dialog.try_unlock()
    assert "锁定" in dialog.error.text()
    dialog.password.setText("secret123")
    assert dialog.try_unlock() is False  # locked for 5 minutes even with the right password
    clock.advance(minutes=5, seconds=1)
    dialog.password.setText("secret123")
    assert dialog.try_unlock() is True


# --- faults reaching the top -------------------------------------------------------------


def test_database_faults_get_a_message_not_the_apology(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import sqlite3

    import peewee

    from propdesk.db import faults
    from propdesk.ui.app import _excepthook

    monkeypatch.setenv("PROPDESK_HOME", str(tmp_path))
    apologies: list[Path] = []
    hook = _excepthook(apologies.append)
    try:
        try:
            raise sqlite3.OperationalError("disk I/O error")
        except sqlite3.OperationalError as exc:
            raise peewee.OperationalError(exc) from exc
    except peewee.OperationalError as err:
        hook(type(err), err, err.__traceback__)
    assert apologies == []
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert [b.text() for b in boxes] == [faults.IO_ERROR]
    boxes[0].close()
    hook(ZeroDivisionError, ZeroDivisionError("bug"), None)
    assert len(apologies) == 1 and apologies[0].name == "propdesk-error.log"
