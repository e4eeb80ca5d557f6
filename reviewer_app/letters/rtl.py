"""Right-to-left taglines (Arabic, Persian, Urdu), shaped by HarfBuzz and set in visual order.

reportlab shapes each word with uharfbuzz (joining forms, ligatures, marks; an Arabic word
comes back in drawing order), but lays words out left to right unless the rlbidi package
is installed, which PyPI does not carry. A tagline needs only the word level of the
Unicode bidirectional algorithm: words in Arabic script run right to left, a run of
left-to-right words (a phone number, "TTY: 711") keeps its own order, and a word with
neither takes the direction of the words around it. Words of the Arabic script are set in
the Arabic font, the others in the letter's text font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus import Flowable

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LEFT_TO_RIGHT = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class _Word:
    text: str
    rtl: bool  # resolved direction
    font: str
    width: float


def _strong(word: str) -> str:
    if _ARABIC.search(word):
        return "R"
    return "L" if _LEFT_TO_RIGHT.search(word) else "N"


def _is_rtl(words: list[str], index: int) -> bool:
    kind = _strong(words[index])
    if kind != "N":
        return kind == "R"
    before = next((_strong(w) for w in reversed(words[:index]) if _strong(w) != "N"), "R")
    after = next((_strong(w) for w in words[index + 1 :] if _strong(w) != "N"), "R")
    return not (before == "L" and after == "L")  # a neutral between two L runs joins them


def _visual(words: list[_Word]) -> list[_Word]:
    runs: list[list[_Word]] = []
    for word in words:
        if not word.rtl and runs and not runs[-1][0].rtl:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [word for run in reversed(runs) for word in run]


class RightToLeftParagraph(Flowable):  # type: ignore[misc]
    """A right-aligned, right-to-left paragraph that moves whole to the next column or
    page rather than split (as the other taglines do)."""

    def __init__(self, text: str, font: str, latin_font: str, size: float, leading: float):
        super().__init__()
        self._size, self._leading = size, leading
        tokens = text.split()
        self._words = [
            self._measure(token, _is_rtl(tokens, i), font, latin_font)
            for i, token in enumerate(tokens)
        ]
        self._lines: list[list[_Word]] = []
        self._space = pdfmetrics.stringWidth(" ", latin_font, size)
        self._gutter = 0.0

    def _measure(self, token: str, rtl: bool, font: str, latin_font: str) -> _Word:
        if _ARABIC.search(token):
            shaped = shapeStr(token, font, self._size)
            data = getattr(shaped, "__shapeData__", None)
            if data:
                width = sum(d.x_advance for d in data) * self._size / 1000
            else:
                width = pdfmetrics.stringWidth(token, font, self._size)
            return _Word(token, rtl, font, width)
        return _Word(token, rtl, latin_font, pdfmetrics.stringWidth(token, latin_font, self._size))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Set flush right, the text would touch the next column's: keep half an em clear.
        self._gutter = self._size / 2
        avail = avail_width - self._gutter
        self._lines = []
        line: list[_Word] = []
        used = 0.0
        for word in self._words:
            extra = word.width + (self._space if line else 0)
            if line and used + extra > avail:
                self._lines.append(line)
                line, used = [word], word.width
            else:
                line.append(word)
                used += extra
        if line:
            self._lines.append(line)
        self.width = avail_width
        self.height = len(self._lines) * self._leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        for number, line in enumerate(self._lines):
            y = self.height - (number + 1) * self._leading + 0.25 * self._leading
            total = sum(w.width for w in line) + self._space * (len(line) - 1)
            x = self.width - self._gutter - total
            for word in _visual(line):
                canv.setFont(word.font, self._size)
                text = shapeStr(word.text, word.font, self._size) if word.rtl else word.text
                canv.drawString(x, y, text)
                x += word.width + self._space
