"""Backup names and retention thinning, driven by an injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from propdesk.domain.retention import (
    BackupInfo,
    BackupKind,
    RetentionPolicy,
    backup_name,
    parse_backup_name,
    to_delete,
    to_keep,
)

T0 = datetime(2026, 1, 1, 8, 0, 0)


def info(t: datetime, kind: BackupKind = BackupKind.PERIODIC) -> BackupInfo:
    return BackupInfo(f"/b/{backup_name('propdesk', t, kind)}", t, kind)


@pytest.mark.parametrize("kind", list(BackupKind), ids=lambda k: k.value)
@pytest.mark.parametrize("stem", ["propdesk", "物业-前台", "a-20260101-000000-start"])
def test_names_round_trip(kind: BackupKind, stem: str) -> None:
    t = datetime(2026, 11, 20, 9, 5, 7)
    for serial in (1, 2, 13):
        name = backup_name(stem, t, kind, serial)
        assert name.endswith(".db") and t.strftime("%Y%m%d-%H%M%S") in name
        assert parse_backup_name(name, stem) == (t, kind)


@pytest.mark.parametrize(
    "name",
    [
        "propdesk.db",
        "propdesk-20261120-100000.db",  # no kind
        "propdesk-20261120-100000-weird.db",  # unknown kind
        "propdesk-20261340-100000-start.db",  # no 40th of the 13th month
        "other-20261120-100000-start.db",  # another database's backup
        "propdesk-20261120-100000-start.db.part",  # unfinished
        "propdesk.pre-v3-20261120-100000.db",  # migration backup: not ours to thin
    ],
)
def test_other_files_are_not_backups(name: str) -> None:
    assert parse_backup_name(name, "propdesk") is None


def test_kinds_have_chinese_labels() -> None:
    labels = [k.label for k in BackupKind]
    assert len(set(labels)) == len(labels) and all("备份" in label for label in labels)


def test_empty() -> None:
    assert to_keep([], T0) == set()
    assert to_delete([], T0) == []


def test_everything_of_the_last_48_hours_is_kept() -> None:
    now = T0 + timedelta(days=10)
    times = [now - timedelta(minutes=30 * i) for i in range(96)]  # 48 h, every half hour
    assert to_keep(times, now) == set(times)
    # just outside 48 h, on a day (and week and month) that has newer backups: let go
    older = now - timedelta(hours=48, seconds=1)
    assert older.date() == times[-1].date()
    assert to_keep([*times, older], now) == set(times)
    # the same, on a day of its own: kept as that day's newest
    lone = now - timedelta(days=3)
    assert lone in to_keep([*times, lone], now)


def test_newest_backup_of_each_day_is_kept_for_30_days_with_backups() -> None:
    now = T0 + timedelta(days=100)
    times = []
    for day in range(3, 90):
        for hour in (9, 13, 17):
            times.append((now - timedelta(days=day)).replace(hour=hour, minute=0, second=0))
    policy = RetentionPolicy(within=timedelta(hours=48), daily=30, weekly=0, monthly=0)
    kept = to_keep(times, now, policy)
    days = sorted({t.date() for t in times}, reverse=True)[:30]
    assert kept == {max(t for t in times if t.date() == d) for d in days}


def test_a_pc_switched_off_for_weeks_keeps_its_30_daily_backups() -> None:
    """Periods without a backup do not use up the count."""
    now = datetime(2026, 6, 30, 12)
    before_holiday = [datetime(2026, 5, 1, 17) - timedelta(days=d) for d in range(40)]
    policy = RetentionPolicy(daily=30, weekly=0, monthly=0)
    kept = to_keep(before_holiday, now, policy)
    assert len(kept) == 30
    assert kept == set(sorted(before_holiday)[-30:])


def test_weekly_and_monthly() -> None:
    now = datetime(2029, 12, 31, 12)
    times = [datetime(2026, 1, 1, 17) + timedelta(days=d) for d in range(0, 1460, 1)]
    times = [t for t in times if t <= now]
    policy = RetentionPolicy(within=timedelta(0), daily=0, weekly=12, monthly=36)
    kept = to_keep(times, now, policy)
    weeks = sorted({t.isocalendar()[:2] for t in times}, reverse=True)[:12]
    months = sorted({(t.year, t.month) for t in times}, reverse=True)[:36]
    expected = {max(t for t in times if t.isocalendar()[:2] == w) for w in weeks}
    expected |= {max(t for t in times if (t.year, t.month) == m) for m in months}
    assert kept == expected


def test_future_backups_and_the_newest_are_always_kept() -> None:
    now = datetime(2026, 3, 1, 12)
    future = now + timedelta(days=400)  # written while the clock was wrong
    ancient = now - timedelta(days=4000)
    nothing = RetentionPolicy(within=timedelta(0), daily=0, weekly=0, monthly=0)
    assert to_keep([ancient, future], now, nothing) == {future}
    assert to_keep([ancient], now, nothing) == {ancient}


def test_to_delete_lists_the_rest_oldest_first() -> None:
    now = T0 + timedelta(days=3)
    infos = [info(T0 + timedelta(hours=h)) for h in range(0, 72, 6)]
    doomed = to_delete(infos, now)
    kept = to_keep([i.taken_at for i in infos], now)
    assert [d.taken_at for d in doomed] == sorted(
        i.taken_at for i in infos if i.taken_at not in kept
    )
    assert doomed and all(d.taken_at < now - timedelta(hours=48) for d in doomed)


def test_three_years_of_backups_thinned_as_the_program_runs() -> None:
    """A backup every 4 hours for 3.5 years, pruned after each one (as the program does):
    the survivors are exactly what the policy promises, and their number stays bounded."""
    clock = datetime(2026, 1, 1, 9)
    end = clock + timedelta(days=3 * 365 + 180)
    alive: list[BackupInfo] = []
    most = 0
    while clock < end:
        alive.append(info(clock))
        doomed = {d.taken_at for d in to_delete(alive, clock)}
        alive = [b for b in alive if b.taken_at not in doomed]
        most = max(most, len(alive))
        clock += timedelta(hours=4)
    now = clock - timedelta(hours=4)
    times = sorted(b.taken_at for b in alive)
    recent = [t for t in times if now - t <= timedelta(hours=48)]
    assert len(recent) == 13  # every 4 h over 48 h, both ends
    days = {t.date() for t in times}
    assert all((now - timedelta(days=d)).date() in days for d in range(30))
    weeks = {t.isocalendar()[:2] for t in times}
    assert all((now - timedelta(weeks=w)).isocalendar()[:2] in weeks for w in range(12))
    months = {(t.year, t.month) for t in times}
    month_starts = {(now.year, now.month)}
    y, m = now.year, now.month
    for _ in range(35):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        month_starts.add((y, m))
    assert month_starts <= months
    assert min(times) < datetime(2026, 10, 1)  # three years back: 36 months reach into 2026
    assert most <= 13 + 30 + 12 + 36 + 1
    assert len(alive) <= 13 + 30 + 12 + 36
