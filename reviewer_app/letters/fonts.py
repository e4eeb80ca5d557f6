"""The fonts embedded in letters, registered with reportlab once, on first use.

DejaVu Sans covers Latin (with Vietnamese), Cyrillic and Greek; the WenQuanYi Micro
Hei subset covers the Chinese, Japanese and Korean taglines (see
``resources/fonts/make_cjk_subset.py``); subsets of Noto Naskh Arabic and Noto Sans
Devanagari (SIL OFL 1.1, ``resources/fonts/make_noto_subsets.py``) the Arabic, Persian,
Urdu and Hindi ones, which reportlab shapes with HarfBuzz (uharfbuzz). reportlab is
imported inside the functions so that importing this module stays cheap.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from reviewer_app.resources import resource

log = logging.getLogger(__name__)

BODY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "WQYMicroHei-TaglineSubset"
# The letter's text: DejaVu Sans Condensed covers the same scripts as DejaVu Sans in about
# 88% of its width, so 12 pt text still fits a denial on three pages.
TEXT = "DejaVuSansCondensed"
TEXT_BOLD = "DejaVuSansCondensed-Bold"
# Arabic, Persian and Urdu; Hindi: subsets of Noto (make_noto_subsets.py), shaped by
# HarfBuzz (uharfbuzz) when reportlab draws them.
ARABIC = "NotoNaskhArabic-TaglineSubset"
DEVANAGARI = "NotoSansDevanagari-TaglineSubset"

FONT_FILES: dict[str, str] = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "WQYMicroHei-TaglineSubset.ttf",
    TEXT: "DejaVuSansCondensed.ttf",
    TEXT_BOLD: "DejaVuSansCondensed-Bold.ttf",
    ARABIC: "NotoNaskhArabic-TaglineSubset.ttf",
    DEVANAGARI: "NotoSansDevanagari-TaglineSubset.ttf",
}

SCRIPT_FONTS: dict[str, str] = {
    "latin": TEXT,
    "cjk": CJK,
    "arabic": ARABIC,
    "devanagari": DEVANAGARI,
}


def font_path(name: str) -> Path:
    return resource("fonts", FONT_FILES[name])


@cache
def register_fonts() -> None:
    """Register the letter fonts (and the DejaVu bold family mapping) with reportlab."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FONT_FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    # <b> inside a DejaVu paragraph switches to DejaVu Bold.
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, BODY)
    addMapping(BODY, 1, 1, BOLD)
    addMapping(TEXT, 0, 0, TEXT)
    addMapping(TEXT, 1, 0, TEXT_BOLD)
    addMapping(TEXT, 0, 1, TEXT)
    addMapping(TEXT, 1, 1, TEXT_BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)
    log.debug("registered letter fonts: %s", ", ".join(FONT_FILES))


def missing_characters(name: str, text: str) -> set[str]:
    """Characters of ``text`` the font has no glyph for (whitespace ignored)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    face = TTFontFace(str(font_path(name)))
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in face.charToGlyph}
