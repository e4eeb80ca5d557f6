"""Taglines by rule, in every script (issue 20, item 6): Medicare Advantage prints CMS's
15-language insert, commercial letters the county-threshold languages, every letter the
Section 1557 list of the member's state; Arabic, Persian and Urdu are shaped and set right
to left, Hindi is shaped, and text extraction finds each tagline's own words."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from io import BytesIO

import pytest
from pypdf import PdfReader

from reviewer_app.letters.content import LetterData, LetterKind
from reviewer_app.letters.notices import notices_for, tagline_codes
from reviewer_app.letters.render import render_letter

Factory = Callable[..., LetterData]
MLI = {"es", "zh", "tl", "fr", "vi", "de", "ko", "ru", "ar", "hi", "it", "pt", "ht", "pl", "ja"}


def words_of(pdf: bytes) -> set[str]:
    text = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages)
    # The lam of a lam-alef ligature reads back as a zero-width joiner (see
    # resources/fonts/make_noto_subsets.py): invisible, and not part of the word.
    return set(re.sub("[\u200c\u200d]", "", unicodedata.normalize("NFKC", text)).split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def in_state(data: LetterData, state: str) -> LetterData:
    return dataclasses.replace(data, member=dataclasses.replace(data.member, state=state))


def test_the_rules_pick_the_languages_by_line_of_business_and_state() -> None:
    ma = tagline_codes("medicare_advantage", "WI")
    assert set(ma[:15]) == MLI and len(ma[:15]) == 15  # the insert first, whole
    commercial = tagline_codes("commercial", "WI")
    assert commercial[:4] == ("es", "zh", "tl", "nv")  # county threshold
    assert "nv" not in tagline_codes("medicaid", "WI")
    assert len(tagline_codes("medicaid", "WI")) == 15
    # The demo state's own Section 1557 list brings Hindi and Urdu, not Persian.
    state = tagline_codes("medicaid", "st")
    assert {"hi", "ur"} <= set(state) and "fa" not in state


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "state"),
    [("commercial", ""), ("medicare_advantage", "ST"), ("medicaid", "ST")],
)
def test_every_tagline_of_the_letter_is_found_in_its_text(
    letter_factory: Factory, line: str, state: str
) -> None:
    data = in_state(letter_factory(LetterKind.APPROVAL, line_of_business=line), state)
    pdf = render_letter(data)
    found = words_of(pdf)
    squashed = squash(" ".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages))
    for tagline in notices_for(data.organization, line, state).taglines:
        if tagline.script != "arabic":  # CJK lines wrap mid-sentence: compare unspaced
            assert squash(tagline.text) in squashed, tagline.language
            continue
        own = unicodedata.normalize("NFKC", tagline.text).split()
        missing = [w for w in own if w not in found]
        assert not missing, f"{tagline.language}: {missing}"


def test_arabic_is_set_right_to_left_with_joined_letters(letter_factory: Factory) -> None:
    data = in_state(letter_factory(LetterKind.APPROVAL, line_of_business="commercial"), "")
    pdf = render_letter(data)
    runs: list[tuple[float, str, str]] = []
    for page in PdfReader(BytesIO(pdf)).pages:

        def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
            name = str(font.get("/BaseFont", "")) if font is not None else ""  # type: ignore[attr-defined]
            if "Naskh" in name and text.strip():
                runs.append((tm[5], tm[4], unicodedata.normalize("NFKC", text)))

        page.extract_text(visitor_text=visit)
    assert runs, "no text in the Arabic font"
    arabic = next(t for t in notices_for(data.organization, "commercial", "").taglines
                  if t.code == "ar")  # fmt: skip
    own = set(unicodedata.normalize("NFKC", arabic.text).split())
    first = next((y, x) for y, x, text in runs if text.strip() == "ملحوظة:")
    line = [(x, text.strip()) for y, x, text in runs if y == first[0] and text.strip() in own]
    # Right to left: the tagline's first word ("ملحوظة:", Attention) is the rightmost of
    # its line, and the next words follow leftwards.
    assert max(line)[1] == "ملحوظة:", line
    ordered = [text for _, text in sorted(line, reverse=True)]
    assert ordered[:3] == ["ملحوظة:", "إذا", "كنت"]
    # Joined, not isolated letters: the glyphs drawn are presentation forms (init/medi/
    # fina), which NFKC maps back; an unshaped word would keep its base code points.
    raw = "".join(t for _, _, t in runs)
    assert re.search("[\u0600-\u06ff]", raw)


def test_hindi_is_shaped(letter_factory: Factory) -> None:
    data = in_state(letter_factory(LetterKind.APPROVAL, line_of_business="medicaid"), "ST")
    words = words_of(render_letter(data))
    assert "मुफ्त" in words and "उपलब्ध" in words  # conjuncts read back whole
