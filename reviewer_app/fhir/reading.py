"""Read a FHIR JSON file's bytes as hostile input: bounded size and depth, strict JSON.

A Bundle nests deeper than an intake (entries, resources, items, answers, extensions),
so the limits differ from ``intake.strict_json``'s, but the refusals are the same: no
duplicate keys, no NaN or Infinity, no 5,000-digit numbers, nothing quoted back.
"""

from __future__ import annotations

import re
from typing import Any

from reviewer_app.fhir.errors import FhirInputError
from reviewer_app.intake.strict_json import read_json_bytes

MAX_BYTES = 2 * 1024 * 1024  # a PAS request with a DTR response is tens of kilobytes
MAX_DEPTH = 24
_SNIFF = re.compile(rb'(?<!\\)"resourceType"\s*:')  # a key: inside a string it is escaped


def looks_like_fhir(raw: bytes) -> bool:
    """Whether the file is FHIR JSON: a ``resourceType`` key near its start (FHIR writes
    it first; every resource has one). An intake request never has that key."""
    return bool(_SNIFF.search(raw[:65536]))


def read_fhir_json(raw: bytes, where: str) -> Any:
    return read_json_bytes(
        raw,
        where,
        MAX_BYTES,
        max_depth=MAX_DEPTH,
        what="a PAS request",
        error=FhirInputError,
    )
