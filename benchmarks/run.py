"""``python -m benchmarks.run``: measure every figure and write the performance report.

    python -m benchmarks.run                 # the full run (make bench), a few minutes
    python -m benchmarks.run --quick --out DIR   # 1 repetition, a 20-case workspace

Everything is made in one temporary folder (removed at the end unless ``--keep``); the
driver processes run offscreen with their own settings, caches and logs there.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.metadata
import logging
import os
import platform
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from benchmarks import cli_start, figures, memory, pas_import, qt_driver, startup, workspace
from benchmarks.fixtures import REPO, import_case, new_layout, registry
from benchmarks.report import Results, write

log = logging.getLogger("benchmarks")
_T0 = time.perf_counter()


@dataclass(frozen=True)
class Plan:
    """How many repetitions of what."""

    cold_starts: int = 7
    answers: int = 150  # interleaved commits: a millisecond each, noisy one by one
    imports: int = 15
    letters: int = 12
    policy_loads: int = 20
    first_letters: int = 3
    memory_runs: int = 2
    big_memory_runs: int = 1
    cli_runs: int = 7  # read-only commands, each beside `import sqlmodel`
    many_intakes: int = 100  # imported in one command, and one command each
    workspace_sizes: tuple[int, ...] = (100, 1_000, 10_000)
    workspace_starts: int = 5  # processes per size
    workspace_ops: int = 5  # search/filter rounds per process
    # The biggest workspace takes seconds per operation: fewer rounds keep make bench short.
    big_workspace: int = 10_000
    big_workspace_ops: int = 2
    profile: bool = True

    @classmethod
    def quick(cls) -> Plan:
        fixed = ("big_workspace", "many_intakes")
        counts = [f.name for f in fields(cls) if f.type == "int" and f.name not in fixed]
        return cls(**dict.fromkeys(counts, 1), workspace_sizes=(20,), many_intakes=5, profile=False)

    def workspace_reps(self) -> dict[int, tuple[int, int]]:
        """Per workspace size: second starts, and search/filter rounds in each."""
        return {
            size: (
                self.workspace_starts,
                self.big_workspace_ops if size >= self.big_workspace else self.workspace_ops,
            )
            for size in self.workspace_sizes
        }

    def label(self) -> str:
        workspaces = "; ".join(
            f"{size:,} case files: {starts} starts × {ops} search/filter rounds"
            for size, (starts, ops) in self.workspace_reps().items()
        )
        return (
            f"cold start {self.cold_starts} (+1 warm-up) each, answer commit {self.answers}, "
            f"import {self.imports}, letter {self.letters}, policy load {self.policy_loads}, "
            f"first letter {self.first_letters}, read-only commands {self.cli_runs}, "
            f"{self.many_intakes} intakes imported, memory {self.memory_runs} (with the biggest "
            f"workspace listed {self.big_memory_runs}); workspace at "
            f"{workspaces}"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _log_to_stderr()
    plan = Plan.quick() if args.quick else Plan()
    if args.sizes:
        plan = replace(plan, workspace_sizes=tuple(int(s) for s in args.sizes.split(",")))
    if args.no_profile or args.profile:
        plan = replace(plan, profile=bool(args.profile))
    started = time.perf_counter()
    if args.keep:
        root = Path(tempfile.mkdtemp(prefix="reviewer-bench-"))
        log.info("keeping the benchmark files in %s", root)
        results = measure(root, plan)
    else:
        with tempfile.TemporaryDirectory(
            prefix="reviewer-bench-", ignore_cleanup_errors=True
        ) as tmp:
            results = measure(Path(tmp), plan)
    results.config["seconds"] = round(time.perf_counter() - started, 1)
    results.machine["load_average_end"] = _load_average()
    md, js = write(results, args.out)
    log.info("wrote %s and %s in %.0f s", md, js, results.config["seconds"])
    for f in results.figures:
        print(f"{f.verdict:<10.10} {f.ours.median:>9.2f} {f.ours.unit:<3} {f.title}")
    return 0


def measure(root: Path, plan: Plan) -> Results:
    # The driver processes read bytecode as an installed app does (pip and the packaged
    # app carry it); compiled here once because a shell may set PYTHONDONTWRITEBYTECODE.
    log.info("compiling bytecode")
    for package in ("reviewer_app", "benchmarks"):
        compileall.compile_dir(REPO / package, quiet=1)
    layout = new_layout(root)
    reg = registry()
    results = Results(machine=machine(root), config={"repeat_label": plan.label()})
    profile = plan.profile

    log.info("policy load")
    _add(results, *figures.policy_load(reg, plan.policy_loads, profile))
    log.info("answer commit")
    commit, references, found = figures.answer_commit(layout, reg, plan.answers, profile)
    _add(results, commit, found)
    for reference in references:
        results.add(reference)
    log.info("intake import")
    _add(results, *figures.intake_import(layout, reg, plan.imports, profile))
    log.info("PAS import")
    results.add(pas_import.pas_import(layout, reg, plan.imports))
    log.info("letter")
    _add(results, *figures.letter(layout, reg, plan.letters, profile))

    log.info("cold start")
    case = import_case(reg, layout.root / "cold-start" / "cases")
    cold, details, check, found = startup.cold_start(layout, case, plan.cold_starts, profile)
    for figure in cold:
        results.add(figure)
    results.details["cold_start"] = details
    results.checks.append(check)
    if found:
        results.profiles[cold[0].key] = found

    log.info("cold start with an encrypted case")
    enc_case = import_case(
        reg, layout.root / "cold-start-encrypted" / "cases", passphrase=qt_driver.PASSPHRASE
    )
    enc, enc_details, enc_found = startup.cold_start_encrypted(
        layout, enc_case, plan.cold_starts, cold[0].baseline or cold[0].ours, profile
    )
    for figure in enc:
        results.add(figure)
    results.details[enc[0].key] = enc_details
    if enc_found:
        results.profiles[enc[0].key] = enc_found

    log.info("read-only commands beside import sqlmodel")
    show, show_details, show_found = cli_start.read_only(layout, case, plan.cli_runs, profile)
    results.add(show)
    results.details[show.key] = show_details
    if show_found:
        results.profiles[show.key] = show_found

    log.info("%s intakes imported in one command and one at a time", plan.many_intakes)
    many, many_details = cli_start.import_many(layout, plan.many_intakes)
    results.add(many)
    results.details[many.key] = many_details

    log.info("first letter in a new process")
    template = import_case(reg, layout.scratch / "first-letter-template", confirm=True)
    decided, p12 = figures.letter_case(layout, reg)
    first, first_details = startup.first_letter(layout, template, p12, plan.first_letters)
    results.add(first)
    results.details[first.key] = first_details

    log.info("peak memory")
    peak, peak_details = memory.peak_memory(layout, decided, plan.memory_runs)
    results.add(peak)
    results.details[peak.key] = peak_details

    log.info("workspace at %s case files", ", ".join(map(str, plan.workspace_sizes)))
    ws_template = import_case(reg, layout.scratch / "workspace-template")
    spaces = workspace.Workspaces(layout, ws_template, list(plan.workspace_sizes))
    log.info("workspaces generated")
    ws_figures, curve, ws_profiles = workspace.measure(spaces, plan.workspace_reps(), profile)
    for figure in ws_figures:
        results.add(figure)
    results.curve = curve
    results.profiles.update(ws_profiles)

    biggest = spaces.sizes[-1]
    log.info("peak memory with the %s-case workspace listed", biggest)
    listed = (spaces.settings(biggest), spaces.cache(biggest), biggest)
    peak, peak_details = memory.peak_memory(layout, decided, plan.big_memory_runs, listed)
    results.add(peak)
    results.details[peak.key] = peak_details
    return results


class _Elapsed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.elapsed = time.perf_counter() - _T0
        return super().format(record)


def _log_to_stderr() -> None:
    """Progress lines for the person running the benchmarks (not the libraries' logs)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Elapsed("bench [%(elapsed)4.0f s] %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def _add(results: Results, figure: Any, found: dict[str, Any] | None) -> None:
    results.add(figure)
    if found:
        results.profiles[figure.key] = found


def machine(tmp: Path) -> dict[str, Any]:
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": _cpu_model(),
        "cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": _version("PySide6-Essentials") or _version("PySide6"),
        "sqlite": sqlite3.sqlite_version,
        "tmp_fs": _filesystem(tmp),
        "load_average_start": _load_average(),
    }


def _load_average() -> str:
    """Other work on the machine moves absolute figures (ratios less: interleaved runs)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cores() -> int | None:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) * 1024 / 1e9, 1)
    except OSError:
        pass
    return None


def _filesystem(path: Path) -> str:
    """The filesystem type holding ``path`` (fsync cost depends on it)."""
    best, kind = "", "unknown"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) > 2 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    p.add_argument("--quick", action="store_true", help="1 repetition, a 20-case workspace")
    p.add_argument("--out", type=Path, default=REPO / "docs", help="report folder (docs/)")
    p.add_argument("--sizes", help="workspace sizes, comma-separated (default 100,1000,10000)")
    p.add_argument("--no-profile", action="store_true", help="skip profiling missed figures")
    p.add_argument("--profile", action="store_true", help="profile missed figures with --quick")
    p.add_argument("--keep", action="store_true", help="keep the generated files")
    return p


if __name__ == "__main__":
    sys.exit(main())
