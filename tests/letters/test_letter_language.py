"""Letters in the member's language (issue 21): a Spanish-preferring member's approval,
denial and pend are Spanish throughout, with Spanish dates, and carry their English
version after them in the same PDF; a language without a catalog gives an English letter
and a warning.

Each letter is drafted from a real case file as the app drafts it, rendered, and read
back as PDF text.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import Draft, draft
from reviewer_app.letters.content import Signer, demo_organization
from reviewer_app.letters.i18n import locale_dir
from reviewer_app.letters.parts import extract_part, letter_parts
from reviewer_app.review.answers import Answer, Reply

from helpers import make_case, open_case

LETTER_DATE = dt.date(2026, 11, 22)
RATIONALE = (
    "The most recent chimerism study shows complete donor chimerism in every lineage tested, "
    "so a boost cannot raise the share of donor cells any further for this member."
)
SIGNERS = {
    Decision.DENY: Signer("Dr. Riley Sample", "MD", "medical_director"),
    Decision.PEND: Signer("Nora Nurse", "RN", "nurse_reviewer"),
    Decision.APPROVE: Signer("Nora Nurse", "RN", "nurse_reviewer"),
}
MEMBER_RATIONALE = (  # the rationale as the plan's translator wrote it
    "El estudio de quimerismo más reciente muestra un quimerismo completo del donante en "
    "todas las líneas celulares analizadas, así que un refuerzo no puede aumentar más la "
    "proporción de células del donante en su caso."
)
FULL_STUDIES = [{"date": "2026-10-30", "lineage": "CD3", "percent_donor": 100}]
ENGLISH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}"
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|<[^>]+>")
# English words no Spanish sentence has: text the catalog never saw (a constant printed
# without _()) shows up here. Names, the policy's title and the intake's own words are
# taken out first.
ENGLISH_WORDS = re.compile(r"\b(the|and|your|you|this|with|that|we|our|please|will)\b", re.I)
KEPT_IN_ENGLISH = ("Donor Lymphocyte Infusion and HPC Boost",)


def drafted(
    tmp_path: Path, decision: Decision, example: str, translated: bool = True, **changes: Any
) -> Draft:
    path = make_case(tmp_path, example, **changes)
    with open_case(path) as case:
        case.confirm(None, "test")
        if decision is Decision.DENY and example == "hpc-boost-mixed-chimerism":
            case.set_answer("hpc_boost.promote_engraftment", Answer(reply=Reply.NO), "test")
        rationale = RATIONALE if decision is Decision.DENY else ""
        member = MEMBER_RATIONALE if rationale and translated else ""
        signer = SIGNERS[decision]
        return draft(case, decision, rationale, signer, demo_organization(), LETTER_DATE, member)


def text(pdf: bytes) -> str:
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def english_phrases() -> list[str]:
    """The fixed words of every catalog message whose Spanish differs from its English:
    none of them may be left in a Spanish letter."""
    path = locale_dir() / "es" / "LC_MESSAGES" / "letters.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    phrases = set()
    for message in catalog:
        if not message.id or message.string == message.id:
            continue
        for piece in PLACEHOLDER.split(str(message.id)):
            piece = " ".join(piece.split()).strip(" ,.:;()—")
            if len(piece.split()) >= 3 and piece not in str(message.string):
                phrases.add(piece)
    return sorted(phrases)


SPANISH_CASES = {
    "approval (shared example)": (Decision.APPROVE, "hpc-boost-mixed-chimerism", {}),
    "denial (shared example, 100% donor)": (
        Decision.DENY,
        "hpc-boost-mixed-chimerism",
        {"clinical__chimerism_percent_donor": None, "clinical__chimerism_studies": FULL_STUDIES},
    ),
    "pend (shared example, no chimerism study)": (
        Decision.PEND,
        "hpc-boost-mixed-chimerism",
        {"clinical__chimerism_percent_donor": None},
    ),
    "approval (es-MX member, DLI)": (
        Decision.APPROVE,
        "dli-relapsed-aml",
        {"member__preferred_language": "es-MX"},
    ),
    "approval (member's language given as 'spa', ISO 639-2)": (
        Decision.APPROVE,
        "dli-relapsed-aml",
        {"member__preferred_language": "spa"},
    ),
    "denial (Spanish member, DLI after autologous transplant)": (
        Decision.DENY,
        "dli-after-autologous",
        {"member__preferred_language": "es"},
    ),
    "denial (Spanish member, Medicaid)": (
        Decision.DENY,
        "dli-after-autologous",
        {"member__preferred_language": "es", "line_of_business": "medicaid"},
    ),
    "denial (Spanish member, Medicare Advantage)": (
        Decision.DENY,
        "dli-after-autologous",
        {"member__preferred_language": "es", "line_of_business": "medicare_advantage"},
    ),
    "pend (Spanish member, Medicaid extension)": (
        Decision.PEND,
        "hpc-boost-mixed-chimerism",
        {"clinical__chimerism_percent_donor": None, "line_of_business": "medicaid"},
    ),
}


@pytest.mark.parametrize("case", list(SPANISH_CASES), ids=list(SPANISH_CASES))
def test_a_spanish_members_letter_is_spanish_throughout(tmp_path: Path, case: str) -> None:
    decision, example, changes = SPANISH_CASES[case]
    d = drafted(tmp_path, decision, example, **changes)
    assert d.data.language == "es"
    assert d.problems == []  # nothing untranslated, nothing else missing
    assert d.english is not None and d.english.language == "en"
    pdf = d.render()
    parts = letter_parts(pdf)
    assert parts.language == "es" and parts.english_from is not None
    spanish = text(extract_part(pdf, "es"))
    english = text(extract_part(pdf, "en"))
    left = [phrase for phrase in english_phrases() if phrase in spanish]
    assert left == []
    stray = spanish
    for kept in KEPT_IN_ENGLISH:
        stray = stray.replace(kept, "")
    words = [stray[max(m.start() - 40, 0) : m.end() + 40] for m in ENGLISH_WORDS.finditer(stray)]
    assert words == []
    assert "22 de noviembre de 2026" in spanish  # the letter date, in Spanish
    assert ENGLISH_DATE.search(spanish) is None
    assert "Atentamente," in spanish and "Sincerely" not in spanish
    assert "Página 1 de" in spanish
    # The English version is the same decision, in English, and says what it is.
    assert "English version of the letter sent in Spanish" in english
    assert "November 22, 2026" in english and "Page 1 of" in english
    assert d.english.kind is d.data.kind and d.english.case_id == d.data.case_id


def test_a_spanish_denial_quotes_the_policy_in_spanish_and_says_english_governs(
    tmp_path: Path,
) -> None:
    changes = {
        "clinical__chimerism_percent_donor": None,
        "clinical__chimerism_studies": FULL_STUDIES,
    }
    d = drafted(tmp_path, Decision.DENY, "hpc-boost-mixed-chimerism", **changes)
    spanish = text(extract_part(d.render(), "es"))
    # The criteria's reasons, from the policy's translation file, with the member's data.
    assert "El estudio de quimerismo del 30 de octubre de 2026 mostró un 100 % de células" in (
        spanish
    )
    assert "para CUALQUIERA de las siguientes indicaciones: • favorecer el injerto" in spanish
    assert "rige el texto en inglés de la política" in spanish
    assert "Política de cobertura 0261, Donor Lymphocyte Infusion and HPC Boost" in spanish
    assert "Refuerzo de células progenitoras hematopoyéticas (HPC)" in spanish


def test_the_signature_box_is_in_the_members_letter_only(tmp_path: Path) -> None:
    d = drafted(tmp_path, Decision.APPROVE, "hpc-boost-mixed-chimerism")
    reader = PdfReader(BytesIO(d.render()))
    destinations = reader.named_destinations
    assert list(destinations) == ["/reviewer-signature-box"]  # one box: the English has none
    page = reader.get_destination_page_number(destinations["/reviewer-signature-box"])
    assert page < letter_parts(d.render()).english_from - 1  # type: ignore[operator]


def test_an_english_speaking_member_gets_one_english_letter(tmp_path: Path) -> None:
    d = drafted(tmp_path, Decision.APPROVE, "dli-relapsed-aml")
    assert d.english is None and d.data.language == "en" and d.warnings == []
    parts = letter_parts(d.render())
    assert parts.language == "en" and parts.english_from is None


def test_a_language_without_a_catalog_gives_english_and_a_warning(tmp_path: Path) -> None:
    d = drafted(tmp_path, Decision.APPROVE, "dli-relapsed-aml", member__preferred_language="vi")
    assert d.data.language == "en" and d.english is None
    assert d.problems == []  # a warning, not a missing element
    [warning] = d.warnings
    assert "Vietnamese (vi)" in warning and "no letter catalog" in warning
    # The warning says which tagline applies, and the letter does print it.
    assert "Its Vietnamese tagline offers the member free oral interpretation" in warning
    assert "1-800-555-0100" in warning
    letter = text(d.render())
    assert "We have approved the request" in letter and "CHÚ Ý" in letter


def test_a_language_without_a_tagline_says_so(tmp_path: Path) -> None:
    d = drafted(tmp_path, Decision.APPROVE, "dli-relapsed-aml", member__preferred_language="sw-KE")
    [warning] = d.warnings
    assert "Swahili (sw-KE)" in warning and "No Swahili tagline is printed" in warning
    assert "free oral interpretation by calling 1-800-555-0100 (TTY 711) still applies" in warning
    assert d.problems == []


def test_the_reviewers_rationale_is_printed_in_each_language_or_blocks_signing(
    tmp_path: Path,
) -> None:
    d = drafted(tmp_path, Decision.DENY, "dli-after-autologous", member__preferred_language="es")
    pdf = d.render()
    assert MEMBER_RATIONALE.split(",")[0] in text(extract_part(pdf, "es"))
    assert RATIONALE.split(",")[0] in text(extract_part(pdf, "en"))
    (tmp_path / "b").mkdir()
    untranslated = drafted(
        tmp_path / "b",
        Decision.DENY,
        "dli-after-autologous",
        translated=False,
        member__preferred_language="es",
    )
    [problem] = untranslated.problems
    assert problem == "clinical rationale in Spanish (the rationale, translated for the letter)"


def test_policy_words_without_a_translation_block_signing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A criterion the policy's translation file lacks stays English in the letter, and the
    letter check names its English words."""
    import dataclasses

    from reviewer_app.decisions import letter_language

    real = letter_language.load_translation

    def without_one(policy: Any, language: str) -> Any:
        translation = real(policy, language)
        criteria = dict(translation.criteria)
        criteria.pop("dli.allogeneic_hsct")
        return dataclasses.replace(translation, criteria=criteria)

    monkeypatch.setattr(letter_language, "load_translation", without_one)
    d = drafted(tmp_path, Decision.DENY, "dli-after-autologous", member__preferred_language="es")
    assert "translation into Spanish of the message “Prior allogeneic HSCT”" in d.problems
    assert any("The policy covers donor lymphocyte infusion only after" in p for p in d.problems)
