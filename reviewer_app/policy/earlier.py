"""Criteria trees a policy folder shipped before, kept so that old cases keep theirs.

A case file records the content hash of the policy data it was created under. When the
shipped criteria change, the tree they replace goes into ``earlier_criteria.json`` with
the hashes it was shipped under: a case pinned to one of them is evaluated against that
tree, so its outcome never changes because the criteria did.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.policy.models import CriteriaSet
from reviewer_app.policy.validate import InvalidData, parse

EARLIER_FILE = "earlier_criteria.json"


@dataclass(frozen=True, kw_only=True)
class EarlierCriteria:
    id: str
    replaced_on: dt.date
    policy_hashes: list[str]
    what_changed: list[str]
    criteria: list[CriteriaSet]

    def criteria_set(self, set_id: str) -> CriteriaSet:
        for cs in self.criteria:
            if cs.id == set_id:
                return cs
        raise KeyError(set_id)

    def summary(self) -> str:
        return (
            f"criteria of {self.id} (replaced on {self.replaced_on}: "
            + "; ".join(self.what_changed)
            + ")"
        )


@dataclass(frozen=True, kw_only=True)
class EarlierFile:
    about: str
    versions: list[EarlierCriteria]


def load_earlier(folder: Path) -> list[EarlierCriteria]:
    """The earlier trees of a policy folder (none when it keeps no such file)."""
    path = folder / EARLIER_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    try:
        return parse(EarlierFile, data).versions
    except InvalidData as exc:
        raise ValueError(f"{path}: {exc}") from None
