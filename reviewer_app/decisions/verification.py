"""Check a stored letter: bytes against the case's hash, signature, and audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.errors import LetterIntegrityError
from reviewer_app.casefile.tables import LetterRow


@dataclass(frozen=True)
class LetterCheck:
    ok: bool
    reason: str
    letter: LetterRow | None = None
    signer_name: str | None = None


def verify_case_letter(
    case: CaseFile, local_trust: list[bytes], letter_id: int | None = None
) -> LetterCheck:
    from reviewer_app.letters.verify import verify_letter

    rows = store.letters(case)
    row = (
        rows[0]
        if letter_id is None and rows
        else next((r for r in rows if r.id == letter_id), None)
    )
    if row is None or row.id is None:
        return LetterCheck(False, f"{case.case_id} has no letter to verify.")
    try:
        pdf = store.letter_pdf(case, row.id)
    except LetterIntegrityError as exc:
        return LetterCheck(False, str(exc), row)
    result = verify_letter(pdf, store.trusted_certs(case) + local_trust)
    if not result.ok:
        return LetterCheck(False, result.reason, row, result.signer_name)
    if result.audit_head_hash != row.audit_head:
        return LetterCheck(
            False, "The letter's audit chain head differs from the case's record.", row
        )
    if not case.chain.ok:
        return LetterCheck(False, f"The audit trail is broken: {case.chain.problem}.", row)
    hashes = {e.hash for e in case.audit_entries()}
    if row.audit_head not in hashes:
        return LetterCheck(
            False,
            "The audit trail was rewritten after signing: it no longer matches this letter.",
            row,
        )
    return LetterCheck(
        True,
        f"Valid: signed by {result.signer_name}; bytes match the case file's SHA-256.",
        row,
        result.signer_name,
    )


def match_case_letter(case: CaseFile, pdf: bytes) -> LetterRow | None:
    digest = store.sha256(pdf)
    return next((r for r in store.letters(case) if r.sha256 == digest), None)
