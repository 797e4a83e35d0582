"""The command line run in-process as at a terminal: ``run`` returns the exit code and what was
printed; ``add_order`` registers an order with ``order add`` and returns its number."""

from __future__ import annotations

import pytest

from propdesk.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


#: ``order add`` for 张三 of 3-2-1502 (the options every such test shares)
ORDER_ADD = ("order", "add", "--unit", "3-2-1502", "--name", "张三", "--phone", "13800138000")


def add_order(
    capsys: pytest.CaptureFixture[str], db: list[str], *extra: str, user: str | None = None
) -> str:
    """``order add`` for 张三 of 3-2-1502 with ``extra`` options, as ``user`` if given."""
    as_user = ["--user", user] if user else []
    code, out, err = run(capsys, *db, *as_user, *ORDER_ADD, *extra)
    assert code == 0, err
    return out.strip()
