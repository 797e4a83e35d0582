"""Every module the program may import, read from its source at build time.

PyInstaller follows imports it can see in the byte code, but the program also loads modules
by name (the command modules, the services built on first use) and some imports depend on the
platform. The spec therefore collects every module of the ``propdesk`` package and every
module named by any ``import`` statement in it, at any depth (the lazy ones inside functions
too), and writes both lists into the bundle, where ``bundle_check.py`` imports each one.
Nothing here is kept by hand: a module added tomorrow is in the next build's lists.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path


def package_modules(source_root: Path, package: str) -> list[str]:
    """Dotted names of every module and package under ``source_root/package``."""
    names = []
    for path in sorted((source_root / package).rglob("*.py")):
        parts = list(path.relative_to(source_root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def _imported_names(path: Path, package_parts: list[str]) -> set[str]:
    """Module names an ``import`` in ``path`` may load (``from x import y`` gives x and x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def imported_modules(source_root: Path, package: str) -> tuple[list[str], list[str]]:
    """(modules importable here that the package's source imports, names not importable
    here: attributes such as ``x.y`` of ``from x import y``, or another platform's modules
    such as ``msvcrt``)."""
    names: set[str] = set()
    for path in sorted((source_root / package).rglob("*.py")):
        parts = list(path.relative_to(source_root).with_suffix("").parts)
        package_parts = parts[:-1]  # the package a relative import starts from
        names |= _imported_names(path, package_parts)
    found, missing = [], []
    for name in sorted(n for n in names if n):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError, AttributeError):
            spec = None
        (found if spec is not None else missing).append(name)
    return found, missing
