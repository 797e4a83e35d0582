"""Help text: Chinese, and the usage line says 用法 once at every level."""

from __future__ import annotations

import pytest

from propdesk.cli.main import main


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["order", "--help"],
        ["order", "add", "--help"],
        ["order", "dispatch", "--help"],
        ["slip", "--help"],
        ["export-month", "--help"],
    ],
)
def test_usage_line_says_yongfa_once(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：propdesk")
    assert out.count("用法：") == 1


def test_a_wrong_sub_command_is_reported_with_one_usage_line(capsys):
    with pytest.raises(SystemExit) as done:
        main(["order", "nosuch"])
    assert done.value.code != 0
    err = capsys.readouterr().err
    assert err.count("用法：") == 1
    assert "nosuch" in err
