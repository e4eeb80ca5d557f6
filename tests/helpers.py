"""Shared helpers for tests that need policies, intakes and case files (no Qt)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.importer import import_intake
from reviewer_app.casefile.store import CaseFile
from reviewer_app.intake import parse_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.resources import policy_data_dir

INTAKE_DIR = Path(__file__).parent / "data" / "intake"
EXAMPLES = {
    "dli-relapsed-aml": "criteria_met",
    "hpc-boost-mixed-chimerism": "criteria_met",
    "dli-after-autologous": "criteria_not_met",
}


def registry() -> PolicyRegistry:
    return PolicyRegistry(policy_data_dir())


def intake_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((INTAKE_DIR / f"{name}.json").read_text("utf-8"))
    return data


def make_case(
    folder: Path, name: str = "dli-relapsed-aml", *, key: CaseKey | None = None, **changes: Any
) -> Path:
    data = intake_data(name)
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[part]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    path = folder / f"{name}.umcase"
    import_intake(parse_intake(data), path, registry(), "test", key=key).close()
    return path


def open_case(path: Path, *, readonly: bool = False, key: CaseKey | None = None) -> CaseFile:
    return CaseFile.open(path, registry(), readonly=readonly, key=key)


def tree_digest(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file below ``folder``: 'nothing on disk changed' checks.
    The test's own home (settings, logs, this computer's record of case trails, see
    conftest.isolated_settings) is the app's, not the user's files, and is left out."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "home"
    }
