"""The shipped fonts cover every tagline, and a letter prints the taglines its rules give."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from io import BytesIO
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from reviewer_app.letters.content import LetterKind, demo_organization
from reviewer_app.letters.fonts import CJK, FONT_FILES, SCRIPT_FONTS, font_path, missing_characters
from reviewer_app.letters.notices import notices_for, tagline_templates
from reviewer_app.resources import resource

REQUIRED_LANGUAGES = {"Spanish", "Chinese (Traditional)", "Vietnamese", "Tagalog", "Korean"}
WQY_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def squash(text: str) -> str:
    """NFC text without any whitespace (CJK lines wrap mid-sentence)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def test_required_languages_are_shipped() -> None:
    shipped = {t.language for t in tagline_templates()}
    assert shipped >= REQUIRED_LANGUAGES
    assert "Russian" in shipped


@pytest.mark.parametrize(
    "tagline", notices_for(demo_organization()).taglines, ids=lambda t: t.language
)
def test_tagline_font_has_every_character(tagline: object) -> None:
    script, text = tagline.script, tagline.text  # type: ignore[attr-defined]
    if script in ("arabic", "devanagari"):  # their phone number and TTY: the text face
        latin = "".join(re.findall(r"[0-9A-Za-z ()./:—-]+", text))
        assert missing_characters(SCRIPT_FONTS["latin"], latin) == set()
        text = re.sub(r"[0-9A-Za-z()./:—-]", "", text)
    assert missing_characters(SCRIPT_FONTS[script], text) == set()


def test_cjk_subset_covers_phone_digits_and_ascii() -> None:
    assert missing_characters(CJK, "".join(chr(c) for c in range(0x21, 0x7F))) == set()


def test_cjk_subset_is_small() -> None:
    assert font_path(CJK).stat().st_size < 200_000


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_tagline_is_in_the_letter_text(
    rendered: dict[LetterKind, bytes], kind: LetterKind
) -> None:
    reader = PdfReader(BytesIO(rendered[kind]))
    text = squash(" ".join(page.extract_text() or "" for page in reader.pages))
    # The fixture letters are commercial, to a member with no state: the county-threshold
    # languages and the national Section 1557 list (tests/letters/test_letter_taglines.py
    # covers the other rules and the right-to-left scripts).
    for tagline in notices_for(demo_organization(), "commercial", "").taglines:
        if tagline.script != "arabic":
            assert squash(tagline.text) in text, f"{tagline.language} tagline missing"


def test_font_licenses_are_shipped() -> None:
    assert "Bitstream" in resource("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    wqy = resource("fonts", "LICENSE-WenQuanYi-MicroHei.txt").read_text(encoding="utf-8")
    assert "Apache License" in wqy and "subset" in wqy
    noto = resource("fonts", "LICENSE-Noto.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in noto and "subset" in noto
    for name in FONT_FILES.values():
        assert resource("fonts", name).is_file()


def _subset_script() -> ModuleType:
    path = resource("fonts", "make_cjk_subset.py")
    spec = importlib.util.spec_from_file_location("make_cjk_subset", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not WQY_SOURCE.is_file(), reason="WenQuanYi Micro Hei not installed here")
def test_shipped_cjk_subset_is_up_to_date(tmp_path: Path) -> None:
    """Regenerating from the taglines gives the same character coverage as the shipped file."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    script = _subset_script()
    fresh = tmp_path / "fresh.ttf"
    script.build(WQY_SOURCE, fresh)
    shipped = TTFontFace(str(font_path(CJK))).charToGlyph.keys()
    assert set(TTFontFace(str(fresh)).charToGlyph.keys()) == set(shipped)


def test_coverage_check_detects_a_missing_glyph() -> None:
    # A rare ideograph no tagline uses: the check must report it, or it checks nothing.
    assert missing_characters(CJK, "注龘") == {"龘"}
