"""Timing, profiling and driver processes: the measuring tools every figure shares."""

from __future__ import annotations

import cProfile
import json
import pstats
import re
import statistics
import subprocess
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.fixtures import REPO

BENCH_PREFIX = "BENCH "
DRIVER_TIMEOUT_S = 180


@dataclass(frozen=True)
class Stat:
    """A median over repeated runs, with the spread."""

    median: float
    low: float
    high: float
    n: int
    unit: str

    @classmethod
    def of(cls, samples: list[float], unit: str) -> Stat:
        if not samples:
            raise ValueError("no samples")
        return cls(statistics.median(samples), min(samples), max(samples), len(samples), unit)

    def as_dict(self) -> dict[str, Any]:
        return {
            "median": round(self.median, 3),
            "min": round(self.low, 3),
            "max": round(self.high, 3),
            "n": self.n,
            "unit": self.unit,
        }


def time_ms(
    fn: Callable[[], object],
    repeat: int,
    *,
    setup: Callable[[], object] | None = None,
    teardown: Callable[[], object] | None = None,
) -> list[float]:
    """Milliseconds of ``fn`` per call; ``setup``/``teardown`` run outside the clock."""
    out: list[float] = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        if teardown is not None:
            teardown()
    return out


# -- profiles --------------------------------------------------------------------------


def profile_calls(
    fn: Callable[[], object],
    repeat: int,
    *,
    setup: Callable[[], object] | None = None,
    teardown: Callable[[], object] | None = None,
) -> dict[str, Any]:
    """cProfile over ``repeat`` calls of ``fn``: where the time of one call goes."""
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if setup is not None:
            setup()
        profiler.enable()
        fn()
        profiler.disable()
        if teardown is not None:
            teardown()
    return summarize(pstats.Stats(profiler), repeat)


def summarize(stats: pstats.Stats, runs: int, top: int = 12) -> dict[str, Any]:
    """The functions with the most own time, and the app's functions by cumulative time.

    Times are per run (a call of the measured operation, or one process start).
    """
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), (_cc, calls, own, cum, _callers) in raw.items():
        rows.append(
            {
                "where": _where(filename, line, name),
                "calls": round(calls / runs, 1),
                "own_ms": round(own * 1000 / runs, 2),
                "cum_ms": round(cum * 1000 / runs, 2),
                "app": "reviewer_app" in filename,
            }
        )
    by_own = sorted(rows, key=lambda r: r["own_ms"], reverse=True)[:top]
    by_cum_app = sorted((r for r in rows if r["app"]), key=lambda r: r["cum_ms"], reverse=True)[
        :top
    ]
    total = max((r["cum_ms"] for r in rows), default=0.0)
    return {"runs": runs, "total_ms": total, "by_own_time": by_own, "app_by_cumulative": by_cum_app}


def _where(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name  # a built-in: '<built-in method posix.fsync>'
    path = filename
    for prefix in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], str(REPO)):
        if path.startswith(prefix):
            path = path[len(prefix) :].lstrip("/\\")
            break
    return f"{path}:{line}({name})"


def load_profile(path: Path, runs: int) -> dict[str, Any]:
    return summarize(pstats.Stats(str(path)), runs)


# -- import times ----------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_profile(stderr: str, top: int = 12) -> list[dict[str, Any]]:
    """From ``python -X importtime`` output: own import time per top-level package."""
    per_package: dict[str, int] = {}
    for match in _IMPORT_LINE.finditer(stderr):
        own_us, module = int(match.group(1)), match.group(4)
        package = module.split(".")[0]
        per_package[package] = per_package.get(package, 0) + own_us
    ranked = sorted(per_package.items(), key=lambda item: item[1], reverse=True)[:top]
    return [{"package": name, "own_ms": round(us / 1000, 1)} for name, us in ranked]


# -- driver processes ------------------------------------------------------------------


@dataclass(frozen=True)
class DriverRun:
    result: dict[str, Any]  # what the driver printed after "BENCH "
    ready_s: float  # spawn to that line, seen from the parent
    wall_s: float  # spawn to exit
    stderr: str


def run_driver(
    argv: list[str], env: dict[str, str], *, timeout: float = DRIVER_TIMEOUT_S
) -> DriverRun:
    """Start a driver process, note when it reports and when it ends.

    stderr goes to a file (``-X importtime`` writes a lot there); a watchdog kills a
    driver that hangs, for example on a dialog nobody will answer.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=str(REPO)
        )
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        result: dict[str, Any] | None = None
        ready = 0.0
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(BENCH_PREFIX) and result is None:
                    ready = time.perf_counter() - start
                    result = json.loads(line[len(BENCH_PREFIX) :])
            proc.wait()
            wall = time.perf_counter() - start
        finally:
            timed_out = not watchdog.is_alive() and proc.returncode not in (0, None)
            watchdog.cancel()
        errors.seek(0)
        err = errors.read()
    name = " ".join(Path(a).name for a in argv[1:3])
    if timed_out and result is None:
        raise RuntimeError(f"{name} timed out after {timeout:.0f} s:\n{err[-2000:]}")
    if proc.returncode != 0 or result is None:
        raise RuntimeError(f"{name} failed (exit {proc.returncode}):\n{err[-3000:]}")
    return DriverRun(result, ready, wall, err)
