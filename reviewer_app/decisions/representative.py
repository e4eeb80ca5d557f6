"""The authorized representative's copy of a letter: the same decision, addressed to the
representative and saying it is a copy. It is signed and stored beside the member's letter
(same version; ``casefile.determinations.representative_copies`` tells them apart)."""

from __future__ import annotations

from dataclasses import replace

from reviewer_app.letters.content import LetterData


def representative_copy(data: LetterData, english: LetterData | None) -> bytes | None:
    """The copy's PDF (with its English version, as the member's letter), or None when
    the intake names no representative."""
    if data.representative is None:
        return None
    from reviewer_app.letters.render import render_letter

    return render_letter(
        replace(data, copy_for_representative=True),
        replace(english, copy_for_representative=True) if english is not None else None,
    )
