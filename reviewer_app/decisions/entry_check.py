"""The check of signed audit entries a case runs as it opens, kept light: nothing heavy
(cryptography, the trust bundle) loads unless the trail holds a signed entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer_app.casefile.entry_signing import EntryCheck
    from reviewer_app.casefile.records import AuditRecord
    from reviewer_app.decisions.trust import TrustAnchors


def checked_with(load_anchors: Callable[[], TrustAnchors]) -> EntryCheck:
    """An ``EntryCheck`` that checks signatures against the anchors ``load_anchors`` gives
    (this machine's trust bundle), loaded only when there is a signature to check."""

    def check(
        entries: Sequence[AuditRecord],
        signatures: dict[int, tuple[str, bytes]],
        certificates: dict[str, bytes],
        training: bool,
    ) -> str:
        if not signatures:
            return ""
        from reviewer_app.decisions.entry_trust import check_entries
        from reviewer_app.decisions.trust import TrustBundleError

        try:
            anchors = load_anchors()
        except TrustBundleError as exc:
            return f"its signed entries cannot be checked: {str(exc).rstrip('.')}"
        return check_entries(entries, signatures, certificates, anchors, training=training).problem

    return check
