"""The statuses a case moves through, and how the app names them."""

from __future__ import annotations

STATUSES = ("draft", "in_review", "referred_to_md", "decided", "closed")
STATUS_LABELS = {
    "draft": "Draft",
    "in_review": "In review",
    "referred_to_md": "Referred to medical director",
    "decided": "Decided",
    "closed": "Closed",
}
