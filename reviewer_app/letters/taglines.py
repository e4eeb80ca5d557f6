"""One language-assistance tagline as a flowable, in its script's font.

Latin, Cyrillic, Greek and Navajo taglines are set in the letter's text face; Chinese,
Japanese and Korean in the CJK subset and Hindi in Noto Sans Devanagari (shaped), each
with its phone number and TTY in the text face; Arabic, Persian and Urdu right to left in
Noto Naskh Arabic (shaped, :mod:`.rtl`). No tagline is split across columns or pages.
"""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph

from reviewer_app.letters.fonts import SCRIPT_FONTS, TEXT
from reviewer_app.letters.notices import Tagline
from reviewer_app.letters.rtl import RightToLeftParagraph
from reviewer_app.letters.styles import Styles, esc

_LATIN_RUN = re.compile(r"([0-9A-Za-z](?:[0-9A-Za-z ()./:-]*[0-9A-Za-z)])?)")
# Scripts whose font's own Latin glyphs differ from, or are missing beside, the text face.
_LATIN_IN_TEXT_FACE = ("cjk", "devanagari")


def _tagline_markup(text: str, script: str) -> str:
    """A CJK or Hindi tagline's phone number and TTY in the text face of every other
    tagline (the CJK font's Latin glyphs are narrower; Noto Devanagari has none)."""
    if script not in _LATIN_IN_TEXT_FACE:
        return esc(text)
    pieces = _LATIN_RUN.split(text)  # odd indexes: the Latin runs
    return "".join(
        f'<font name="{TEXT}">{esc(piece)}</font>' if index % 2 else esc(piece)
        for index, piece in enumerate(pieces)
    )


class _WholeParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that moves to the next column or page rather than split: a tagline
    read in two pieces, around a page header, is not one a member finds."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


def tagline_cell(tagline: Tagline, styles: Styles) -> Flowable:
    style = styles.notice
    if tagline.script == "arabic":
        return RightToLeftParagraph(
            tagline.text, SCRIPT_FONTS["arabic"], TEXT, style.fontSize, style.leading
        )
    return _WholeParagraph(
        _tagline_markup(tagline.text, tagline.script),
        style.clone(
            f"tagline_{tagline.script}",
            fontName=SCRIPT_FONTS[tagline.script],
            wordWrap="CJK" if tagline.script == "cjk" else None,
        ),
    )
