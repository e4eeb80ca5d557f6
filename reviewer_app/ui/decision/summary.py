"""Plain sentences about stored determinations and letters, for the Decision tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.convert import from_db_time
from reviewer_app.casefile.status import STATUS_LABELS
from reviewer_app.casefile.tables import DeterminationRow, LetterRow
from reviewer_app.letters.i18n import language_name
from reviewer_app.ui.app_settings import ROLE_LABELS
from reviewer_app.ui.decision.letters_model import KIND_LABELS, signer_parts

DECIDED = {
    "approve": "Approved",
    "deny": "Denied (adverse determination)",
    "pend": "Information requested (pend)",
}


def _when(value: dt.datetime) -> str:
    return from_db_time(value).astimezone().strftime("%Y-%m-%d %H:%M %Z")


def _role(value: str) -> str:
    return ROLE_LABELS.get(value, value)


def determination_text(current: DeterminationRow | None, reopened: DeterminationRow | None) -> str:
    """What was decided, by whom (credentials, role) and when; and any reopening."""
    parts: list[str] = []
    if current is not None:
        who = current.decided_by
        if current.credentials:
            who += f", {current.credentials}"
        final = "final; the case is locked" if current.locked else "not a final determination"
        parts += [
            f"{DECIDED.get(current.decision, current.decision)} — {final}.",
            f"Decided by {who} · {_role(current.role)}",
            f"On {_when(current.decided_at)} · letter version {current.version}",
        ]
        if current.rationale:
            parts.append(f"Clinical rationale: {current.rationale}")
    if reopened is not None:
        parts += [
            f"Reopened: {reopened.reopen_reason}",
            f"The next signed letter supersedes version {reopened.version}.",
        ]
    return "\n".join(parts)


def letter_caption(row: LetterRow) -> str:
    kind = KIND_LABELS.get(row.kind, row.kind)
    who, role = signer_parts(row)
    by = f"{who} ({role})" if role else who
    return f"Signed letter — version {row.version}, {kind}; signed by {by}"


def state_text(case: CaseFile, locked: bool) -> str:
    """One line on where the case stands: read-only (and why), decided, or its status."""
    if case.readonly:
        why = case.locked_by.removeprefix(f"{case.path}: ") or "it was opened for reading"
        return f"Read-only: nothing can be decided here ({why})."
    if locked:
        return "Decided: the determination is final and the case is locked."
    return f"Case status: {STATUS_LABELS.get(case.status, case.status)}."


def rationale_hint(needs: bool, given: bool, refusal: str) -> tuple[str, bool]:
    """The line under the rationale, and whether it still asks for something: once a
    needed rationale is written well enough (no ``refusal`` about it), it no longer says
    "Required"."""
    if needs and given and "rationale" not in refusal.lower():
        return "Rationale written: it is printed in the letter.", False
    if needs:
        return "Required: this decision needs a written clinical rationale for this member.", True
    return "Optional for this decision; when given, it is printed in the letter.", False


def draft_caption(data: Any) -> str:
    """The preview's caption for an unsigned draft (LetterData: its title and version)."""
    what = f"{data.title}, version {data.version}"
    if data.english_version_of:
        what += (
            f", English version (signed with the {language_name(data.english_version_of)} letter)"
        )
    elif data.language != "en":
        what += f", in {language_name(data.language)} (its English version follows when signed)"
    return f"Unsigned draft — {what} (preview, not stored)"


def in_words(text: str, case: CaseFile) -> str:
    """A domain message with the case's criterion ids ("dli.relapsed") as their labels."""
    for node in sorted(case.criteria.root.leaves(), key=lambda n: -len(n.id)):
        text = text.replace(node.id, node.label)  # longest first: no id is part of another
    return text
