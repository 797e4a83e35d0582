"""The bundle's entry point (``dist/propdesk/propdesk``, ``propdesk.exe``): the command line,
which starts the window when no command is given. ``--bundle-check`` instead checks that the
bundle holds everything the program may load (``bundle_check.py``)."""

from __future__ import annotations

import multiprocessing
import os
import sys


def main() -> int:
    # The demo builds its database in a child process; on Windows (spawn) the child is this
    # executable again, and freeze_support() runs it instead of the command line.
    multiprocessing.freeze_support()
    if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        # Started with no locale at all (a service, env -i): Qt would switch to C.UTF-8 itself
        # and print a warning on every start.
        os.environ["LC_CTYPE"] = "C.UTF-8"
    if sys.argv[1:2] == ["--bundle-check"]:
        import bundle_check

        return bundle_check.main(sys.argv[2:])
    from propdesk.cli.main import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
