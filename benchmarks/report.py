"""The figures with their budgets and verdicts, written as Markdown and JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import Stat

MEETS = "meets"
MISSES = "MISSES"


@dataclass(frozen=True)
class Budget:
    """A figure's budget: an absolute ceiling on the median, a ratio ceiling, a ceiling
    on how much the median may exceed the baseline's, or several."""

    text: str
    limit: float | None = None  # in the figure's unit
    max_ratio: float | None = None
    max_over: float | None = None  # ours − baseline, in the figure's unit


@dataclass
class Figure:
    key: str
    title: str
    ours: Stat
    budget: Budget
    baseline: Stat | None = None
    baseline_title: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median <= 0:
            return None
        return self.ours.median / self.baseline.median

    def problems(self) -> list[str]:
        out = []
        b = self.budget
        if b.limit is not None and not self.ours.median < b.limit:
            out.append(f"{_num(self.ours.median)} {self.ours.unit} ≥ {b.limit:,g}")
        ratio = self.ratio
        if b.max_ratio is not None and ratio is not None and ratio > b.max_ratio:
            out.append(f"ratio {ratio:.2f} > {b.max_ratio}")
        over = self.over
        if b.max_over is not None and over is not None and over > b.max_over:
            out.append(f"+{_num(over)} {self.ours.unit} > +{b.max_over:,g}")
        return out

    @property
    def over(self) -> float | None:
        """How much the median exceeds the baseline's (negative: below it)."""
        return None if self.baseline is None else self.ours.median - self.baseline.median

    @property
    def verdict(self) -> str:
        b = self.budget
        if b.limit is None and b.max_ratio is None and b.max_over is None:
            return "—"
        problems = self.problems()
        return f"{MISSES} ({'; '.join(problems)})" if problems else MEETS

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "figure": self.title,
            "ours": self.ours.as_dict(),
            "baseline": self.baseline.as_dict() if self.baseline else None,
            "baseline_is": self.baseline_title or None,
            "ratio": round(self.ratio, 3) if self.ratio is not None else None,
            "budget": {
                "text": self.budget.text,
                "limit": self.budget.limit,
                "max_ratio": self.budget.max_ratio,
                "max_over": self.budget.max_over,
            },
            "over": round(self.over, 3) if self.over is not None else None,
            "verdict": self.verdict,
            "meets_budget": not self.problems(),
            "note": self.note or None,
        }


@dataclass
class Results:
    machine: dict[str, Any]
    config: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    curve: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # yes/no facts
    details: dict[str, Any] = field(default_factory=dict)  # breakdowns per figure key
    profiles: dict[str, Any] = field(default_factory=dict)  # figure key -> summary

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def write(results: Results, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "performance.md", out_dir / "performance.json"
    data = {
        "machine": results.machine,
        "config": results.config,
        "figures": [f.as_dict() for f in results.figures],
        "workspace_curve": results.curve,
        "checks": results.checks,
        "details": results.details,
        "profiles": results.profiles,
    }
    js.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    md.write_text(markdown(results), "utf-8")
    return md, js


# -- Markdown --------------------------------------------------------------------------


def markdown(results: Results) -> str:
    m, c = results.machine, results.config
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); do not edit by hand. Every "
        "figure is the median of repeated runs (n, min–max in the JSON), measured next to "
        "its baseline in the same run. Budgets are from the performance issue.",
        "",
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), "
        f"{m['os']}, Python {m['python']}, PySide6 {m['pyside6']}, SQLite {m['sqlite']}; "
        f"temporary files on {m['tmp_fs']}. Load average (1, 5, 15 min) "
        f"{m['load_average_start']} at the start, {m.get('load_average_end', '?')} at the end "
        "(other work on the machine moves absolute times; ratios are measured interleaved). "
        f"Repetitions: {c['repeat_label']}.",
        "",
        "| figure | ours | baseline | ratio | budget | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for f in results.figures:
        base = f"{_stat(f.baseline)} ({f.baseline_title})" if f.baseline else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        verdict = f"**{f.verdict}**" if f.verdict.startswith(MISSES) else f.verdict
        lines.append(
            f"| {f.title} | {_stat(f.ours)} | {base} | {ratio} | {f.budget.text} | {verdict} |"
        )
    notes = [f for f in results.figures if f.note]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"- *{f.title}*: {f.note}" for f in notes]
    if results.checks:
        lines += ["", "## Checks", "", "| check | result | detail |", "|---|---|---|"]
        for check in results.checks:
            result = "yes" if check["ok"] else "**NO**"
            lines.append(f"| {check['check']} | {result} | {check['detail']} |")
    if results.curve:
        lines += _curve(results.curve)
    for key, detail in results.details.items():
        lines += _detail(results, key, detail)
    if results.profiles:
        lines += [
            "",
            "## Where the time goes (figures over budget)",
            "",
            "cProfile, times per run of the measured operation. *own* is time spent in the "
            "function itself; *cum* includes what it calls.",
        ]
        for key, profile in results.profiles.items():
            lines += _profile(results, key, profile)
    return "\n".join(lines) + "\n"


