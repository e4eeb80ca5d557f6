"""The tables of a case: one set of definitions for a case file and a department database.

Every row carries its case's key (``case_id``), so one database can hold many cases (a
department server) and a case file holds one. Every statement the app runs on a case is
built from these definitions (``casefile/db.py``); nothing else restates their columns
(migrations aside, which are frozen history).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


class CaseHeader(SQLModel, table=True):
    __tablename__ = "case_header"

    case_id: str = Field(primary_key=True)
    training: bool = False
    received_at: dt.datetime
    due_at: dt.datetime
    urgency: str
    line_of_business: str
    member_id: str
    member_name: str
    member_dob: dt.date
    member_sex: str
    member_language: str
    member_address_json: str
    provider_name: str
    provider_npi: str
    provider_organization: str
    provider_phone: str
    provider_fax: str
    cpt: str
    service: str
    criteria_set: str
    date_of_service: dt.date
    units: int
    clinical_json: str
    intake_json: str
    policy_id: str
    policy_version: str
    policy_hash: str
    status: str = "draft"
    created_at: dt.datetime
    updated_at: dt.datetime
    audit_head: str
    audit_count: int = 0


class DiagnosisRow(SQLModel, table=True):
    __tablename__ = "diagnosis"

    case_id: str = Field(primary_key=True)
    id: int = Field(primary_key=True)  # numbered within the case
    position: int
    icd10: str
    description: str


class AnswerRow(SQLModel, table=True):
    __tablename__ = "answer"

    case_id: str = Field(primary_key=True)
    criterion_id: str = Field(primary_key=True)
    reply: str = "unknown"
    number: float | None = None
    note: str = ""
    evidence_document: str = ""
    evidence_date: dt.date | None = None
    evidence_value: str = ""
    source: str = "reviewer"
    confirmed: bool = True
    answered_by: str
    answered_at: dt.datetime


class DeterminationRow(SQLModel, table=True):
    __tablename__ = "determination"

    case_id: str = Field(primary_key=True)
    id: int = Field(primary_key=True)  # numbered within the case
    version: int
    decision: str
    outcome: str
    rationale: str
    decided_by: str
    credentials: str
    role: str
    decided_at: dt.datetime
    letter_id: int | None = None
    locked: bool = True
    superseded_by: int | None = None  # the determination that replaced this one
    reopened: bool = False  # reopened by a medical director: the next letter supersedes it
    reopen_reason: str = ""


class LetterRow(SQLModel, table=True):
    __tablename__ = "letter"

    case_id: str = Field(primary_key=True)
    id: int = Field(primary_key=True)  # numbered within the case
    version: int
    kind: str
    pdf: bytes
    sha256: str = Field(index=True)
    created_at: dt.datetime
    signer: str
    audit_head: str
    supersedes_id: int | None = None


class SignerCertRow(SQLModel, table=True):
    __tablename__ = "signer_cert"

    case_id: str = Field(primary_key=True)
    fingerprint: str = Field(primary_key=True)
    subject: str
    der: bytes
    added_at: dt.datetime


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit"

    case_id: str = Field(primary_key=True)
    seq: int = Field(primary_key=True)
    at: str
    actor: str
    action: str
    detail: str
    prev_hash: str
    hash: str


class AuditSignatureRow(SQLModel, table=True):
    """The signature of an audit entry by the person who acted (schema 3): ECDSA over the
    entry's hash, by the key of the certificate in ``signer_cert`` with this fingerprint."""

    __tablename__ = "audit_signature"

    case_id: str = Field(primary_key=True)
    seq: int = Field(primary_key=True)
    signer: str
    signature: bytes
