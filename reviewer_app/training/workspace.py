"""A demo workspace: every library case imported as a training case into one folder.

The folder is marked by a small ``.reviewer-demo-workspace`` JSON file that lists the
case files the demo made. Reset deletes only those (with their lock, journal and backup
side files) and imports them again; anything else in the folder is left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from reviewer_app.casefile.entry_signing import EntrySigner
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import SUFFIX
from reviewer_app.casefile.importer import import_intake
from reviewer_app.casefile.lock import CaseLock, lock_path
from reviewer_app.intake.model import Intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.training.library import DemoLibrary, load_library

log = logging.getLogger(__name__)

MARKER = ".reviewer-demo-workspace"
MARKER_FORMAT = "reviewer-demo-workspace/1"
SPACING = dt.timedelta(hours=3)  # between two demo requests' arrival


class WorkspaceError(ValueError):
    """The folder cannot be made into (or reset as) a demo workspace; one plain sentence."""


def is_demo_workspace(folder: Path) -> bool:
    return (Path(folder) / MARKER).is_file()


def create_demo_workspace(
    folder: Path,
    registry: PolicyRegistry,
    *,
    library_folder: Path | None = None,
    signer: EntrySigner | None = None,
    now: dt.datetime | None = None,
) -> list[Path]:
    """Import every library case as a training case into ``folder``; return the case files.

    The cases are re-dated from ``now``: the newest request arrived two hours before it
    and each older one ``SPACING`` earlier, in the library's order, so every case is open
    when the class starts (the shortest window, expedited, is 72 hours) and its deadlines
    come due over the following days instead of some being overdue from the first minute.

    Each case's first audit entry is signed by ``signer``, by default the bundled
    training identity (``training.identity.training_signer``).

    The folder is created when missing. A non-empty folder is refused unless it already
    is a demo workspace, in which case only missing demo cases are imported again.
    """
    folder = Path(folder)
    library = load_library(registry, library_folder)
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    listed: list[str] = []
    if is_demo_workspace(folder):
        listed = _read_marker(folder)
    elif any(folder.iterdir()):
        raise WorkspaceError(
            f"{folder} is not empty and is not a demo workspace; choose an empty folder "
            "so that no other files are mixed with the demo cases"
        )
    start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(hours=2)
    by_age = sorted(library, key=lambda c: c.intake.received_at, reverse=True)
    received = {c.case_id: start - SPACING * i for i, c in enumerate(by_age)}
    names = [_case_name(c.case_id) for c in library]
    foreign = [n for n in names if (folder / n).exists() and n not in listed]
    ours = [*listed, *(n for n in names if n not in listed and n not in foreign)]
    # The marker is written first: a crash half-way still leaves a workspace reset can mend.
    _write_marker(folder, ours)
    for case in library:
        name = _case_name(case.case_id)
        if name in foreign:
            log.warning("a demo case file name is taken by another file; left alone")
            continue
        path = folder / name
        if not path.exists():
            if signer is None:  # loaded only when a case is imported
                from reviewer_app.training.identity import training_signer

                signer = training_signer()
            intake = _redated(case.intake, received[case.case_id] - case.intake.received_at)
            made = import_intake(intake, path, registry, signer.actor, training=True, signer=signer)
            made.close()
    return [folder / n for n in ours if (folder / n).exists()]


def _redated(intake: Intake, shift: dt.timedelta) -> Intake:
    received = intake.received_at + shift
    raw = dict(intake.raw)
    raw["received_at"] = received.isoformat().replace("+00:00", "Z")
    return dataclasses.replace(intake, received_at=received, raw=raw)


def reset_demo_workspace(
    folder: Path,
    registry: PolicyRegistry,
    *,
    library_folder: Path | None = None,
    signer: EntrySigner | None = None,
) -> list[Path]:
    """Put every demo case back as it was first imported; other files are not touched."""
    folder = Path(folder)
    if not is_demo_workspace(folder):
        raise WorkspaceError(
            f"{folder} is not a demo workspace (it has no {MARKER} file); nothing was reset"
        )
    library: DemoLibrary = load_library(registry, library_folder)  # before deleting anything
    names = _read_marker(folder)
    with ExitStack() as held:
        for name in names:
            lock = CaseLock(folder / name)
            try:
                lock.acquire()
            except CaseFileError as exc:
                raise WorkspaceError(f"{name} is open ({exc}); close it, then reset") from None
            held.callback(lock.release)  # releasing removes the .lock file
        for name in names:
            for path in _case_files(folder, name):
                path.unlink(missing_ok=True)
    _write_marker(folder, [])
    log.info("reset a demo workspace (%d cases)", len(names))
    return create_demo_workspace(folder, registry, library_folder=library.folder, signer=signer)


def _case_name(case_id: str) -> str:
    return f"{case_id}{SUFFIX}"


def _case_files(folder: Path, name: str) -> list[Path]:
    """The case file and the side files the case store makes beside it (not the lock)."""
    backup = (f"{name}.schema", ".bak")  # migrations.backup_path
    temporary = (f".{name}.", ".tmp")  # CaseFile.create writes here first
    side = [folder / name, folder / f"{name}-journal"]
    for path in folder.iterdir():
        if any(path.name.startswith(a) and path.name.endswith(b) for a, b in (backup, temporary)):
            side.append(path)
    return [p for p in side if p != lock_path(folder / name)]


def _read_marker(folder: Path) -> list[str]:
    path = folder / MARKER
    try:
        data: Any = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise WorkspaceError(f"{folder} is not a demo workspace (no {MARKER} file)") from None
    except (OSError, ValueError) as exc:
        raise WorkspaceError(f"{path}: the demo workspace marker cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        raise WorkspaceError(f"{path}: not a demo workspace marker of a known format")
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise WorkspaceError(f"{path}: not a demo workspace marker of a known format")
    names = [n for n in cases if isinstance(n, str)]
    # Only plain case file names: a marker must never point outside its own folder.
    return [n for n in names if n == Path(n).name and n.endswith(SUFFIX)]


def _write_marker(folder: Path, names: list[str]) -> None:
    data = {
        "format": MARKER_FORMAT,
        "note": "Demo workspace of synthetic training cases. Reset deletes only the cases "
        "listed here and imports them again.",
        "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cases": names,
    }
    fd, tmp = tempfile.mkstemp(prefix=".demo-marker-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; nothing secret in it
        os.replace(tmp, folder / MARKER)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
