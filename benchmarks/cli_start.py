"""Command-line figures that need new processes: a read-only command beside the ORM's own
import, and many intakes imported in one command beside one command each.

Every process is a real ``reviewer-app`` start (``python -m reviewer_app.cli``) in the
benchmark's own environment; the runs alternate with their baseline's, so both see the
same machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.fixtures import INTAKE, Layout
from benchmarks.measure import Stat, import_profile
from benchmarks.report import Budget, Figure

READ_ONLY = ("show", "evaluate", "audit")
CLI = [sys.executable, "-m", "reviewer_app.cli"]
SQLMODEL = [sys.executable, "-c", "import sqlmodel"]
READ_BUDGET = Budget("≤ `import sqlmodel` + 100 ms", max_over=100)


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=600)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode not in (0, 1):  # audit says 1 for a broken chain; none here
        raise SystemExit(f"{' '.join(argv[3:5])} failed: {done.stderr.strip()[-500:]}")
    return elapsed, done


def read_only(
    layout: Layout, case: Path, repeat: int, profile: bool
) -> tuple[Figure, dict[str, Any], dict[str, Any] | None]:
    """``case show`` (and, in the details, ``evaluate`` and ``audit``) on a plain case
    file, each process beside ``python -c 'import sqlmodel'``."""
    env = layout.child_env()
    commands = {name: [*CLI, "case", name, str(case)] for name in READ_ONLY}
    for argv in (*commands.values(), SQLMODEL):  # warm-up: .pyc files, page cache
        _run(argv, env)
    times: dict[str, list[float]] = {name: [] for name in (*READ_ONLY, "sqlmodel")}
    for _ in range(repeat):
        for name, argv in commands.items():
            times[name].append(_run(argv, env)[0])
        times["sqlmodel"].append(_run(SQLMODEL, env)[0])
    stats = {name: Stat.of(samples, "ms") for name, samples in times.items()}
    base = stats["sqlmodel"]
    figure = Figure(
        "case_show",
        "`reviewer-app case show CASE` on a plain case file (a new process, spawn → exit)",
        stats["show"],
        READ_BUDGET,
        baseline=base,
        baseline_title="`python -c 'import sqlmodel'`, same runs",
    )
    details: dict[str, Any] = {
        f"case {name} (ms, median; over import sqlmodel)": (
            f"{stats[name].median:,.0f} (+{stats[name].median - base.median:,.0f})"
        )
        for name in READ_ONLY
    }
    found = None
    if profile and figure.problems():
        show = [*CLI[1:], "case", "show", str(case)]
        _, done = _run([sys.executable, "-X", "importtime", *show], env)
        found = {"imports": import_profile(done.stderr), **_cprofile(case, env, layout)}
    return figure, details, found


def _cprofile(case: Path, env: dict[str, str], layout: Layout) -> dict[str, Any]:
    from benchmarks.measure import load_profile

    out = layout.scratch / "case-show.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    show = [*CLI[1:], "case", "show", str(case)]
    _run([sys.executable, "-m", "cProfile", "-o", str(out), *show], env)
    return load_profile(out, 1)


def import_many(layout: Layout, count: int) -> tuple[Figure, dict[str, Any]]:
    """``case import`` of ``count`` intakes into a folder: one command for all of them,
    beside one command per intake (the start paid ``count`` times)."""
    env = layout.child_env()
    folder = layout.scratch / "import-many"
    intakes = _intakes(folder / "intakes", count)
    together = folder / "together"
    apart = folder / "one-by-one"
    for out in (together, apart):
        out.mkdir(parents=True, exist_ok=True)
    one, _ = _run([*CLI, "case", "import", *map(str, intakes), "-d", str(together)], env)
    each = 0.0
    for intake in intakes:
        each += _run([*CLI, "case", "import", str(intake), "-d", str(apart)], env)[0]
    made = (len(list(together.glob("*.umcase"))), len(list(apart.glob("*.umcase"))))
    if made != (count, count):
        raise SystemExit(f"import many: made {made}, expected {count} each")
    figure = Figure(
        "import_many",
        f"importing {count} intakes: one `case import A.json B.json … -d DIR` command",
        Stat.of([one], "ms"),
        Budget("— (informational: the start is paid once)"),
        baseline=Stat.of([each], "ms"),
        baseline_title=f"{count} `case import` commands, one intake each (total)",
        note=f"{one / count:,.0f} ms per intake in one command, {each / count:,.0f} ms per "
        "intake one command at a time",
    )
    return figure, {"intakes": count, "per intake, one command (ms)": round(one / count, 1)}


def _intakes(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the example intake, each with its own case id."""
    folder.mkdir(parents=True, exist_ok=True)
    data = json.loads(INTAKE.read_text("utf-8"))
    paths = []
    for i in range(count):
        data["case_id"] = f"BENCH-{i:04d}"
        path = folder / f"intake-{i:04d}.json"
        path.write_text(json.dumps(data), "utf-8")
        paths.append(path)
    return paths
