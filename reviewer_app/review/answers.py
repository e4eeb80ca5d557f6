"""What a reviewer (or an intake pre-fill) says about one criterion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Reply(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class AnswerSource(StrEnum):
    INTAKE = "intake"
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class Evidence:
    document: str = ""
    date: dt.date | None = None
    value: str = ""


@dataclass(frozen=True)
class Answer:
    """An answer to one criterion.

    A yes/no criterion uses ``reply``. A number criterion (a chimerism result, say) uses
    ``number``: the engine computes whether the rule holds, nobody types the verdict.
    """

    reply: Reply = Reply.UNKNOWN
    number: float | None = None
    note: str = ""
    evidence: Evidence = field(default_factory=Evidence)
    source: AnswerSource = AnswerSource.REVIEWER
    confirmed: bool = True

    @property
    def unconfirmed(self) -> bool:
        return self.source is AnswerSource.INTAKE and not self.confirmed
