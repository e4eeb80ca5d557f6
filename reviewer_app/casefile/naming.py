"""The file name a new case gets in a folder (the app's New case from intake and the
command line's ``case import -d DIR``)."""

from __future__ import annotations

import re

from reviewer_app.casefile.format import SUFFIX


def case_file_name(case_id: str) -> str:
    """A safe file name for a case id (letters, digits, dot, dash and underscore)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", case_id).strip("._") or "case"
    return f"{safe}{SUFFIX}"
