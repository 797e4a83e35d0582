"""``propdesk gui --screenshot``: renders the window offscreen as a given user and exits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from propdesk.cli.main import main
from tests.factories import register


def test_screenshot_of_a_tab(services, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    register(services)
    out = tmp_path / "register.png"
    code = main(["gui", "--db", str(db_path), "--screenshot", str(out), "--tab", "报事报修"])
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)


def test_screenshot_of_intake_and_order_windows(services, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    order = register(services)
    intake, window = tmp_path / "intake.png", tmp_path / "order.png"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "gui",
                "--screenshot",
                str(intake),
                "--intake",
                "--size",
                "1200x700",
            ]
        )
        == 0
    )
    assert QImage(str(intake)).width() == 1200
    assert (
        main(["gui", "--db", str(db_path), "--screenshot", str(window), "--order", order.number])
        == 0
    )
    assert QImage(str(window)).height() == 768


def test_unknown_tab_and_missing_database_are_refused(
    db_path: Path, tmp_path: Path, capsys, services
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.png"
    assert main(["gui", "--db", str(db_path), "--screenshot", str(out), "--tab", "不存在"]) == 1
    assert "没有名为“不存在”的标签页" in capsys.readouterr().err
    assert main(["gui", "--db", str(tmp_path / "none.db"), "--screenshot", str(out)]) == 1
    assert "数据库文件不存在" in capsys.readouterr().err
    assert main(["gui", "--tab", "派工"]) == 1
    assert not out.exists()
