"""Child processes for the multi-process tests: real service calls from another process on
the same database (a SQLite file or a PostgreSQL URL).

    python -m tests.workers serve TARGET AT          commands on stdin, answers on stdout
    python -m tests.workers register TARGET AT N     N orders, their numbers on stdout
    python -m tests.workers append TARGET AT ID N MARK
        N read-modify-write edits of one order with the version check, retrying conflicts
    python -m tests.workers churn TARGET AT STOPFILE  orders until STOPFILE exists

``AT`` is the services' clock (ISO time, fixed): later than anything already stored.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from propdesk.db.connection import open_database
from propdesk.domain.errors import ConflictError
from propdesk.services import Services, build_services
from tests.factories import order_input


def _services(target: str, at: str) -> Services:
    now = datetime.fromisoformat(at)
    return build_services(open_database(target), clock=lambda: now)


def _say(*parts: object) -> None:
    print(*parts, flush=True)


def serve(svc: Services) -> None:
    """``load ID`` -> ``version V``; ``edit ID VERSION TEXT`` -> ``ok V`` or
    ``conflict MESSAGE``; ``quit``."""
    user = svc.auth.system_user()
    for line in sys.stdin:
        cmd, *args = line.split(maxsplit=3)
        if cmd == "quit":
            return
        if cmd == "load":
            _say("version", svc.registers.order(int(args[0])).version)
        elif cmd == "edit":
            oid, version, text = int(args[0]), int(args[1]), args[2].strip()
            try:
                result = svc.intake.update_fields(
                    oid, {"description": text}, user, expected_version=version
                )
            except ConflictError as exc:
                _say("conflict", exc.message)
            else:
                _say("ok", result.order.version)


def register(svc: Services, n: int) -> None:
    user = svc.auth.system_user()
    for _ in range(n):
        _say(svc.intake.register(order_input(svc), user).order.number)


def append(svc: Services, order_id: int, n: int, mark: str) -> None:
    """Each edit reads the order and saves description + ``mark`` with the version read;
    a conflict is retried with fresh data. Prints ``saved S conflicts C``."""
    user = svc.auth.system_user()
    saved = conflicts = 0
    while saved < n:
        order = svc.registers.order(order_id)
        try:
            svc.intake.update_fields(
                order_id,
                {"description": order.description + mark},
                user,
                expected_version=order.version,
            )
        except ConflictError:
            conflicts += 1
            continue
        saved += 1
    _say("saved", saved, "conflicts", conflicts)


def churn(svc: Services, stop: Path) -> None:
    """Register orders (each acknowledged on stdout once committed) until ``stop`` exists."""
    user = svc.auth.system_user()
    while not stop.exists():
        _say(
            svc.intake.register(
                order_input(svc, description="压力测试：楼道灯不亮" * 5), user
            ).order.number
        )


def main(argv: list[str]) -> int:
    cmd, target, at, *rest = argv
    svc = _services(target, at)
    try:
        if cmd == "serve":
            serve(svc)
        elif cmd == "register":
            register(svc, int(rest[0]))
        elif cmd == "append":
            append(svc, int(rest[0]), int(rest[1]), rest[2])
        elif cmd == "churn":
            churn(svc, Path(rest[0]))
        else:
            raise SystemExit(f"unknown command {cmd}")
    finally:
        svc.ctx.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
