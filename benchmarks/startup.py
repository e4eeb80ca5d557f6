"""Figures that need a new process: cold start (app vs bare PySide6) and the first letter."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.fixtures import Layout, driver, write_settings
from benchmarks.measure import Stat, import_profile, load_profile, run_driver
from benchmarks.report import Budget, Figure

COLD_BUDGET = Budget(
    "— (informational: it includes the loading behind the unlock prompt, done while a "
    "person types; judged on the prompt and Enter → case rows)"
)
PROMPT_BUDGET = Budget("ratio ≤ 1.5", max_ratio=1.5)
ENTER_BUDGET = Budget("≤ key derivation + 150 ms", max_over=150)
HEAVY = "reportlab, pyHanko, QtPdf"


def cold_start(
    layout: Layout, case: Path, repeat: int, profile: bool
) -> tuple[list[Figure], dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """The app opening ``case`` in a new process, interleaved with the bare baseline.

    Returns the figures (the unlock prompt first: where a person first waits), a
    breakdown, the heavy-import check and (when the prompt is over budget and profiling
    is on) where the app's start spends its time.
    """
    folder = layout.root / "cold-start"
    ini = write_settings(folder / "settings.ini", case.parent)
    cache = folder / "index.sqlite"
    env = layout.child_env()
    app_cmd = [*driver("cold_start_app.py"), str(ini), str(case), str(cache)]
    base_cmd = driver("cold_start_baseline.py")
    qt_cmd = driver("cold_start_widgets.py")
    prompt_cmd = driver("cold_start_prompt_widgets.py")

    run_driver(app_cmd, env)  # warm-up: .pyc files, font and index caches, page cache
    run_driver(base_cmd, env)
    run_driver(qt_cmd, env)
    run_driver(prompt_cmd, env)
    app_runs, base_runs, qt_runs, prompt_runs = [], [], [], []
    for _ in range(repeat):  # interleaved, so all see the same machine state
        app_runs.append(run_driver(app_cmd, env))
        base_runs.append(run_driver(base_cmd, env))
        qt_runs.append(run_driver(qt_cmd, env))
        prompt_runs.append(run_driver(prompt_cmd, env))

    def ms(runs: list[Any], attr: str) -> Stat:
        if attr == "inside":
            return Stat.of([r.result["ready_s"] * 1000 for r in runs], "ms")
        if attr in runs[0].result:
            return Stat.of([r.result[attr] * 1000 for r in runs], "ms")
        return Stat.of([getattr(r, attr) * 1000 for r in runs], "ms")

    baseline = ms(base_runs, "inside")
    qt_alone = ms(qt_runs, "inside")
    qt_ratio = qt_alone.median / baseline.median
    plain_prompt = ms(prompt_runs, "inside")
    prompt_ratio = plain_prompt.median / baseline.median
    inside = Figure(
        "cold_start",
        "cold start to the main window showing an opened case (new process, offscreen; "
        "first line → case view painted; a plain case file, as training cases are)",
        ms(app_runs, "inside"),
        COLD_BUDGET,
        baseline=baseline,
        baseline_title="bare PySide6: QMainWindow + QLabel, same start and exit",
        note=f"the same first screen built from plain Qt widgets alone (unlock dialog, "
        f"{qt_runs[-1].result['widgets']} widgets against the app's "
        f"{app_runs[-1].result['widgets']}; no app code, style sheet or data: "
        f"`cold_start_widgets.py`) took {qt_alone.median:,.0f} ms, ratio {qt_ratio:.2f} "
        "to the bare window: the lower bound of this figure with PySide6",
    )
    prompt = Figure(
        "unlock_prompt",
        "cold start to the unlock prompt, the first window a person sees (new process, "
        "offscreen; first line → prompt painted)",
        ms(app_runs, "unlock_dialog_s"),
        PROMPT_BUDGET,
        baseline=baseline,
        baseline_title="bare PySide6: QMainWindow + QLabel, same start and exit, same runs",
        note="behind the prompt a worker thread then imports SQLAlchemy, SQLModel, the store "
        "and the case view, and the main window is built: done "
        f"{ms(app_runs, 'loaded_behind_s').median:,.0f} ms after the prompt painted (median), "
        "while a person types the passphrase (the driver types it only then); meanwhile "
        "the prompt's event loop was busy for at most "
        f"{ms(app_runs, 'longest_stall_s').median:,.0f} ms at a time (median of the runs' "
        "longest): keys typed then wait that long to show. The same prompt from plain Qt "
        "widgets alone (no app code or style sheet: `cold_start_prompt_widgets.py`) took "
        f"{plain_prompt.median:,.0f} ms, ratio {prompt_ratio:.2f} to the bare window: the "
        "floor of this figure with PySide6",
    )
    wall = Figure(
        "cold_start_wall",
        "cold start, whole process seen from the parent (spawn → exit)",
        ms(app_runs, "wall_s"),
        COLD_BUDGET,
        baseline=ms(base_runs, "wall_s"),
        baseline_title="the same bare script",
    )
    ready = ms(app_runs, "ready_s")
    base_ready = ms(base_runs, "ready_s")
    details = {
        "spawn → case showing, seen from the parent (ms, median)": ready.median,
        "spawn → window showing for the baseline (ms, median)": base_ready.median,
        "ratio of those": round(ready.median / base_ready.median, 2),
        "modules loaded once the case shows": app_runs[-1].result["modules"],
        "Qt alone, the same first screen from plain widgets (ms, median)": qt_alone.median,
        "ratio of Qt alone to the bare window": round(qt_ratio, 2),
        "a passphrase prompt from plain Qt widgets (ms, median)": plain_prompt.median,
        "ratio of that prompt to the bare window": round(prompt_ratio, 2),
    }
    if app_runs[-1].result.get("unlock_dialog_s") is not None:
        dialog = Stat.of([r.result["unlock_dialog_s"] * 1000 for r in app_runs], "ms")
        after = Stat.of([r.result["after_unlock_s"] * 1000 for r in app_runs], "ms")
        details["first line → unlock dialog showing (ms, median)"] = dialog.median
        details["passphrase typed → case view painted (ms, median)"] = after.median
        details["how the passphrase is given"] = (
            "typed into the unlock dialog by the driver as soon as it shows (no person's time)"
        )
    loaded = sorted({m for r in app_runs for m in r.result["heavy_modules"]})
    check = {
        "check": f"nothing heavy imported at start ({HEAVY} load on first use)",
        "ok": not loaded,
        "detail": "loaded at start: " + ", ".join(loaded) if loaded else "none of them loaded",
    }
    found = None
    if profile and prompt.problems():
        found = _profile_start(layout, app_cmd, env)
    return [prompt, inside, wall], details, check, found


def cold_start_encrypted(
    layout: Layout, case: Path, repeat: int, baseline: Stat, profile: bool = False
) -> tuple[list[Figure], dict[str, Any], dict[str, Any] | None]:
    """The same start with an encrypted case: the typed passphrase costs one deliberate
    key derivation (PBKDF2-HMAC-SHA512, 256,000 rounds), measured alone beside it. The
    first figure is Enter at the prompt → the case view painted, beside that derivation."""
    import hashlib
    import time

    from benchmarks.qt_driver import PASSPHRASE

    folder = layout.root / "cold-start-encrypted"
    ini = write_settings(folder / "settings.ini", case.parent)
    cache = folder / "index.sqlite"
    env = layout.child_env()
    app_cmd = [*driver("cold_start_app.py"), str(ini), str(case), str(cache)]
    run_driver(app_cmd, env)  # warm-up, as for the plain case
    runs, kdf = [], []
    salt = case.read_bytes()[:16]
    for _ in range(repeat):
        runs.append(run_driver(app_cmd, env))
        t = time.perf_counter()
        hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, 256_000, 32)
        kdf.append((time.perf_counter() - t) * 1000)
    ours = Stat.of([r.result["ready_s"] * 1000 for r in runs], "ms")
    derive = Stat.of(kdf, "ms")
    figure = Figure(
        "cold_start_encrypted",
        "cold start as above, the case encrypted (the default for real cases): the "
        "passphrase typed at the unlock dialog opens it",
        ours,
        Budget("— (informational; the budget is judged on the row above)"),
        baseline=baseline,
        baseline_title="the bare PySide6 script, from the row above",
        note="includes one key derivation that SQLCipher's file format makes slow on purpose "
        f"(PBKDF2-HMAC-SHA512, 256,000 rounds: {derive.median:,.0f} ms measured alone in this "
        "run); without it the start is "
        f"{ours.median - derive.median:,.0f} ms",
    )
    enter = Figure(
        "enter_to_case",
        "Enter at the unlock prompt → the case view painted (new process, offscreen; an "
        "encrypted case: the passphrase derives its key)",
        Stat.of([r.result["after_unlock_s"] * 1000 for r in runs], "ms"),
        ENTER_BUDGET,
        baseline=derive,
        baseline_title="the key derivation alone (PBKDF2-HMAC-SHA512, 256,000 rounds), "
        "measured after each start",
        note="the main window is built behind the prompt; after Enter: the derivation, the "
        "workspace check, showing the window, opening the case file (its trail checked) and "
        "building and painting the case view",
    )
    found = None
    if profile and enter.problems():
        found = _profile_start(layout, app_cmd, env)
    details = {
        "key derivation alone (ms, median)": derive.median,
        "first line → unlock dialog showing (ms, median)": Stat.of(
            [r.result["unlock_dialog_s"] * 1000 for r in runs], "ms"
        ).median,
        "passphrase typed → case view painted (ms, median)": Stat.of(
            [r.result["after_unlock_s"] * 1000 for r in runs], "ms"
        ).median,
    }
    return [enter, figure], details, found


def _profile_start(layout: Layout, app_cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One start under cProfile, and one under ``-X importtime``."""
    out = layout.scratch / "cold-start.prof"
    run_driver([*app_cmd, str(out)], env)
    summary = load_profile(out, 1)
    timed = run_driver([sys.executable, "-X", "importtime", *app_cmd[1:]], env)
    summary["imports"] = import_profile(timed.stderr)
    return summary


