"""Peak memory with a case open and its letter previewed (a new app process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.fixtures import Layout, driver, write_settings
from benchmarks.measure import Stat, run_driver
from benchmarks.report import Budget, Figure


def peak_memory(
    layout: Layout,
    decided_case: Path,
    repeat: int,
    workspace: tuple[Path, Path, int] | None = None,
) -> tuple[Figure, dict[str, Any]]:
    """With only the case in the workspace, or with ``workspace`` = (settings, index
    cache, case files) listed first (its cache warm)."""
    if workspace is None:
        folder = layout.root / "memory"
        ini = write_settings(folder / "settings.ini", decided_case.parent)
        cache, rows, key, where = folder / "index.sqlite", 0, "peak_memory", ""
    else:
        ini, cache, rows = workspace
        key, where = "peak_memory_big_workspace", f", {rows:,} case files listed"
    command = [*driver("peak_memory.py"), str(ini), str(cache), str(decided_case), str(rows)]
    env = layout.child_env()
    runs = [run_driver(command, env).result for _ in range(repeat)]
    figure = Figure(
        key,
        f"peak memory with a case open and the letter previewed (VmHWM{where})",
        Stat.of([r["peak_mb"] for r in runs], "MB"),
        Budget("< 250 MB RSS", limit=250),
        note=f"preview shown by {runs[-1]['preview']}; MB = 10⁶ bytes",
    )
    details = {
        f"{step} (RSS / peak MB)": f"{m.get('rss', '?')} / {m['peak']}"
        for step, m in runs[-1]["steps"].items()
    }
    return figure, details