def _curve(curve: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "## Workspace growth",
        "",
        "Medians in ms. *Second start*: a new app process, from its first line to the table "
        "populated and painted after the unlock (index cache warm: the rows come from the "
        "cache), including the app's loading behind the unlock prompt (the prompt is "
        "answered once it is done, as a person would still be typing); *after window*: the "
        "part of it after the window was built behind the prompt; *checked*: from the first "
        "line until the "
        "scan after the unlock has also checked every file's size and time against the "
        "cache (on a worker thread; the table is usable meanwhile). *Scan*: "
        "`WorkspaceIndex.scan()` alone on the warm cache. *Model*: `set_rows` with the proxy "
        "sorting by due time, until repainted. Search and filter: until repainted. *First "
        "start*: the second-start measure with an empty index cache (every file opened), one "
        "run.",
        "",
        "| case files | second start | after window | checked | scan | model | search "
        "| clear search | status filter | back to All | peak RSS MB | first start |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in curve:
        lines.append(
            f"| {row['cases']:,} | {_num(row['second_start_ms'])} "
            f"| {_num(row['after_window_ms'])} | {_num(row.get('checked_ms', 0))} "
            f"| {_num(row['scan_ms'])} "
            f"| {_num(row['model_ms'])} | {_num(row['search_ms'])} "
            f"| {_num(row['clear_search_ms'])} | {_num(row['status_filter_ms'])} "
            f"| {_num(row['status_all_ms'])} | {_num(row['peak_rss_mb'])} "
            f"| {_num(row['first_start_ms'])} |"
        )
    if len(curve) > 1:
        first, last = curve[0], curve[-1]
        growth = last["cases"] / first["cases"]
        lines += [
            "",
            f"From {first['cases']:,} to {last['cases']:,} case files (×{growth:,.0f}): "
            + ", ".join(
                f"{label} ×{_ratio(last[k], first[k])}"
                for label, k in (
                    ("second start", "second_start_ms"),
                    ("after window", "after_window_ms"),
                    ("checked", "checked_ms"),
                    ("scan", "scan_ms"),
                    ("model", "model_ms"),
                    ("search", "search_ms"),
                    ("status filter", "status_filter_ms"),
                )
            )
            + ".",
        ]
    return lines


def _detail(results: Results, key: str, detail: dict[str, Any]) -> list[str]:
    figure = results.figure(key)
    title = figure.title if figure else key
    lines = ["", f"### {title}", ""]
    for name, value in detail.items():
        shown = _num(value) if isinstance(value, float) else value
        lines.append(f"- {name}: {shown}")
    return lines


def _profile(results: Results, key: str, profile: dict[str, Any]) -> list[str]:
    figure = results.figure(key)
    title = figure.title if figure else key
    lines = ["", f"### {title}", ""]
    if "imports" in profile:
        lines.append(
            "Import time by package (`python -X importtime`, own time summed over the "
            "package's modules, one start): "
            + ", ".join(f"{i['package']} {i['own_ms']} ms" for i in profile["imports"])
            + "."
        )
        lines.append("")
    lines += ["| app function (by cumulative) | calls | cum ms |", "|---|---|---|"]
    for r in profile["app_by_cumulative"]:
        lines.append(f"| `{r['where']}` | {r['calls']:g} | {r['cum_ms']} |")
    lines += ["", "| any function (by own time) | calls | own ms | cum ms |", "|---|---|---|---|"]
    for r in profile["by_own_time"]:
        lines.append(f"| `{r['where']}` | {r['calls']:g} | {r['own_ms']} | {r['cum_ms']} |")
    return lines


def _stat(s: Stat | None) -> str:
    if s is None:
        return "—"
    return f"{_num(s.median)} {s.unit}"


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "—"
    return f"{a / b:.1f}"