def first_letter(
    layout: Layout, template: Path, p12: Path, repeat: int
) -> tuple[Figure, dict[str, Any]]:
    """Identity load + ``decide`` in a fresh process: the lazy imports' first-use cost."""
    folder = layout.scratch / "first-letter"
    folder.mkdir(parents=True, exist_ok=True)
    env = layout.child_env()
    runs = []
    for i in range(repeat + 1):  # the first run warms the .pyc files and is dropped
        case = Path(shutil.copyfile(template, folder / f"first-{i}.umcase"))
        runs.append(run_driver([*driver("first_letter.py"), str(case), str(p12)], env).result)
    runs = runs[1:]
    figure = Figure(
        "first_letter",
        "first letter of a session (new process: load identity + `decide`, loading "
        "reportlab and pyHanko)",
        Stat.of([r["total_ms"] for r in runs], "ms"),
        Budget("— (informational; see the warm letter figure)"),
        note="the < 300 ms letter budget is judged on the warm figure; this row shows what "
        "the first letter of a session costs on top, while reportlab and pyHanko load",
    )
    details = {
        "load_identity (ms, median)": Stat.of([r["identity_ms"] for r in runs], "ms").median,
        "decide (ms, median)": Stat.of([r["decide_ms"] for r in runs], "ms").median,
        "reportlab/pyHanko already loaded before the first letter": ", ".join(
            runs[-1]["heavy_loaded_before"]
        )
        or "no",
    }
    return figure, details
