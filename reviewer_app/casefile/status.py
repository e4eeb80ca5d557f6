"""The statuses a case moves through, the moves allowed between them, and their names.

One place for all of it: the store refuses any other move, the replay of the audit trail
and the answer hot path use the same rule for a first answer, and the front ends read
the labels and groups from here.
"""

from __future__ import annotations

from enum import StrEnum

from reviewer_app.casefile.errors import CaseStateError


class CaseStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    REFERRED = "referred_to_md"
    DECIDED = "decided"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def pending(self) -> bool:
        """Still waiting for a determination (counted against its due time)."""
        return self in (CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.REFERRED)


_LABELS = {
    CaseStatus.DRAFT: "Draft",
    CaseStatus.IN_REVIEW: "In review",
    CaseStatus.REFERRED: "Referred to medical director",
    CaseStatus.DECIDED: "Decided",
    CaseStatus.CLOSED: "Closed",
}

# Where a case may go from each status. DECIDED -> IN_REVIEW is a medical director's
# reopening; nothing leaves CLOSED.
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.DRAFT: frozenset(
        {CaseStatus.IN_REVIEW, CaseStatus.REFERRED, CaseStatus.DECIDED, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_REVIEW: frozenset({CaseStatus.REFERRED, CaseStatus.DECIDED, CaseStatus.CLOSED}),
    CaseStatus.REFERRED: frozenset({CaseStatus.IN_REVIEW, CaseStatus.DECIDED, CaseStatus.CLOSED}),
    CaseStatus.DECIDED: frozenset({CaseStatus.IN_REVIEW, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}

STATUSES = tuple(s.value for s in CaseStatus)
STATUS_LABELS = {s.value: s.label for s in CaseStatus}


def check_transition(current: str, new: str) -> CaseStatus:
    """``new`` as a status, if a case may move there from ``current``; else CaseStateError."""
    try:
        target = CaseStatus(new)
    except ValueError:
        raise CaseStateError(f"unknown status {new!r} (expected {' | '.join(STATUSES)})") from None
    source = CaseStatus(current)
    if target is not source and target not in TRANSITIONS[source]:
        raise CaseStateError(f"a case cannot go from {source.label} to {target.label}")
    return target


def after_work(current: str) -> CaseStatus:
    """The status after an answer or a confirmation: a draft becomes in review."""
    return _AFTER_WORK.get(current) or CaseStatus(current)


_AFTER_WORK: dict[str, CaseStatus] = {s.value: s for s in CaseStatus}
_AFTER_WORK[CaseStatus.DRAFT.value] = CaseStatus.IN_REVIEW


_SETTLED = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})


def open_for_review(current: str) -> bool:
    return current not in _SETTLED  # a StrEnum member equals its value
