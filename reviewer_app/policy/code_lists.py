"""Dated lists of diagnosis codes kept as data in ``policy_data/code_lists/``.

A list sorts an ICD-10-CM code three ways: on its ``malignant`` side, on its
``not_malignant`` side, or on neither. Only the first two are evidence; a code on
neither list is left for the reviewer. An entry is a code or category ("D47.Z1", "C92",
matching the code and every code under it) or a range of three-character categories
("C00-C80", both ends included).
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from reviewer_app.policy.validate import InvalidData, parse
from reviewer_app.resources import policy_data_dir

HEMATOLOGIC_MALIGNANCY = "icd10cm-hematologic-malignancy"

_ENTRY = {"pattern": r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?(-[A-Z][0-9][0-9A-Z])?$"}


class CodeListError(ValueError):
    """A code list file is missing or wrong; the message names the file."""


class Side(StrEnum):
    ON_LIST = "on_list"
    OFF_LIST = "off_list"
    NEITHER = "neither"


@dataclass(frozen=True, kw_only=True)
class CodeEntry:
    codes: str = field(metadata=_ENTRY)
    description: str

    def matches(self, code: str) -> bool:
        plain = _plain(code)
        if "-" in self.codes:
            low, high = self.codes.split("-")
            return low <= plain[:3] <= high
        return plain.startswith(_plain(self.codes))


@dataclass(frozen=True, kw_only=True)
class CodeList:
    id: str
    title: str
    code_system: str
    code_set: str
    dated: dt.date
    next_review: dt.date
    source: str
    maintenance: str
    malignant: list[CodeEntry]
    not_malignant: list[CodeEntry]

    def classify(self, code: str) -> tuple[Side, CodeEntry | None]:
        """Which side of the list ``code`` is on, and the entry that put it there."""
        for entry in self.malignant:
            if entry.matches(code):
                return Side.ON_LIST, entry
        for entry in self.not_malignant:
            if entry.matches(code):
                return Side.OFF_LIST, entry
        return Side.NEITHER, None

    def citation(self) -> str:
        return f"{self.title} ({self.code_set}; list dated {self.dated})"


def _plain(code: str) -> str:
    return code.strip().upper().replace(".", "")


def load_code_list(path: Path) -> CodeList:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise CodeListError(f"{path}: file is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodeListError(f"{path}: not valid JSON ({exc})") from None
    try:
        return parse(CodeList, data)
    except InvalidData as exc:
        raise CodeListError(f"{path}: {exc}") from None


@cache
def shipped_code_list(list_id: str = HEMATOLOGIC_MALIGNANCY) -> CodeList:
    """A list shipped in ``policy_data/code_lists/``, read once."""
    return load_code_list(policy_data_dir() / "code_lists" / f"{list_id}.json")
