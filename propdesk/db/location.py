"""Where a database file lives: is it on a network share? (SQLite's file locking is not
reliable over SMB/NFS: a shared file gets damaged.)"""

from __future__ import annotations

import os
from pathlib import Path

#: Linux filesystem types that are network shares.
NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "afs",
        "ncpfs",
        "9p",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "davfs",
        "glusterfs",
        "ceph",
    }
)

MOUNTS_FILE = Path("/proc/self/mounts")


def _unescape(field: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_type(path: Path, mounts_text: str) -> str | None:
    """The filesystem type of the mount holding ``path`` (absolute), given the text of
    ``/proc/mounts``: the longest mount point that contains it."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, fstype = _unescape(parts[1]), parts[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def _windows_network(path: Path) -> str | None:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "网络路径"
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return None
    drive_remote = 4
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return "网络驱动器" if kind == drive_remote else None


def network_filesystem(path: Path, mounts_text: str | None = None) -> str | None:
    """The network filesystem ``path`` is on (e.g. ``cifs``), or ``None`` for a local disk.
    ``mounts_text`` replaces ``/proc/self/mounts``."""
    path = Path(os.path.abspath(path))
    if os.name == "nt":
        return _windows_network(path)
    if mounts_text is None:
        try:
            mounts_text = MOUNTS_FILE.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    folder = path if path.is_dir() else path.parent
    resolved = Path(os.path.realpath(folder))
    fstype = mount_type(resolved, mounts_text)
    return fstype if fstype in NETWORK_FILESYSTEMS else None
