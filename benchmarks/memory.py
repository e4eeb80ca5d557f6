"""Peak memory with a case open and its letter previewed (a new app process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.fixtures import Layout, driver, write_settings
from benchmarks.measure import Stat, run_driver
from benchmarks.report import Budget, Figure


def peak_memory(layout: Layout, decided_case: Path, repeat: int) -> tuple[Figure, dict[str, Any]]:
    folder = layout.root / "memory"
    ini = write_settings(folder / "settings.ini", decided_case.parent)
    command = [
        *driver("peak_memory.py"),
        str(ini),
        str(folder / "index.sqlite"),
        str(decided_case),
    ]
    env = layout.child_env()
    runs = [run_driver(command, env).result for _ in range(repeat)]
    figure = Figure(
        "peak_memory",
        "peak memory with a case open and the letter previewed (VmHWM)",
        Stat.of([r["peak_mb"] for r in runs], "MB"),
        Budget("< 250 MB RSS", limit=250),
        note=f"preview shown by {runs[-1]['preview']}",
    )
    details = {
        f"{step} (RSS / peak MB)": f"{m.get('rss', '?')} / {m['peak']}"
        for step, m in runs[-1]["steps"].items()
    }
    return figure, details
