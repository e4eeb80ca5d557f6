"""The benchmark machinery runs end to end in a tiny configuration (no timings asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIGURES = (
    "policy_load",
    "answer_commit",
    "answer_commit_signing_floor",
    "answer_commit_one_row",
    "intake_import",
    "pas_import",
    "letter",
    "unlock_prompt",
    "cold_start",
    "cold_start_wall",
    "enter_to_case",
    "cold_start_encrypted",
    "case_show",
    "import_many",
    "first_letter",
    "peak_memory",
    "workspace_second_start",
    "workspace_search",
    "workspace_clear_search",
    "workspace_status_filter",
    "workspace_status_all",
    "peak_memory_big_workspace",
)


@pytest.mark.slow
def test_quick_bench_writes_a_report_with_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]

    report = json.loads((tmp_path / "performance.json").read_text("utf-8"))
    by_key = {f["key"]: f for f in report["figures"]}
    assert set(by_key) == set(FIGURES)
    for figure in by_key.values():
        assert figure["ours"]["n"] >= 1 and figure["verdict"]
    assert [row["cases"] for row in report["workspace_curve"]] == [20]

    markdown = (tmp_path / "performance.md").read_text("utf-8")
    assert "| figure | ours | baseline | ratio | budget | verdict |" in markdown
    for figure in by_key.values():
        assert f"| {figure['figure']} |" in markdown
    # The cold start is reported with its lower bound: the same screen from Qt alone.
    assert "plain Qt widgets alone" in by_key["cold_start"]["note"]
    assert "ratio of Qt alone to the bare window" in report["details"]["cold_start"]
    # Where a person waits, each beside its baseline of the same run.
    assert by_key["unlock_prompt"]["budget"]["max_ratio"] == 1.5
    assert by_key["unlock_prompt"]["baseline"]["n"] == by_key["unlock_prompt"]["ours"]["n"]
    assert by_key["enter_to_case"]["budget"]["max_over"] == 150
    assert by_key["case_show"]["budget"]["max_over"] == 100
    assert "import sqlmodel" in by_key["case_show"]["baseline_is"]
    assert "5 `case import` commands" in by_key["import_many"]["baseline_is"]
    # The letter in the memory figures is the one the app's own Decision tab shows.
    assert markdown.count("preview shown by the app's decision panel") == 2
