"""How hard the member-facing reasons are to read: a warning in the letter check, not a
block. Each reason, the clinical rationale and each item asked for is scored with the
Flesch-Kincaid grade level (textstat); above grade 8 the check names it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer_app.letters.content import LetterData

MAX_GRADE = 8.0
MIN_WORDS = 8  # a grade of a few words says little: "Chimerism study" is not a sentence


def reading_grade(text: str) -> float:
    import textstat  # loads the pronunciation dictionary: only when a letter is checked

    return float(textstat.flesch_kincaid_grade(text))


def reading_warnings(data: LetterData) -> list[str]:
    """One line for each member-facing text above reading grade 8, in reading order."""
    texts: list[tuple[str, str]] = []
    for number, criterion in enumerate(data.failed_criteria, start=1):
        texts.append((f"the reason for failed criterion {number}", criterion.plain_reason))
        texts += [(f"failed criterion {number}'s alternatives", b) for b in criterion.branches]
    texts.append(("the clinical rationale", data.rationale))
    for number, item in enumerate(data.missing_items, start=1):
        texts.append((f"why missing item {number} is needed", item.why))
    warnings = []
    for where, text in texts:
        if len(text.split()) < MIN_WORDS:
            continue
        grade = reading_grade(text)
        if grade > MAX_GRADE:
            warnings.append(
                f"{where} reads at grade {grade:.1f} (above {MAX_GRADE:.0f}); "
                "plainer words would help the member"
            )
    return warnings
