"""A signed letter's signature box has one solid border (issue 22, item 15): the stamp
covers the dashed slot the unsigned letter shows, instead of leaving its dashes peeking out
beside the stamp's line. Looked at as a reader does, on the rendered page."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from reviewer_app.letters.signing import signature_box

PX_PER_PT = 4  # 288 dpi
BAND = 2.5  # points either side of the slot's edge that are looked at
INK = 250  # any mark, however light: the dashes are grey


def dark_set(pixels: list[int]) -> tuple[int, ...]:
    return tuple(i for i, value in enumerate(pixels) if value < INK)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_signed_box_has_one_solid_border(signed_denial: bytes, tmp_path: Path) -> None:
    reader = PdfFileReader(BytesIO(signed_denial))
    page, (left, bottom, right, top) = signature_box(reader)
    assert page >= 0 and right - left > 200  # the letter's own slot, not the fallback
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(signed_denial)
    page_height = 792  # US letter
    number = str(page + 1)
    resolution = str(72 * PX_PER_PT)
    pages = ["-f", number, "-l", number, "-singlefile"]
    subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", resolution, *pages, str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    image = Image.open(tmp_path / "page.png").convert("L")

    def px(value: float) -> int:
        return round(value * PX_PER_PT)

    inner_rows = range(px(page_height - top + 8), px(page_height - bottom - 8))
    inner_cols = range(px(left + 8), px(right - 8))
    for edge in (left, right):  # each row across the edge: the same dark pixels, no dashes
        cols = range(px(edge - BAND), px(edge + BAND))
        seen = {dark_set([image.getpixel((x, y)) for x in cols]) for y in inner_rows}
        assert len(seen) == 1 and seen != {()}, f"vertical edge at {edge:.1f} pt: {seen}"
    for edge in (top, bottom):
        rows = range(px(page_height - edge - BAND), px(page_height - edge + BAND))
        seen = {dark_set([image.getpixel((x, y)) for y in rows]) for x in inner_cols}
        assert len(seen) == 1 and seen != {()}, f"horizontal edge at {edge:.1f} pt: {seen}"
