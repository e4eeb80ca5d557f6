"""A FHIR input that cannot be read as a PAS request: its FHIR path and the problem."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer_app.intake.model import IntakeError


class FhirInputError(IntakeError):
    """Raised for a bad Bundle; a subclass of ``IntakeError``, so every front end that
    reports a bad intake (exit 2, one line) reports this one too.

    The message names the element (``Bundle.entry[0].resource.item[0].productOrService``)
    and says what is wrong without quoting any value a person could be named by.
    """


def fhir_path(parts: Sequence[str | int], root: str = "Bundle") -> str:
    """``('entry', 0, 'resource', 'use')`` as ``Bundle.entry[0].resource.use``."""
    out = root
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{_safe(part)}"
    return out


def _safe(name: str) -> str:
    if name.isascii() and name.replace("_", "").isalnum() and len(name) <= 60:
        return name
    return "(an element with an unusual name)"
