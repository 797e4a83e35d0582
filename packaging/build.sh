#!/usr/bin/env bash
# Build the one-folder bundle dist/propdesk/ on Linux and check it from an empty environment.
#   bash packaging/build.sh            # uses .venv (made if missing), installs '.[bundle]'
#   PYTHON=/path/to/python bash packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PY=.venv/bin/python
fi
"$PY" -m pip install -q -e '.[bundle]'

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/propdesk.spec
echo "built dist/propdesk in $(( $(date +%s) - start )) s: $(du -sh dist/propdesk | cut -f1)"

# No virtual environment, no PATH, no HOME: what the bundle needs is inside it.
env -i dist/propdesk/propdesk --bundle-check
