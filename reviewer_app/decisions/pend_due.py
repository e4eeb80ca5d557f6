"""When a decision is due once a request for information (a pend) is sent.

- Commercial (ERISA and ACA plans): the decision clock is paused while the member and
  provider have their time to respond (at least 45 days; 48 hours when urgent), and the
  decision follows within the extension after it (15 days; 48 hours): the due time moves
  to the pend plus both, the date the letter promises.
- Medicare Advantage and Medicaid: one extension of up to 14 calendar days past the due
  time of the request as received; pending again does not extend it further.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reviewer_app.letters.clocks import pend_clock
from reviewer_app.letters.lob import EXTENSION_DAYS
from reviewer_app.review.deadlines import LineOfBusiness, Urgency, decision_due

if TYPE_CHECKING:
    from reviewer_app.casefile import CaseFile


def received_due(case: CaseFile) -> dt.datetime:
    """The due time the request had when it came in (before any pend moved it)."""
    h = case.header
    return decision_due(case.received_at, Urgency(h.urgency), LineOfBusiness(h.line_of_business))


def extension_end(case: CaseFile) -> dt.datetime:
    """Medicare Advantage and Medicaid: the end of the one 14-day extension."""
    return received_due(case) + dt.timedelta(days=EXTENSION_DAYS)


def due_after_pend(case: CaseFile, pended_at: dt.datetime) -> dt.datetime:
    """The case's due time once a pend is sent at ``pended_at`` (never earlier than now)."""
    h = case.header
    if h.line_of_business == LineOfBusiness.COMMERCIAL:
        clock = pend_clock(h.line_of_business, h.urgency)
        moved = pended_at + clock.respond + clock.decide
    else:
        moved = extension_end(case)
    return max(case.due_at, moved)
