"""Each rendered letter carries every required element, readable in the PDF's text."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer_app.letters.content import TRAINING_WATERMARK, LetterData, LetterKind
from reviewer_app.letters.render import render_letter

Factory = Callable[..., LetterData]


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """NFC text with every run of whitespace made one space (line breaks fall away)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.fixture(scope="module")
def texts(rendered: dict[LetterKind, bytes]) -> dict[LetterKind, str]:
    return {kind: flat(" ".join(page_texts(pdf))) for kind, pdf in rendered.items()}


COMMON_ELEMENTS = {
    "letterhead: organization name": "Demo Health Plan",
    "letterhead: address": "100 Example Way, Springfield, ST 00000",
    "letterhead: phone": "Phone 1-800-555-0100",
    "letter date": "June 2, 2025",
    "member name": "Ava Demo",
    "member address": "12 Sample Street",
    "member ID": "Member ID: DHP-000123456",
    "requesting provider": "Dr. Sam Example, Demo Cancer Center (NPI 1234567893)",
    "case number": "C-2025-000123",
    "service in plain words": "Donor lymphocyte infusion (DLI)",
    "CPT code with description": "CPT 38242 — Allogeneic lymphocyte infusions",
    "date of service": "June 20, 2025",
    "nondiscrimination notice": "does not discriminate on the basis of race, color, national",
    "civil rights complaint route": "Office for Civil Rights",
    "short letter ID": "Letter ID C-2025-000123-V1-4BE1C0DE",
    "letter version": "Version 1",
    "signer name and credentials": "Riley Sample, MD",
    "member services contact": "call Member Services at 1-800-555-0100",
}

KIND_ELEMENTS: dict[LetterKind, dict[str, str]] = {
    LetterKind.DENIAL: {
        "title": "Notice of Adverse Determination (Denial)",
        "decision": "We have denied the request for donor lymphocyte infusion (DLI)",
        "failed criterion 1 named": "1. Prior allogeneic HSCT — not met",
        "failed criterion 1 plain reason": "an autologous (own-cell) transplant",
        "failed criterion 1 policy quote": "“Donor lymphocyte infusion (DLI) is considered "
        "medically necessary following an allogeneic hematopoietic stem cell transplantation "
        "(HSCT)”",
        "failed criterion 2 named": "2. Relapsed, persistent or refractory disease — not met",
        "failed criterion 2 policy quote": "when there is high risk of relapse of a hematologic",
        "citation with section": "Source: Coverage Policy 0261, section “Coverage Policy, "
        "paragraph 1”",
        "clinical rationale": "received an autologous transplant of her own stem cells in 2023",
        "free on request statement": "These are available free of charge, on request",
        "criteria and documents offered": "copies of the coverage criteria we used",
        "diagnosis code": "C92.00",
        "diagnosis meaning": "Acute myeloblastic leukemia, not having achieved remission",
        "procedure code meaning": "38242 Procedure (CPT) Allogeneic lymphocyte infusions",
        "peer-to-peer offer": "peer-to-peer conversation",
        "peer-to-peer phone": "1-800-555-0104",
        "reviewing physician named in peer-to-peer": "reviewed your request, Riley Sample, MD",
        "appeal deadline (commercial)": "within 180 days of the date of this letter",
        "appeal deadline date": "November 29, 2025",
        "appeal address": "Demo Health Plan — Appeals Unit, PO Box 0000",
        "appeal phone": "Call: 1-800-555-0102",
        "appeal fax": "Fax: 1-800-555-0103",
        "expedited appeal": "Expedited (fast) appeal for urgent cases",
        "expedited appeal within 72 hours": "within 72 hours",
        "external review": "external review by an Independent Review Organization",
        "consumer assistance": "Demo State Consumer Assistance Program at 1-800-555-0199",
        "reviewing physician signature line": "Medical Director (reviewing physician)",
    },
    LetterKind.APPROVAL: {
        "title": "Notice of Approval",
        "decision": "We have approved the request for donor lymphocyte infusion (DLI).",
        "authorization number": "Authorization number AUTH-2025-004567",
        "authorized service": "Approved service Donor lymphocyte infusion (DLI)",
        "units": "Units approved 3",
        "period": "June 15, 2025 through September 15, 2025",
    },
    LetterKind.PEND: {
        "title": "Request for Additional Information",
        "decision": "We need more information before we can decide",
        "missing item 1": "Transplant summary with the transplant type and date",
        "why item 1": "The policy covers DLI only after a donor (allogeneic) transplant.",
        "missing item 2": "Most recent chimerism study",
        "why item 2": "To confirm relapse or mixed chimerism.",
        "respond-by date": "Please send it by July 17, 2025.",
    },
}

ELEMENT_CASES = [
    (kind, name, expected) for kind in LetterKind for name, expected in COMMON_ELEMENTS.items()
] + [
    (kind, name, expected)
    for kind, items in KIND_ELEMENTS.items()
    for name, expected in items.items()
]


