"""Peak resident memory of this process."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_mb() -> float:
    """The process's own high-water RSS in MB. On Linux ``VmHWM`` of /proc/self/status:
    ``ru_maxrss`` would also count the parent's memory when it spawned us (the counter
    survives exec), inflating every child measured from a big benchmark process."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes / KB
