"""Chimerism studies an intake may list, and the result that counts.

A study is one sample tested on one date, often in several lineages (whole blood, CD3
T cells, CD33 myeloid cells...). The most recent study counts, and within it the lowest
lineage: a CD3 fraction at 92% donor while whole blood is at 100% is mixed chimerism.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from reviewer_app.intake.model import ChimerismStudy, IntakeError

FIELD = "clinical.chimerism_studies"


def parse_studies(items: Sequence[Any]) -> tuple[ChimerismStudy, ...]:
    """The studies as typed values; the schema has checked their shape already."""
    out: list[ChimerismStudy] = []
    for i, item in enumerate(items):
        where = f"{FIELD}.{i}"
        try:
            date = dt.date.fromisoformat(item["date"])
        except ValueError:
            raise IntakeError(f"{where}.date", "is not a real date (YYYY-MM-DD)") from None
        percent = float(item["percent_donor"])
        if math.isnan(percent) or not 0 <= percent <= 100:
            raise IntakeError(f"{where}.percent_donor", f"{_exact(percent)} is not 0 to 100")
        out.append(ChimerismStudy(date, " ".join(item["lineage"].split()), percent))
    return tuple(out)


def deciding_result(studies: Sequence[ChimerismStudy]) -> ChimerismStudy | None:
    """The lowest lineage of the most recent study (the first listed, on a tie)."""
    if not studies:
        return None
    latest = max(s.date for s in studies)
    return min((s for s in studies if s.date == latest), key=lambda s: s.percent_donor)


def describe(studies: Sequence[ChimerismStudy]) -> str:
    """The intake's words: the deciding result first, then the rest of that study."""
    best = deciding_result(studies)
    if best is None:
        return ""
    same_day = [s for s in studies if s.date == best.date and s is not best]
    text = f"chimerism study of {best.date}: {best.lineage} {_exact(best.percent_donor)}% donor"
    if same_day:
        others = ", ".join(f"{s.lineage} {_exact(s.percent_donor)}%" for s in same_day)
        text += f" (lowest lineage; also {others})"
    earlier = sorted({s.date for s in studies if s.date < best.date})
    if earlier:
        text += f"; earlier studies: {', '.join(str(d) for d in earlier)}"
    return text


def _exact(value: float) -> str:
    """A percentage as typed: 99.99 stays 99.99, 100.0 shows as 100."""
    return f"{value:.10f}".rstrip("0").rstrip(".")