@pytest.mark.parametrize(
    ("kind", "element", "expected"),
    ELEMENT_CASES,
    ids=[f"{kind.value}: {element}" for kind, element, _ in ELEMENT_CASES],
)
def test_required_element_is_printed(
    texts: dict[LetterKind, str], kind: LetterKind, element: str, expected: str
) -> None:
    assert flat(expected) in texts[kind], f"{kind.value} letter lacks the {element}"


@pytest.mark.parametrize(
    ("line_of_business", "deadline", "external"),
    [
        (
            "commercial",
            "within 180 days of the date of this letter, that is by November 29, 2025",
            "Independent Review Organization",
        ),
        (
            "medicare_advantage",
            "within 65 calendar days of the date of this notice, that is by August 6, 2025",
            "Independent Review Entity",
        ),
        (
            "medicaid",
            "within 60 days of the date of this letter, that is by August 1, 2025",
            "State Fair Hearing",
        ),
    ],
)
def test_denial_appeal_rights_follow_line_of_business(
    letter_factory: Factory, line_of_business: str, deadline: str, external: str
) -> None:
    letter = letter_factory(LetterKind.DENIAL, line_of_business=line_of_business)
    text = flat(" ".join(page_texts(render_letter(letter))))
    assert deadline in text
    assert external in text


def test_expedited_denial_says_so(letter_factory: Factory) -> None:
    text = flat(
        " ".join(page_texts(render_letter(letter_factory(LetterKind.DENIAL, urgency="expedited"))))
    )
    assert "Expedited (urgent)" in text
    assert "reviewed as urgent, so you may ask for an expedited appeal" in text


def test_every_page_has_number_of_total_and_case_number(rendered: dict[LetterKind, bytes]) -> None:
    pages = page_texts(rendered[LetterKind.DENIAL])
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Case C-2025-000123" in text


def test_training_watermark_on_every_page_only_when_training(
    letter_factory: Factory, rendered: dict[LetterKind, bytes]
) -> None:
    pages = page_texts(render_letter(letter_factory(LetterKind.DENIAL, training=True)))
    assert all(TRAINING_WATERMARK in flat(text) for text in pages)
    assert TRAINING_WATERMARK not in " ".join(page_texts(rendered[LetterKind.DENIAL]))


def test_version_and_superseded_letter_are_printed(letter_factory: Factory) -> None:
    old_hash = "a1b2c3d4" * 8
    pdf = render_letter(letter_factory(LetterKind.APPROVAL, version=2, supersedes=old_hash))
    text = flat(" ".join(page_texts(pdf)))
    assert "Version 2" in text
    assert "replaces the earlier letter about this request (version 1)" in text
    assert old_hash not in text  # the fingerprint stays in the metadata, not in the letter
    assert f"supersedes={old_hash}" in PdfReader(BytesIO(pdf)).metadata["/Keywords"]


@pytest.mark.parametrize("kind", list(LetterKind))
def test_audit_head_in_pdf_metadata(rendered: dict[LetterKind, bytes], kind: LetterKind) -> None:
    keywords = PdfReader(BytesIO(rendered[kind])).metadata["/Keywords"]
    assert "audit-chain-head=" + "4be1c0de" * 8 in keywords


def test_rendering_is_deterministic(
    letter_factory: Factory, rendered: dict[LetterKind, bytes]
) -> None:
    assert render_letter(letter_factory(LetterKind.PEND)) == rendered[LetterKind.PEND]


def test_signature_box_is_on_the_page_of_the_closing(rendered: dict[LetterKind, bytes]) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reviewer_app.letters.signing import signature_box

    for pdf in rendered.values():
        page_index, (left, bottom, right, top) = signature_box(PdfFileReader(BytesIO(pdf)))
        page = flat(page_texts(pdf)[page_index])
        assert "Sincerely," in page and "If you have questions about this letter" in page
        assert right - left > 250 and top - bottom > 60


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("kind", list(LetterKind))
def test_all_fonts_are_embedded(
    rendered: dict[LetterKind, bytes], kind: LetterKind, tmp_path: Path
) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(rendered[kind])
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", f"font not embedded: {row}"
    assert any("DejaVuSans" in row for row in rows)
    assert any("WenQuanYi" in row for row in rows)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("kind", list(LetterKind))
def test_pdftoppm_renders_every_page(
    rendered: dict[LetterKind, bytes], kind: LetterKind, tmp_path: Path
) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(rendered[kind])
    out = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert out.stderr == ""
    pages = len(PdfReader(BytesIO(rendered[kind])).pages)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_logo_is_drawn_when_configured(letter_factory: Factory, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (31, 78, 121)).save(logo)
    letter = letter_factory(LetterKind.APPROVAL)
    org = dataclasses.replace(letter.organization, logo_path=logo)
    pdf = render_letter(dataclasses.replace(letter, organization=org))
    first_page = PdfReader(BytesIO(pdf)).pages[0]
    assert len(first_page.images) == 1


def test_unreadable_logo_is_skipped_not_fatal(letter_factory: Factory, tmp_path: Path) -> None:
    letter = letter_factory(LetterKind.APPROVAL)
    org = dataclasses.replace(letter.organization, logo_path=tmp_path / "missing.png")
    pdf = render_letter(dataclasses.replace(letter, organization=org))
    assert "Demo Health Plan" in page_texts(pdf)[0]
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) == 0
