"""Letters sent under the made-up demo organization say on every page that they are demo
letters (issue 22, item 15): its letterhead and appeals address ("Springfield, ST 00000",
"PO Box 0000") must not pass for a plan's. A plan's own details carry no such mark."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer_app.letters.content import LetterData, LetterKind
from reviewer_app.letters.organization import demo_organization
from reviewer_app.letters.render import render_letter

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, timeout=60
    )
    return out.stdout.decode("utf-8").split("\f")[:-1]


def test_every_page_of_a_demo_letter_says_it_is_one(
    rendered: dict[LetterKind, bytes], tmp_path: Path
) -> None:
    pages = pages_text(rendered[LetterKind.DENIAL], tmp_path)
    assert len(pages) > 1
    assert "DEMO LETTER — made-up plan address and phone numbers: not for mailing" in pages[0]
    assert all("Demo letter: not for mailing" in page for page in pages)


def test_a_plans_own_letter_has_no_demo_mark(
    letter_factory: Callable[..., LetterData], tmp_path: Path
) -> None:
    plan = dataclasses.replace(
        demo_organization(),
        address_lines=("200 Harbor Road", "Lakeside, ST 00001"),
        appeals_address_lines=("Demo Health Plan — Appeals", "PO Box 4410"),
    )
    text = "".join(
        pages_text(render_letter(letter_factory(LetterKind.APPROVAL, organization=plan)), tmp_path)
    )
    assert "Lakeside" in text and "DEMO LETTER" not in text and "Demo letter" not in text
