"""``propdesk order note`` (跟进记录), ``propdesk reminders`` (待跟进) and ``propdesk settings
show/set`` (系统设置)."""

from __future__ import annotations

import argparse
from datetime import datetime

from propdesk.domain.followup import FollowUpRecord, NoteInput, NoteKind, NoteResult
from propdesk.domain.reminders import Reminder
from propdesk.domain.setting_keys import ALL_KEYS, setting_text, with_setting

from .common import acting_user, add_parser, enum_arg, open_services, parse_time_arg

TIME = "%Y-%m-%d %H:%M"


def add_note_parser(osub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``order note``: called by ``orders_cmd`` while it builds ``order``'s sub-commands."""
    p = add_parser(osub, "note", "记一条跟进记录（致电业主、催办、上报主管、约定回电…）")
    p.add_argument("number")
    kinds = "/".join(k.label for k in NoteKind)
    p.add_argument("--kind", required=True, type=enum_arg(NoteKind, "方式"), help=kinds)
    p.add_argument("--text", required=True, help="跟进内容")
    results = "/".join(r.label for r in NoteResult)
    p.add_argument("--result", type=enum_arg(NoteResult, "结果"), help=results)
    p.add_argument("--next", help='约定下次联系时间，如 "2026-11-22 15:00"')
    p.add_argument("--at", help="跟进时间（默认现在）")
    p.set_defaults(func=cmd_note)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_parser(
        sub, "reminders", "待跟进：到期的到场确认电话、催办、上报、约定回电、投诉联系、回访"
    )
    p.add_argument("--at", help="按此时间计算（默认现在）")
    p.add_argument("--upcoming", action="store_true", help="也列出尚未到期的提醒")
    p.set_defaults(func=cmd_reminders)

    s = add_parser(sub, "settings", "系统设置：查看或修改（修改需管理员，记入审计日志）")
    ssub = s.add_subparsers(dest="settings_command", title="设置子命令", metavar="ACTION")
    show = add_parser(ssub, "show", "列出全部设置项：键、中文名称、当前值")
    show.set_defaults(func=cmd_settings_show)
    put = add_parser(ssub, "set", "修改一项设置：settings set KEY VALUE")
    put.add_argument("key")
    put.add_argument("value")
    put.set_defaults(func=cmd_settings_set)

    def usage(_args: argparse.Namespace) -> int:
        s.print_help()
        return 2

    s.set_defaults(func=usage)


def format_note(n: FollowUpRecord) -> str:
    return f"  {n.at:{TIME}}  {n.user_name}  {n.summary()}"


def cmd_note(args: argparse.Namespace) -> int:
    svc = open_services(args)
    user = acting_user(svc, args)
    order = svc.registers.by_number(args.number)
    inp = NoteInput(
        kind=args.kind,
        text=args.text,
        result=args.result,
        next_at=parse_time_arg(args.next, "约定回电时间"),
        at=parse_time_arg(args.at, "跟进时间"),
    )
    r = svc.followups.add_note(order.id, inp, user)
    print(f"{r.order.number} 已记跟进：{inp.kind.label}")
    return 0


def format_reminder(r: Reminder, now: datetime) -> str:
    return (
        f"{r.number}  {r.kind.label}  到期 {r.due_at:{TIME}}  {r.late_text(now)}  "
        f"{r.place}  {r.what}"
    )


def cmd_reminders(args: argparse.Namespace) -> int:
    svc = open_services(args)
    user = acting_user(svc, args)
    now = parse_time_arg(args.at, "时间") or svc.ctx.now()
    rows = svc.followups.reminders(now, user=user, upcoming=args.upcoming)
    for r in rows:
        print(format_reminder(r, now))
    due = sum(1 for r in rows if r.is_due(now))
    print(f"共 {due} 条到期" + (f"，{len(rows) - due} 条未到期" if args.upcoming else ""))
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    svc = open_services(args)
    settings = svc.reference.settings()
    for k in ALL_KEYS:
        unit = f"（{k.unit.strip()}）" if k.unit else ""
        print(f"{k.key}\t{k.label}{unit}\t{setting_text(settings, k.key)}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    svc = open_services(args)
    user = acting_user(svc, args)
    new = with_setting(svc.reference.settings(), args.key, args.value)
    svc.reference.save_settings(user, new)
    key = args.key.strip()
    print(f"{key} = {setting_text(svc.reference.settings(), key)}")
    return 0
