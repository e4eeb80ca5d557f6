"""What a PAS response needs from a decided case, read once: no FHIR here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.store import CaseFile
from reviewer_app.casefile.tables import DeterminationRow, LetterRow
from reviewer_app.intake.model import IntakeError
from reviewer_app.review.answers import Answer

# An approval authorizes the service from the decision until this many days after the
# requested date of service (the workstation's convention; the policy sets no period).
AUTHORIZATION_DAYS = 90


class NotDecided(IntakeError):
    """The case has no determination with a letter yet: nothing to answer with."""


@dataclass(frozen=True)
class Reviewer:
    name: str
    credentials: str
    role: str
    npi: str
    specialty: str


@dataclass(frozen=True)
class DecidedCase:
    case: CaseFile
    determination: DeterminationRow
    letter: LetterRow
    pdf: bytes
    reviewer: Reviewer
    pas: dict[str, Any]
    dtr_origins: dict[str, str]
    answers: dict[str, Answer]

    @property
    def decided_at(self) -> dt.datetime:
        at = self.determination.decided_at
        return at if at.tzinfo else at.replace(tzinfo=dt.UTC)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def read_decided(case: CaseFile) -> DecidedCase:
    det = store.current_determination(case)
    if det is None or det.letter_id is None:
        raise NotDecided("", f"{case.case_id}: no determination yet; decide the case first")
    pdf = store.letter_pdf(case, det.letter_id)  # checked against its recorded SHA-256
    letter = next(row for row in store.letters(case) if row.id == det.letter_id)
    intake = json.loads(case.header.intake_json)
    pas = intake.get("pas_request") if isinstance(intake.get("pas_request"), dict) else {}
    origins = {
        str(a.get("criterion")): str(a.get("origin"))
        for a in intake.get("questionnaire_answers", [])
        if isinstance(a, dict)
    }
    npi, specialty = _signer_details(pdf)
    reviewer = Reviewer(det.decided_by, det.credentials, det.role, npi, specialty)
    return DecidedCase(case, det, letter, pdf, reviewer, pas or {}, origins, case.answers())


def _signer_details(pdf: bytes) -> tuple[str, str]:
    """The signer's NPI and specialty, from the certificate in the letter's signature."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reviewer_app.letters.authority import (
        NPI_PREFIX,
        SPECIALTY_PREFIX,
        subject_units,
        subject_value,
    )

    try:
        signatures = PdfFileReader(BytesIO(pdf)).embedded_signatures
        cert = x509.load_der_x509_certificate(signatures[-1].signer_cert.dump())
    except Exception:  # a letter without a readable certificate names no NPI
        return "", ""
    npi = subject_value(cert, NameOID.SERIAL_NUMBER)
    return (
        npi.removeprefix(NPI_PREFIX) if npi.startswith(NPI_PREFIX) else "",
        subject_units(cert, SPECIALTY_PREFIX),
    )
