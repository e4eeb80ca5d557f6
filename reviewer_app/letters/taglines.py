"""One language-assistance tagline as a flowable, in its script's font.

Latin, Cyrillic, Greek and Navajo taglines are set in the letter's text face; Chinese,
Japanese and Korean in the CJK subset and Hindi in Noto Sans Devanagari (shaped), each
with its phone number and TTY in the text face; Arabic, Persian and Urdu right to left in
Noto Naskh Arabic (shaped, :mod:`.rtl`). No tagline is split across columns or pages.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from reviewer_app.letters.fonts import SCRIPT_FONTS, TEXT
from reviewer_app.letters.notices import Tagline
from reviewer_app.letters.rtl import RightToLeftParagraph
from reviewer_app.letters.styles import Styles, esc

_LATIN_RUN = re.compile(r"([0-9A-Za-z](?:[0-9A-Za-z ()./:-]*[0-9A-Za-z)])?)")
# What a line must not break inside: the number and its TTY, "1-800-555-0100（TTY：711）"
# (Latin without a space, with the full-width brackets and colon CJK text puts around it).
_UNBROKEN = re.compile(r"[0-9A-Za-z()./:\uff08\uff09\uff1a-]{2,}")
# Scripts whose font's own Latin glyphs differ from, or are missing beside, the text face.
_LATIN_IN_TEXT_FACE = ("cjk", "devanagari")


def _tagline_markup(text: str, script: str, break_at: int = -1) -> str:
    """A CJK or Hindi tagline's phone number and TTY in the text face of every other
    tagline (the CJK font's Latin glyphs are narrower; Noto Devanagari has none); a line
    break before the Latin run that holds character ``break_at`` of ``text``."""
    if script not in _LATIN_IN_TEXT_FACE:
        return esc(text)
    pieces = _LATIN_RUN.split(text)  # odd indexes: the Latin runs
    marked, start = [], 0
    for index, piece in enumerate(pieces):
        if index % 2:
            new_line = "<br/>" if start <= break_at < start + len(piece) else ""
            marked.append(f'{new_line}<font name="{TEXT}">{esc(piece)}</font>')
        else:
            marked.append(esc(piece))
        start += len(piece)
    return "".join(marked)


class _WholeParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that moves to the next column or page rather than split: a tagline
    read in two pieces, around a page header, is not one a member finds."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


class _CJKParagraph(_WholeParagraph):
    """A CJK tagline, wrapped between any two characters as CJK text is, except inside a
    phone number: reportlab looks back only half a line for a place to break a Latin run,
    so a number late in a line could end one line and start the next ("1-800-555-01",
    "00"). Such a number starts the next line instead."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__(_tagline_markup(text, "cjk"), style)
        self._text = text
        self._break_at = -1  # where a line break was put in, for the last width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._break_at != -1:  # put in for another width: wrapped as first made
            self._set_markup(-1)
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        lines = _line_texts(self.blPara)
        broken = next(
            (m for m in _UNBROKEN.finditer(self._text) if not any(m[0] in ln for ln in lines)),
            None,
        )
        if broken is None:
            return size
        self._set_markup(broken.start())
        return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]

    def _set_markup(self, break_at: int) -> None:
        self._break_at = break_at
        Paragraph.__init__(self, _tagline_markup(self._text, "cjk", break_at), self.style)


def _line_texts(para: Any) -> list[str]:
    """The text of each wrapped line (reportlab keeps a one-font paragraph's lines as
    (space, words) pairs, a mixed one's as lines of fragments)."""
    if para.kind == 0:
        return ["".join(words) for _space, words in para.lines]
    return ["".join(str(f.text) for f in line.words) for line in para.lines]


def tagline_cell(tagline: Tagline, styles: Styles) -> Flowable:
    style = styles.notice
    if tagline.script == "arabic":
        return RightToLeftParagraph(
            tagline.text, SCRIPT_FONTS["arabic"], TEXT, style.fontSize, style.leading
        )
    cjk = tagline.script == "cjk"
    face = style.clone(
        f"tagline_{tagline.script}",
        fontName=SCRIPT_FONTS[tagline.script],
        **({"wordWrap": "CJK"} if cjk else {}),
    )
    if cjk:
        return _CJKParagraph(tagline.text, face)
    return _WholeParagraph(_tagline_markup(tagline.text, tagline.script), face)
