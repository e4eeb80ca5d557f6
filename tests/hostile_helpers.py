"""Helpers for the hostile-input tests: a base intake carrying recognisable PHI, ways to
spoil it, an in-process ``case import``, and the check that a refusal is one clean line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.cli import main

from helpers import INTAKE_DIR

NAME = "Zelda Quixote-Hostile"
PHI = (NAME, "77 Secretive Lane", "Gotham Falls", "1961-07-04", "Private note about relapse")


def base() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((INTAKE_DIR / "dli-relapsed-aml.json").read_text("utf-8"))
    data["member"]["name"] = NAME
    data["member"]["date_of_birth"] = "1961-07-04"
    data["member"]["address"].update(line1="77 Secretive Lane", city="Gotham Falls")
    data["clinical"]["notes"] = "Private note about relapse, 14 months after HSCT."
    return data


def dumped(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")


def changed(dotted: str, value: Any) -> bytes:
    """The base intake with one field set (a JSON-ready value) or removed (``...``)."""
    data = base()
    *parents, last = dotted.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return dumped(data)


def raw_field(dotted: str, token: str) -> bytes:
    """The base intake with one field's JSON text replaced by ``token`` verbatim."""
    marker = "@@RAW@@"
    return changed(dotted, marker).replace(json.dumps(marker).encode(), token.encode())


def run_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, *extra: str
) -> tuple[int, str]:
    folder = tmp_path / "intake"
    folder.mkdir(exist_ok=True)
    intake = folder / "request.json"
    intake.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    status = main(["case", "import", str(intake), "-o", str(out / "new.umcase"), *extra])
    return status, capsys.readouterr().err


def assert_refused(status: int, err: str, tmp_path: Path, *named: str) -> None:
    assert status == 2, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("reviewer-app: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    for word in named:
        assert word in err, err
    for value in PHI:
        assert value not in err, err
    out = tmp_path / "out"
    assert not out.exists() or sorted(p.name for p in out.iterdir()) == [], "a file was left"
    logs = tmp_path / "logs"
    for log in logs.rglob("*") if logs.exists() else []:
        text = log.read_text("utf-8", "replace")
        assert not any(value in text for value in PHI), log
