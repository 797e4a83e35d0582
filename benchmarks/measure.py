"""Timing helpers and the result table: every figure is the median of several runs, printed
beside a raw-library baseline measured in the same run and their ratio."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in milliseconds over ``runs`` calls after ``warmup``."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class Result:
    """One line of the table. ``unit`` is "ms", "s" or "MB"; ``target`` is a human-readable
    goal and ``met`` whether it holds (``None`` when there is no target or no figure)."""

    name: str
    value: float | None
    baseline: float | None
    unit: str
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


@dataclass
class Table:
    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> Result:
        self.results.append(result)
        print(f"  {format_row(result)}", flush=True)
        return result

    def render(self) -> str:
        keys = self._baseline_keys()
        header = ("measurement", "propdesk", "baseline", "ratio", "target", "met")
        rows = [header] + [_cells(r, keys.get(r.baseline_name, "")) for r in self.results]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
        lines = [_line(header, widths), _line(tuple("-" * w for w in widths), widths)]
        lines += [_line(row, widths) for row in rows[1:]]
        if keys:
            lines += ["", "baselines:"]
            lines += [f"  ({key}) {name}" for name, key in keys.items()]
        notes = [f"  {r.name}: {r.note}" for r in self.results if r.note]
        if notes:
            lines += ["", "notes:", *notes]
        return "\n".join(lines)

    def _baseline_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for r in self.results:
            if r.baseline_name and r.baseline_name not in keys:
                keys[r.baseline_name] = chr(ord("a") + len(keys))
        return keys


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def _cells(r: Result, key: str = "") -> tuple[str, ...]:
    ratio = r.ratio
    met = "" if r.met is None else ("yes" if r.met else "NO")
    base = _fmt(r.baseline, r.unit)
    return (
        r.name,
        _fmt(r.value, r.unit),
        f"({key}) {base}" if key and r.baseline is not None else base,
        "—" if ratio is None else f"{ratio:.2f}×",
        r.target,
        met,
    )


def format_row(r: Result) -> str:
    name, value, base, ratio, target, met = _cells(r)
    return f"{name}: {value} (baseline {base}, {ratio}) {target} {met}".rstrip()


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    parts = []
    for i, (text, w) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * (w - _width(text))
        parts.append(text + pad if i == 0 or i >= 4 else pad + text)
    return "  ".join(parts).rstrip()
