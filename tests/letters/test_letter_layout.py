"""Layout a member notices (issue 20): 12 pt text, no internal hashes, the closing kept with
its signature, and the shared example denial on three pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer_app.decisions.letter_builder import LetterRequest, build_letter
from reviewer_app.decisions.rules import Decision
from reviewer_app.letters.content import LetterData, LetterKind, Signer, demo_organization
from reviewer_app.letters.render import render_letter

from helpers import make_case, open_case

Factory = Callable[..., LetterData]
HASH = re.compile(r"\b[0-9a-fA-F]{64}\b")
# The running header and the footer (case number, page, letter ID) sit outside this band.
BODY_BAND = (60.0, 740.0)
RATIONALE = (
    "The transplant summary documents an autologous transplant of the member's own cells "
    "and no allogeneic transplant, so there is no donor graft whose lymphocytes could be given."
)


def text_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """Every run of text between header and footer with its size in points."""
    runs: list[tuple[str, float]] = []
    for page in PdfReader(BytesIO(pdf)).pages:

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and BODY_BAND[0] < y < BODY_BAND[1]:
                runs.append((text.strip(), size * tm[0] * cm[0]))

        page.extract_text(visitor_text=visit)
    return runs


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_line_a_member_reads_is_at_least_12_pt(
    rendered: dict[LetterKind, bytes], kind: LetterKind
) -> None:
    runs = text_sizes(rendered[kind])
    small = [(text, size) for text, size in runs if size < 11.99]
    assert not small, small[:5]
    assert any("ATENCIÓN" in text for text, _ in runs), "taglines are in the body band"


@pytest.mark.parametrize("kind", list(LetterKind))
def test_no_internal_hash_in_the_letter_text(letter_factory: Factory, kind: LetterKind) -> None:
    letter = letter_factory(kind, version=2, supersedes="a1b2c3d4" * 8)
    text = " ".join(page_texts(render_letter(letter)))
    assert not HASH.search(text)
    assert f"Letter ID {letter.letter_id}" in text
    assert len(letter.letter_id) < 32


@pytest.fixture(scope="module")
def example_denial(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder: Path = tmp_path_factory.mktemp("example")
    with open_case(make_case(folder, "dli-after-autologous")) as case:
        case.confirm(None, "test")
        request = LetterRequest(
            Decision.DENY,
            RATIONALE,
            Signer("Dr. Riley Sample", "MD", "medical_director"),
            demo_organization(),
            dt.date(2026, 11, 22),
        )
        data = build_letter(case, case.evaluate(), request)
    return render_letter(data)


def test_the_example_denial_fits_on_three_pages_with_the_signature_by_the_closing(
    example_denial: bytes,
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reviewer_app.letters.signing import signature_box

    pages = page_texts(example_denial)
    assert len(pages) <= 3
    box_page, _ = signature_box(PdfFileReader(BytesIO(example_denial)))
    closing_page = next(i for i, text in enumerate(pages) if "Sincerely," in text)
    assert box_page == closing_page
    assert "If you have questions about this letter" in pages[closing_page]
    assert "Dr. Riley Sample, MD" in pages[closing_page]
    # Every tagline (16 for this member: the county's and the state's 15) on the last page.
    assert "ATENCIÓN" in pages[-1] and "ACHTUNG" in pages[-1] and "1-800-555-0100" in pages[-1]


def line_heights(pdf: bytes) -> list[list[float]]:
    """The height of every run of text between header and footer, page by page."""
    pages: list[list[float]] = []
    for page in PdfReader(BytesIO(pdf)).pages:
        ys: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and BODY_BAND[0] < y < BODY_BAND[1]:
                ys.append(y)  # noqa: B023 (called within this iteration only)

        page.extract_text(visitor_text=visit)
        pages.append(ys)
    return pages


def test_no_page_of_the_example_denial_but_the_last_is_more_than_half_blank(
    example_denial: bytes,
) -> None:
    page_height = 792.0  # US Letter
    lowest = [page_height - min(ys) for ys in line_heights(example_denial)]
    assert all(low > page_height / 2 for low in lowest[:-1]), lowest


def test_a_longer_letter_still_keeps_the_closing_with_the_signature(
    letter_factory: Factory,
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reviewer_app.letters.signing import signature_box

    long = letter_factory(LetterKind.DENIAL)
    long = dataclasses.replace(long, rationale=" ".join([long.rationale] * 6))
    pdf = render_letter(long)
    pages = page_texts(pdf)
    box_page, _ = signature_box(PdfFileReader(BytesIO(pdf)))
    assert "Sincerely," in pages[box_page]
    assert "If you have questions about this letter" in pages[box_page]
