"""Golden files under tests/print/expected/: compare, or rewrite with PROPDESK_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

from propdesk.print.content import SlipContent

EXPECTED = Path(__file__).parent / "expected"


def check_golden(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("PROPDESK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with PROPDESK_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def expected_lines(name: str) -> list[str]:
    """Non-empty lines of an expected-text file (each must appear in the output)."""
    text = (EXPECTED / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def dump(content: SlipContent) -> str:
    """A slip's content as readable text: one line per row, [x]/[ ] for checkboxes."""
    lines = [
        f"office: {content.office}",
        f"project: {content.project}",
        f"title: {content.title}",
        f"number: {content.number}",
        f"reprint: {content.reprint}",
        f"footer: {content.footer}",
    ]
    for row in content.rows:
        cells = []
        for cell in row.cells:
            if cell.label:
                cells.append(f"<{cell.text}>")
            elif cell.checks:
                cells.append(" ".join(f"[{'x' if t else ' '}]{name}" for name, t in cell.checks))
            elif cell.text:
                cells.append(cell.text)
            else:
                cells.append(f"_{cell.hint}_" if cell.hint else "__")
        lines.append(f"{row.key}: " + " | ".join(cells))
    lines.append(f"disclaimer: {content.disclaimer}")
    return "\n".join(lines) + "\n"
