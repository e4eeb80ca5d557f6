"""The notice over a case that is stored unencrypted, saying so and why."""

from __future__ import annotations

from reviewer_app.casefile import CaseFile
from reviewer_app.ui.case.outcome_banner import NoticeBanner


def storage_notice(case: CaseFile, *, encrypting: bool) -> NoticeBanner | None:
    """A notice for a plain case file, or None for an encrypted one.

    ``encrypting``: the session encrypts real cases, so a plain real one is unusual.
    """
    if case.encrypted:
        return None
    if case.header.training:
        return None  # the case view's TRAINING notice says it is stored unencrypted
    if encrypting:
        return NoticeBanner(
            "info",
            "This case file is stored unencrypted",
            "It was made before case files were encrypted here, or received unencrypted. "
            "File ▸ Change passphrase… encrypts it along with the workspace.",
        )
    return None
