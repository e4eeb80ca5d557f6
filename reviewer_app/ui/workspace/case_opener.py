"""Opening and creating case files, with every failure turned into a dialog.

Nothing here changes a file that fails to open: the store checks a file's header before
it writes anything, and an intake that fails validation creates no case.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.format import SUFFIX
from reviewer_app.casefile.importer import case_id_for, import_intake
from reviewer_app.intake import load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.dialogs.messages import (
    ask_yes_no,
    intake_problem,
    open_problem,
    show_problem,
)

log = logging.getLogger(__name__)


def case_file_name(case_id: str) -> str:
    """A safe file name for a case id (letters, digits, dot, dash and underscore)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", case_id).strip("._") or "case"
    return f"{safe}{SUFFIX}"


def dropped_case_files(urls: list[QUrl]) -> list[Path]:
    """The intake requests (.json) and case files (.umcase) among dropped URLs."""
    out = []
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in (".json", SUFFIX) and path.is_file():
                out.append(path)
    return out


class CaseOpener:
    def __init__(self, registry: PolicyRegistry, parent: QWidget) -> None:
        self._registry = registry
        self._parent = parent

    def open(self, path: Path) -> CaseFile | None:
        """The open case, or None (the reviewer was told why, or chose not to)."""
        try:
            case = CaseFile.open(path, self._registry)
        except Exception as exc:
            log.warning("case file did not open (%s)", exc.__class__.__name__)
            show_problem(self._parent, open_problem(path, exc))
            return None
        if case.readonly and case.locked_by:
            holder = case.locked_by.removeprefix(f"{path}: ")
            if not ask_yes_no(
                self._parent,
                "Case open elsewhere",
                f"{case.case_id} is already open: {holder}.\n\n"
                "Open it read-only? You can read it, but changes must be made where it "
                "is open.",
            ):
                case.close()
                return None
        return case

    def create_from_intake(self, intake_path: Path, folder: Path, actor: str) -> CaseFile | None:
        """Import an intake request into ``folder`` as ``<case id>.umcase``, never overwriting."""
        try:
            intake = load_intake(intake_path)
        except Exception as exc:
            log.warning("intake not imported (%s)", exc.__class__.__name__)
            show_problem(self._parent, intake_problem(intake_path, exc))
            return None
        case_id = case_id_for(intake)
        dest = folder / case_file_name(case_id)
        if dest.exists():
            if ask_yes_no(
                self._parent,
                "Case already in the workspace",
                f"A case file for {case_id} already exists in the workspace ({dest.name}). "
                "It was not overwritten.\n\nOpen the existing case?",
            ):
                return self.open(dest)
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return import_intake(intake, dest, self._registry, actor)
        except Exception as exc:
            log.warning("intake not imported (%s)", exc.__class__.__name__)
            show_problem(self._parent, intake_problem(intake_path, exc))
            return None
