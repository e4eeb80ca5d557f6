"""The status filter's choices; the table model does the filtering itself."""

from __future__ import annotations

from reviewer_app.casefile.status import STATUS_LABELS
from reviewer_app.ui.workspace.case_table_model import ALL_STATUSES

STATUS_CHOICES: list[tuple[str, str]] = [
    ("All", ALL_STATUSES),
    *((label, key) for key, label in STATUS_LABELS.items()),
]
