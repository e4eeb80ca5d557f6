"""Small parts of a notice that depend on its line of business: the denial code, the
record of an oral notice, the member's authorized representative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewer_app.letters.i18n import N_

# Claim adjustment reason code 50 (X12): the code a medical-necessity denial carries, with
# its meaning, as 45 CFR 147.136(b)(2)(ii)(E) asks a commercial notice to give.
MEDICAL_NECESSITY_CODE = "CARC 50"
MEDICAL_NECESSITY_MEANING = N_(
    "These are non-covered services because this is not deemed a “medical necessity” by the payer."
)


@dataclass(frozen=True)
class DenialCode:
    code: str = MEDICAL_NECESSITY_CODE
    meaning: str = MEDICAL_NECESSITY_MEANING


@dataclass(frozen=True)
class OralNotice:
    """Who told whom of an expedited denial, and when (Medicare Advantage: the written
    notice must follow within 3 calendar days of this call)."""

    by: str
    at: dt.datetime
    to: str

    @property
    def written_due(self) -> dt.date:
        return self.at.date() + dt.timedelta(days=3)


@dataclass(frozen=True)
class Representative:
    """Someone the member named to act for them; they receive a copy of every letter."""

    name: str
    relationship: str = ""
    address_lines: tuple[str, ...] = ()
