"""Read a FHIR JSON file's bytes as hostile input: bounded size and depth, strict JSON.

A Bundle nests deeper than an intake (entries, resources, items, answers, extensions),
so the limits differ from ``intake.strict_json``'s, but the refusals are the same: no
duplicate keys, no NaN or Infinity, no 5,000-digit numbers, nothing quoted back.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from reviewer_app.fhir.errors import FhirInputError

MAX_BYTES = 2 * 1024 * 1024  # a PAS request with a DTR response is tens of kilobytes
MAX_DEPTH = 24
MAX_INT_DIGITS = 15
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_SNIFF = re.compile(rb'(?<!\\)"resourceType"\s*:')  # a key: inside a string it is escaped


class _Refused(Exception):
    pass


def looks_like_fhir(raw: bytes) -> bool:
    """Whether the file is FHIR JSON: a ``resourceType`` key near its start (FHIR writes
    it first; every resource has one). An intake request never has that key."""
    return bool(_SNIFF.search(raw[:65536]))


def read_fhir_json(raw: bytes, where: str) -> Any:
    if len(raw) > MAX_BYTES:
        raise FhirInputError(
            "", f"{where}: too large for a PAS request (more than {MAX_BYTES} bytes)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FhirInputError("", f"{where}: not a UTF-8 text file") from None
    if _too_deep(text):
        raise FhirInputError("", f"{where}: nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except _Refused as exc:
        raise FhirInputError("", f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise FhirInputError(
            "", f"{where}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise FhirInputError("", f"{where}: nested too deeply") from None


def _too_deep(text: str) -> bool:
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _Refused("a key appears twice in one object (each key once)")
        obj[key] = value
    return obj


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _Refused(f"a number with {digits} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("a number too large to represent")
    return value
