"""When a decision is due, from the request's urgency and line of business."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Urgency(StrEnum):
    STANDARD = "standard"
    EXPEDITED = "expedited"


class LineOfBusiness(StrEnum):
    COMMERCIAL = "commercial"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"


LOB_LABELS = {
    LineOfBusiness.COMMERCIAL: "Commercial",
    LineOfBusiness.MEDICARE_ADVANTAGE: "Medicare Advantage",
    LineOfBusiness.MEDICAID: "Medicaid",
}

EXPEDITED_WINDOW = dt.timedelta(hours=72)
STANDARD_WINDOWS = {
    LineOfBusiness.COMMERCIAL: dt.timedelta(days=15),
    LineOfBusiness.MEDICARE_ADVANTAGE: dt.timedelta(days=7),
    LineOfBusiness.MEDICAID: dt.timedelta(days=7),
}


def decision_due(received_at: dt.datetime, urgency: Urgency, lob: LineOfBusiness) -> dt.datetime:
    if received_at.tzinfo is None:
        raise ValueError("received_at must carry a time zone")
    if urgency is Urgency.EXPEDITED:
        return received_at + EXPEDITED_WINDOW
    return received_at + STANDARD_WINDOWS[lob]


def format_time_left(delta: dt.timedelta) -> str:
    """'3d 4h left', '5h 12m left', or 'overdue by 2h 3m'."""
    seconds = int(delta.total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        text = f"{days}d {hours}h"
    elif hours:
        text = f"{hours}h {minutes}m"
    else:
        text = f"{minutes}m"
    return f"overdue by {text}" if overdue else f"{text} left"
