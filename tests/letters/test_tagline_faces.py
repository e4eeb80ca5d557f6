"""Every language tagline is set at one size, and the number a member dials looks the same
in all of them (issue 22, item 15): a CJK tagline's own characters need the CJK font, but
its phone number and TTY are in the text face of the others, not the CJK font's Latin."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader

from reviewer_app.letters.content import LetterKind
from reviewer_app.letters.notices import tagline_templates


def runs(pdf: bytes) -> list[tuple[str, str, float]]:
    """(text, font without its subset prefix, size in points) of every text run."""
    found: list[tuple[str, str, float]] = []
    for page in PdfReader(BytesIO(pdf)).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip() and font is not None:
                name = str(font.get("/BaseFont", "")).split("+")[-1]
                found.append((text, name, round(size * tm[3] * cm[3], 1)))

        page.extract_text(visitor_text=visit)
    return found


def test_tagline_numbers_share_one_face_and_every_tagline_one_size(
    rendered: dict[LetterKind, bytes],
) -> None:
    found = runs(rendered[LetterKind.DENIAL])
    cjk = [t for t in tagline_templates() if t.script == "cjk"]
    assert cjk  # Chinese, Korean and Japanese ship
    cjk_runs = [r for r in found if "CJK" in r[1].upper() or "HEI" in r[1].upper()]
    assert cjk_runs, "no text in the CJK font"
    numbers = {(face, size) for text, face, size in found if "555-0100" in text}
    assert len(numbers) == 1, numbers  # one face, one size, in every tagline
    (text_face, text_size) = numbers.pop()
    assert "DejaVu" in text_face
    assert {size for _, _, size in cjk_runs} == {text_size}  # not a smaller CJK line
    assert not any(any(c.isdigit() for c in text) for text, _, _ in cjk_runs)


def test_a_cjk_tagline_never_breaks_inside_its_number_and_tty() -> None:
    """reportlab's CJK wrapping looks back only half a line for a place to break a Latin
    run, so at some column widths the Japanese tagline read "1-800-555-01" at the end of
    one line and "00" on the next. At every width the number stays whole, and with its TTY
    where they fit on a line (what is split is the text around them); nothing is lost."""
    import re
    from dataclasses import replace

    from reviewer_app.letters.fonts import register_fonts
    from reviewer_app.letters.styles import make_styles
    from reviewer_app.letters.taglines import tagline_cell

    register_fonts()
    styles = make_styles()
    for tagline in (t for t in tagline_templates() if t.script == "cjk"):
        text = tagline.text.format(phone="1-800-555-0100", tty="711")
        # The number, with its TTY where no space separates them (Chinese, Japanese).
        number = re.search(r"1-800-555-0100(?:\uff08TTY\uff1a711\uff09)?", text)
        assert number is not None
        cell = tagline_cell(replace(tagline, text=text), styles)
        for width in range(120, 320, 3):
            cell.wrap(width, 1000)
            lines = ["".join(str(f.text) for f in ln.words) for ln in cell.blPara.lines]
            assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (tagline.code, width)
            assert any("1-800-555-0100" in line for line in lines), (tagline.code, width, lines)
            if width >= 200:  # the letter's columns are 250 points wide
                assert any(number[0] in line for line in lines), (tagline.code, width, lines)


def test_a_cjk_tagline_without_a_number_wraps() -> None:
    """A CJK tagline in one font (no Latin run) is kept by reportlab as plain lines; the
    number check reads those too (it raised AttributeError on them)."""
    from dataclasses import replace

    from reviewer_app.letters.fonts import register_fonts
    from reviewer_app.letters.styles import make_styles
    from reviewer_app.letters.taglines import tagline_cell

    register_fonts()
    japanese = next(t for t in tagline_templates() if t.code == "ja")
    text = "注意事項：日本語を話される場合、無料の言語支援をご利用いただけます。"
    cell = tagline_cell(replace(japanese, text=text), make_styles())
    _, height = cell.wrap(150, 1000)
    assert height > 0 and len(cell.blPara.lines) >= 2
