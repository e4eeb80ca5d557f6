"""Messages for bad input: what is wrong and what to do, never a traceback.

All dialogs go through QMessageBox's static functions, so one place decides their look
(and tests can capture them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

import reviewer_app
from reviewer_app import APP_NAME
from reviewer_app.casefile.errors import (
    CaseFileError,
    CaseStateError,
    NewerSchema,
    NotACaseFile,
    ReadOnlyCase,
)
from reviewer_app.policy.loader import PolicyError
from reviewer_app.review.engine import EvidenceError


@dataclass(frozen=True)
class Problem:
    title: str
    what: str
    todo: str

    @property
    def text(self) -> str:
        return f"{self.what}\n\n{self.todo}"


def open_problem(path: Path, exc: BaseException) -> Problem:
    """Why a case file did not open, and what the reviewer can do about it."""
    title = "Cannot open the case file"
    name = path.name
    if isinstance(exc, NewerSchema):
        return Problem(
            title,
            f"{name} was saved by a newer version of Reviewer Workstation.",
            "Update the app to the latest version, then open the case again. "
            "The file has not been changed.",
        )
    if isinstance(exc, NotACaseFile):
        return Problem(
            title,
            f"{name} is not a Reviewer Workstation case file, or it is damaged: "
            f"{_detail(exc, path)}.",
            "Check that you chose the right file. If it is a damaged case, ask for a new "
            "copy (from the sender's export). The file has not been changed.",
        )
    if isinstance(exc, PolicyError):
        return Problem(
            title,
            f"{name} uses a coverage policy this version does not have ({exc}).",
            "Update the app so it includes that policy. The file has not been changed.",
        )
    if isinstance(exc, CaseFileError | sqlite3.DatabaseError):
        return Problem(
            title,
            f"{name} could not be read: {_detail(exc, path)}.",
            "Ask for a new copy of the case. The file has not been changed.",
        )
    if isinstance(exc, OSError):
        return Problem(
            title,
            f"{name} could not be read ({exc.strerror or exc.__class__.__name__}).",
            "Check that the file is still there and that you may read it.",
        )
    return Problem(
        title,
        f"{name} could not be opened ({exc.__class__.__name__}).",
        "The error was logged. The file has not been changed.",
    )


def intake_problem(path: Path, exc: BaseException) -> Problem:
    from reviewer_app.intake.model import IntakeError  # loaded with the intake reader

    title = "Cannot import the intake request"
    if isinstance(exc, IntakeError | PolicyError):
        where, text = "", _detail(exc, path)
        if isinstance(exc, IntakeError):
            where = f" in the field {exc.field}" if exc.field else ""
            text = _strip_path(exc.problem, path)
        return Problem(
            title,
            f"{path.name} has a problem{where}: {text}.",
            "Fix the request (or ask the sender for a corrected one) and import it again. "
            "No case was created.",
        )
    if isinstance(exc, OSError | CaseFileError):
        return Problem(
            title,
            f"The case file for {path.name} could not be written: {exc}.",
            "Check that the workspace folder exists and that you may write to it "
            "(File ▸ Change workspace folder…). No case was created.",
        )
    return Problem(
        title,
        f"{path.name} could not be imported ({exc.__class__.__name__}).",
        "The error was logged. No case was created.",
    )


def save_problem(exc: BaseException) -> Problem:
    """Why an answer was not saved (the widget goes back to the saved value)."""
    title = "The change was not saved"
    if isinstance(exc, ReadOnlyCase):
        return Problem(title, f"This case is open read-only: {exc}.", "Your change was undone.")
    if isinstance(exc, CaseStateError):
        return Problem(title, f"{exc}.", "Your change was undone.")
    if isinstance(exc, EvidenceError):
        return Problem(title, f"The number is not allowed: {exc}.", "Enter a value from 0 to 100.")
    if isinstance(exc, ValueError):
        return Problem(title, f"{exc}.", "Correct the value and try again.")
    return Problem(
        title,
        f"The case file could not be written ({exc.__class__.__name__}).",
        "Your change was undone. Check the disk, then try again; the error was logged.",
    )


def missing_recent_problem(path: Path) -> Problem:
    return Problem(
        "Case not found",
        f"{path.name} is no longer at {path.parent}.",
        "It was removed from the recent list. If it was moved, open it from its new place "
        "with File ▸ Open….",
    )


def _detail(exc: BaseException, path: Path) -> str:
    return _strip_path(str(exc), path)


def _strip_path(text: str, path: Path) -> str:
    text = text.rstrip(".")
    for prefix in (f"{path}: ", f"{path.name}: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<p><b>{APP_NAME}</b> {reviewer_app.__version__}</p>"
        "<p>Offline utilization review of prior-authorization requests for donor "
        "lymphocyte infusion (CPT 38242) and HPC boost (CPT 38243) under Coverage "
        "Policy 0261.</p><p>Works without a network connection: case files stay in "
        "your workspace folder.</p>",
    )


def show_problem(parent: QWidget | None, problem: Problem) -> None:
    QMessageBox.warning(parent, problem.title, problem.text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
