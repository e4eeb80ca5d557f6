"""The checklist shows what the intake says beside a question it leaves open, warns at 0%
donor cells, and a case made under earlier criteria says it keeps them (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from window_helpers import open_case, row

from reviewer_app.casefile.importer import build_new_case, import_intake
from reviewer_app.casefile.store import CaseFile
from reviewer_app.intake import parse_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.engine import State
from reviewer_app.ui.main_window import MainWindow

from helpers import intake_data


def _case(folder: Path, registry: PolicyRegistry, name: str, **clinical: Any) -> Path:
    data = intake_data(name)
    data["clinical"].update(clinical)
    if name == "dli-relapsed-aml":
        data["diagnoses"] = [{"icd10": "D89.810", "description": "Acute GVHD"}]
    path = folder / f"{name}.umcase"
    import_intake(parse_intake(data), path, registry, "Test Runner (tests)").close()
    return path


def test_an_unlisted_code_stays_open_with_the_intakes_words_beside_it(
    qtbot: Any, make_window: Callable[..., MainWindow], workspace: Path, registry: PolicyRegistry
) -> None:
    window = make_window()
    open_case(qtbot, window, _case(workspace, registry, "dli-relapsed-aml"))
    heme = row(window, "dli.hematologic_malignancy")
    qtbot.waitUntil(lambda: heme.intake_words.isVisibleTo(heme))  # filled after first paint
    assert heme.state_label.text() == "○ Open"
    assert heme.current_reply() is None
    assert heme.intake_words.isVisibleTo(heme)
    assert heme.intake_words.text().startswith("Intake: D89.810 Acute GVHD: on neither side")
    # A pre-filled answer carries the intake's words as its evidence instead.
    relapsed = row(window, "dli.relapsed")
    assert not relapsed.intake_words.isVisibleTo(relapsed)
    assert relapsed.evidence_summary.text() == "Intake request — indication stated: relapse"


def test_zero_percent_donor_cells_is_flagged_for_a_medical_director(
    qtbot: Any, make_window: Callable[..., MainWindow], workspace: Path, registry: PolicyRegistry
) -> None:
    window = make_window()
    path = _case(workspace, registry, "hpc-boost-mixed-chimerism", chimerism_percent_donor=0)
    open_case(qtbot, window, path)
    chimerism = row(window, "hpc_boost.chimerism_below_100")
    assert chimerism.computed is not None
    assert chimerism.computed.text().startswith("→ below 100% donor: yes. 0% donor cells")
    assert "Refer to a medical director" in chimerism.computed.text()
    assert window.case is not None
    assert window.case.evaluate().state("hpc_boost.chimerism_below_100") is State.SATISFIED


def test_a_case_made_under_earlier_criteria_says_it_keeps_them(
    qtbot: Any, make_window: Callable[..., MainWindow], workspace: Path, registry: PolicyRegistry
) -> None:
    new = build_new_case(parse_intake(intake_data("hpc-boost-mixed-chimerism")), registry)
    new.header.policy_hash = "0f361abdb29c9acb068da2e2cc0382205b0bcbc9db52f30dbc8c8e00aebc13c5"
    path = workspace / "old.umcase"
    CaseFile.create(path, new, registry.get("cp0261"), "Test Runner (tests)").close()
    window = make_window()
    open_case(qtbot, window, path)
    assert window.case_view is not None
    notices = window.case_view.notice_text()
    assert "keeps the criteria it was created under (2026-11-24)" in notices
    assert "hpc_boost.chimerism_after_allogeneic" in notices
    assert "hpc_boost.chimerism_after_allogeneic" not in window.case_view.checklist.rows
