"""The desktop app's New case from a request file takes a PAS Bundle as it takes an intake."""

from __future__ import annotations

from pathlib import Path

import pytest
from pas_builder import MEETS, pas_request, write

from reviewer_app.ui.workspace.case_opener import CaseOpener

from helpers import registry

pytestmark = pytest.mark.gui


def test_gui_import_of_a_pas_bundle(qtbot: object, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    src = write(tmp_path, pas_request("hpc_boost", MEETS["hpc_boost"]))
    folder = tmp_path / "workspace"
    case = CaseOpener(registry(), parent).create_from_intake(src, folder, "Pat Rivera, RN")
    assert case is not None
    with case:
        assert case.header.cpt == "38243"
        answers = case.answers()
        assert answers["hpc_boost.chimerism_below_100"].number == 82.5
        assert all(a.unconfirmed for a in answers.values())
    assert [p.suffix for p in folder.iterdir()] == [".umcase"]
