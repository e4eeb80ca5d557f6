"""Read an intake file's bytes as JSON, refusing what ``json.loads`` would let through.

Every intake is treated as hostile: the bytes may be huge, nested thousands deep, carry a
5,000-digit number, ``NaN``, duplicate keys or lone UTF-16 surrogates. Each is refused
with an ``IntakeError`` that names the file or field and never quotes a value.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from reviewer_app.intake.model import IntakeError

MAX_DEPTH = 8  # a valid intake nests 3 deep (the diagnoses' items, clinical.transplant)
MAX_INT_DIGITS = 15
# Free text where a line break or tab is expected; every other string is one line.
MULTILINE_FIELDS = frozenset({"clinical.notes"})

# A string (its closing quote optional, so an unterminated one is one linear match) or a
# bracket: counting brackets outside strings finds the depth without parsing.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\r\t")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]{1,40}")


class _Refused(Exception):
    """Raised inside ``json.loads`` hooks; turned into an ``IntakeError`` naming the file."""


def safe_name(key: object) -> str:
    """A key or index fit to print: plain names as they are, anything odd as a placeholder."""
    if isinstance(key, int):
        return str(key)
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    return "(a key with unusual characters)"


def field_path(parts: Any) -> str:
    return ".".join(safe_name(p) for p in parts) or "(top level)"


def read_json_bytes(
    raw: bytes,
    where: str,
    max_bytes: int,
    *,
    max_depth: int = MAX_DEPTH,
    what: str = "an intake request",
    error: type[IntakeError] = IntakeError,
) -> Any:
    """The JSON value in ``raw``; ``where`` names the file in messages, ``what`` the kind of
    file, and ``error`` (an ``IntakeError`` class) is what a refusal raises."""
    if len(raw) > max_bytes:
        raise error("", f"{where}: too large for {what} (more than {max_bytes} bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error("", f"{where}: not a UTF-8 text file") from None
    if _too_deep(text, max_depth):
        raise error("", f"{where}: nested more than {max_depth} levels deep")
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except _Refused as exc:
        raise error("", f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(
            "", f"{where}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # cannot happen after _too_deep; kept as the last word
        raise error("", f"{where}: nested too deeply") from None
    return data


def _too_deep(text: str, max_depth: int) -> bool:
    """Whether brackets outside strings nest deeper than ``max_depth`` (before parsing)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _Refused(f"duplicate key {safe_name(key)!r} in one object (each key once)")
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


def check_text(data: Any) -> None:
    """Refuse keys and strings that no intake field may hold (see ``text_problem``)."""
    for parts, value in _strings(data, ()):
        problem = text_problem(value, ".".join(str(p) for p in parts) in MULTILINE_FIELDS)
        if problem:
            raise IntakeError(field_path(parts), problem)


def _strings(
    value: Any, parts: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every key and string below ``value``; depth is bounded already."""
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*parts, key), key
            yield from _strings(item, (*parts, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*parts, i))


def text_problem(text: str, multiline: bool = False) -> str:
    """Why ``text`` is not acceptable in an intake, or '' when it is.

    Refused: lone surrogates (not text), control characters (a line break only in free
    text), bidirectional overrides (they make a name display as another), and text that
    is not empty yet shows nothing (whitespace only).
    """
    visible = False
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            return "contains an invalid character (a lone UTF-16 surrogate)"
        if category == "Cc" and not (multiline and ch in _LINE_BREAKS):
            return "contains a control character (a line break, tab or escape)"
        if category in ("Zl", "Zp") and not multiline:
            return "contains a line break"
        if ch in _BIDI_CONTROLS:
            return "contains a bidirectional text override"
        visible = visible or category[0] in "LNPS"
    if text and not visible:
        return "is blank (whitespace only)"
    return ""
