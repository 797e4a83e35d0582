"""Start the desktop program without the command line, e.g. from a desktop shortcut with
``pythonw -m propdesk.app [--db PATH_OR_URL]`` (no console window on Windows).

The composition itself (database, services, log-in, main window) is ``propdesk.ui.app``;
``propdesk gui`` reaches the same place through the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from propdesk.domain.errors import UserError
from propdesk.ui.app import GuiOptions, run_gui


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="propdesk.app", description="物业前台报事报修派工系统")
    parser.add_argument("--db", help="数据库文件路径或 postgresql:// 地址")
    args = parser.parse_args(argv)
    try:
        return run_gui(GuiOptions(db=args.db))
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
