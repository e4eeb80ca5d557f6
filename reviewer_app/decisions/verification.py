"""Check a stored letter: bytes against the case's hash, the signature against this
machine's trust, and the letter against the case's audit trail.

The case file is data to check, never a source of trust: certificates stored in it
(``signer_cert``) are not used, and a case file can only make a letter fail.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.errors import LetterIntegrityError
from reviewer_app.casefile.records import AuditRecord
from reviewer_app.casefile.tables import LetterRow
from reviewer_app.decisions.rules import Decision, Role, permission
from reviewer_app.review.engine import Outcome

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.verify import VerificationResult

# How far the signing time may run ahead of the audit entry that stored the letter
# (the letter is signed, then stored; clocks of one machine, so seconds).
STORE_SKEW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class LetterCheck:
    ok: bool
    reason: str
    letter: LetterRow | None = None
    signer_name: str | None = None
    result: VerificationResult | None = None


def verify_case_letter(
    case: CaseFile,
    anchors: TrustAnchors,
    letter_id: int | None = None,
    *,
    training: bool = False,
) -> LetterCheck:
    """``training``: training and self-signed letters pass (the classroom's view)."""
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
    result = verify_letter(pdf, anchors, training=training)
    if not result.ok:
        return LetterCheck(False, result.reason, row, result.signer_name, result)
    problem = _case_problem(case, row, result)
    if problem:
        return LetterCheck(False, problem, row, result.signer_name, result)
    return LetterCheck(True, _summary(result), row, result.signer_name, result)


def _summary(result: VerificationResult) -> str:
    from reviewer_app.letters.verify import Verdict

    when = f"{result.signed_at:%Y-%m-%d %H:%M} UTC" if result.signed_at else "an unknown time"
    who = result.signer_name or "an unnamed signer"
    if result.verdict is Verdict.VALID:
        creds = f", {result.credentials}" if result.credentials else ""
        return (
            f"Valid: signed by {who}{creds} ({result.role_label}, {result.organization}) at "
            f"{when}; bytes match the case file's SHA-256."
        )
    return f"Training letter, not a determination: signed by {who} at {when} ({result.reason})."


def _case_problem(case: CaseFile, row: LetterRow, result: VerificationResult) -> str:
    if result.audit_head_hash != row.audit_head:
        return "The letter's audit chain head differs from the case's record."
    if not case.chain.ok:
        return f"The audit trail is broken: {case.chain.problem}."
    entries = case.audit_entries()
    head = next((e for e in entries if e.hash == row.audit_head), None)
    if head is None:
        return "The audit trail was rewritten after signing: it no longer matches this letter."
    signed_at = result.signed_at
    if signed_at is None:
        return "The signature carries no signing time."
    head_at = _entry_time(head.at)
    if head_at is not None and signed_at < head_at:
        return (
            f"Backdated: signed at {signed_at:%Y-%m-%d %H:%M} UTC, before the case's audit "
            f"entry the letter is based on ({head_at:%Y-%m-%d %H:%M} UTC)."
        )
    stored = next((e for e in entries if row.sha256 in _letter_hashes(e.detail)), None)
    if stored is None:
        return "No audit entry records this letter."
    stored_at = _entry_time(stored.at)
    if stored_at is not None and signed_at > stored_at + STORE_SKEW:
        return "Signed after the case recorded the decision: the signing time is wrong."
    return _entry_signer_problem(case, stored, result) or _role_problem(case, row, result)


def _entry_signer_problem(case: CaseFile, entry: AuditRecord, result: VerificationResult) -> str:
    """The audit entry that recorded the decision must be signed by the letter's own
    certificate: a letter whose decision someone else recorded (or nobody signed) is
    not this case's decision. Unsigned entries pass on training cases only."""
    from reviewer_app.casefile.entry_signing import signature_valid
    from reviewer_app.letters.identity import certificate_label

    signatures, certificates = case.entry_signatures()
    where = f"the audit entry recording the decision (entry {entry.seq})"
    found = signatures.get(entry.seq)
    if found is None:
        if case.header.training:
            return ""
        return f"{where.capitalize()} is not signed: the case does not show who decided."
    der = certificates.get(found[0])
    if der is None or not signature_valid(der, entry.hash, found[1]):
        return f"{where.capitalize()} has a signature that does not match it."
    if der != result.signer_cert_der:
        return (
            f"{where.capitalize()} is signed by {certificate_label(der)}, not by the "
            f"letter's signer ({result.signer_name or 'unnamed'})."
        )
    return ""


def _role_problem(case: CaseFile, row: LetterRow, result: VerificationResult) -> str:
    """The certificate's role must permit the decision recorded with this letter."""
    if result.role not in {r.value for r in Role}:
        return ""  # training and self-signed letters: nothing more to say about roles
    # the member's letter, or the representative's copy of the same version
    dets = store.determinations(case)
    det = next((d for d in dets if d.letter_id == row.id), None) or next(
        (d for d in dets if d.version == row.version), None
    )
    if det is None:
        return "The case records no decision for this letter."
    try:
        decision, outcome = Decision(det.decision), Outcome(det.outcome)
    except ValueError:
        return "The case records a decision this app does not know."
    allowed = permission(Role(result.role), decision, outcome, training=case.header.training)
    if not allowed.allowed:
        return f"The signer's certificate ({result.role_label}) does not permit this: " + (
            allowed.reason
        )
    return ""


def _entry_time(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _letter_hashes(detail: str) -> list[str]:
    """The letters an audit entry records: the member's and the representative's copy."""
    try:
        data = json.loads(detail)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    found = (data.get("letter_sha256"), data.get("copy_sha256"))
    return [value for value in found if isinstance(value, str)]


def match_case_letter(case: CaseFile, pdf: bytes) -> LetterRow | None:
    digest = store.sha256(pdf)
    return next((r for r in store.letters(case) if r.sha256 == digest), None)
