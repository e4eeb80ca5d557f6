"""A start of the app on a big workspace, then search and filter in its case table.

Run by ``benchmarks.run`` as a new process::

    python workspace_start.py SETTINGS_INI INDEX_CACHE EXPECTED NEEDLE STATUS REPEAT [PROFILE]

The clock starts on the first line (and again at Enter at the unlock prompt, typed once
the app behind it is loaded, as a person would still be typing) and stops when the
workspace page reports its table
populated with EXPECTED rows (and that has been painted): from the index cache
(``listed``) or from a finished scan (``refreshed``), whichever comes first. With a warm
index cache this is the "second start"; the time until the scan has also checked every
file against the cache (``refreshed``) is reported beside it.

Then, in the same process: the index scan alone, the model reset (``set_rows`` with the
proxy sorting) and typing NEEDLE in the search box / choosing STATUS in the status
filter, each REPEAT times. With PROFILE, cProfile stats of the start, the scan and the
search/filter are written to PROFILE-start.prof, -scan.prof and -filter.prof (cProfile
sees the main thread only; the start's scan runs on a worker).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def main(argv: list[str]) -> None:
    settings_ini, cache_path = Path(argv[1]), Path(argv[2])
    expected, needle, status, repeat = int(argv[3]), argv[4], argv[5], int(argv[6])
    prefix = argv[7] if len(argv) > 7 else ""
    profiler = _profiler(prefix)

    from benchmarks.qt_driver import emit, exposed, finish, memory_mb, start_app, wait_until

    if profiler:
        profiler.enable()
    counts: list[int] = []
    checked: list[tuple[int, float]] = []
    built: list[float] = []

    def connect(window: Any) -> None:
        built.append(time.perf_counter())
        if window.workspace.model.total():  # listed from the cache while being built
            counts.append(window.workspace.model.total())
        window.workspace.listed.connect(counts.append)
        window.workspace.refreshed.connect(counts.append)
        window.workspace.refreshed.connect(lambda n: checked.append((n, time.perf_counter() - T0)))

    app, window, marks = start_app(settings_ini, cache_path, built=connect)
    page = window.workspace
    # The first listing may come before the unlock (an empty folder view, say); the
    # table counts as populated when a listing with every case file arrives.
    wait_until(lambda: expected in counts and exposed(window), "the table to be populated")
    app.processEvents()  # paint the populated table
    now = time.perf_counter()
    populated, after_build = now - T0, now - built[0]
    # Where a person waits: from Enter at the unlock prompt (the app loaded behind it).
    after_enter = now - marks["passphrase_typed"] if "passphrase_typed" in marks else None
    wait_until(lambda: any(n == expected for n, _ in checked), "every file checked")
    checked_s = next(t for n, t in checked if n == expected)
    if profiler:
        profiler.disable()
        profiler.dump_stats(f"{prefix}-start.prof")
        profiler = _profiler(prefix)
    after_start = memory_mb()

    from reviewer_app.casefile.index import WorkspaceIndex

    index = WorkspaceIndex(page.folder, cache_path)
    scan_ms, rows = _timed(repeat, index.scan, profiler, f"{prefix}-scan.prof")
    if profiler:
        profiler = _profiler(prefix)

    def reset() -> None:
        page.model.set_rows(rows)
        app.processEvents()

    model_ms, _ = _timed(repeat, reset)

    view = page.view
    status_index = view.status_filter.findData(status)
    if status_index < 0:
        raise SystemExit(f"no status filter {status!r}")
    ops: dict[str, list[float]] = {"search": [], "clear_search": [], "status": [], "all": []}
    shown: dict[str, int] = {}
    actions: list[tuple[str, Callable[[], object]]] = [
        ("search", lambda: view.search.setText(needle)),
        ("clear_search", lambda: view.search.setText("")),
        ("status", lambda: view.status_filter.setCurrentIndex(status_index)),
        ("all", lambda: view.status_filter.setCurrentIndex(0)),
    ]
    if profiler:
        profiler.enable()
    for _ in range(repeat):
        for name, act in actions:
            t = time.perf_counter()
            act()
            app.processEvents()
            ops[name].append((time.perf_counter() - t) * 1000)
            shown[name] = page.model.rowCount()
    if profiler:
        profiler.disable()
        profiler.dump_stats(f"{prefix}-filter.prof")

    emit(
        {
            "populated_s": populated,
            "after_build_s": after_build,
            "after_enter_s": after_enter,
            "checked_s": checked_s,
            "listings": counts,
            "scan_ms": scan_ms,
            "model_ms": model_ms,
            **{f"{name}_ms": values for name, values in ops.items()},
            "shown": shown,
            "memory_after_start_mb": after_start,
            "memory_mb": memory_mb(),
        }
    )
    finish(window)


def _timed(
    repeat: int, fn: Any, profiler: Any = None, profile_to: str = ""
) -> tuple[list[float], Any]:
    out: list[float] = []
    value = None
    if profiler:
        profiler.enable()
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        out.append((time.perf_counter() - t) * 1000)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_to)
    return out, value


def _profiler(prefix: str) -> Any:
    if not prefix:
        return None
    import cProfile

    return cProfile.Profile()


if __name__ == "__main__":
    main(sys.argv)
