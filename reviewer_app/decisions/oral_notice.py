"""The oral notice of an expedited denial, recorded in the case's audit trail.

Medicare Advantage: when an expedited denial is first told by telephone, the written
notice must follow within 3 calendar days. Who called, whom they told and when is an
audit entry; the denial letter reads the latest one and says so, and its letter check
refuses a letter dated more than 3 days after the call (:mod:`reviewer_app.letters.lob`).
"""

from __future__ import annotations

import datetime as dt
import json

from reviewer_app.casefile import CaseFile
from reviewer_app.letters.elements import OralNotice

ACTION = "oral notice"
MAX_TEXT = 200


class OralNoticeError(ValueError):
    """The oral notice cannot be recorded; one plain sentence naming the problem."""


def record_oral_notice(
    case: CaseFile, notice: OralNotice, actor: str, now: dt.datetime
) -> OralNotice:
    for label, text in (("who told", notice.by), ("whom", notice.to)):
        if not text.strip() or len(text) > MAX_TEXT or not text.isprintable():
            raise OralNoticeError(f"{label}: one line of at most {MAX_TEXT} characters")
    at = notice.at
    if at.tzinfo is None:
        raise OralNoticeError("the time of the call needs a time zone (e.g. 2026-11-21T15:30Z)")
    if at > now:
        raise OralNoticeError("the time of the call is in the future")
    if at < case.received_at:
        raise OralNoticeError("the call is before the request was received")
    detail = {"by": notice.by.strip(), "to": notice.to.strip(), "at": at.isoformat()}
    with case.change(actor, ACTION, detail):
        pass
    return OralNotice(detail["by"], at, detail["to"])


def recorded_oral_notice(case: CaseFile) -> OralNotice | None:
    """The latest oral notice in the case's audit trail, if any."""
    for entry in reversed(case.audit_entries()):
        if entry.action != ACTION:
            continue
        try:
            detail = json.loads(entry.detail)
            return OralNotice(
                str(detail["by"]), dt.datetime.fromisoformat(detail["at"]), str(detail["to"])
            )
        except (ValueError, KeyError, TypeError):
            return None
    return None
