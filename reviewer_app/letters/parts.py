"""The language parts of a stored letter: the member's letter, then its English version.

A letter in another language than English is one signed PDF whose Keywords say its
language (``language=es``) and where its English version starts (``english-from-page=5``),
as :mod:`.render` writes them. ``letter export --language`` writes one part alone: an
extract of the signed letter's pages, which carries no signature of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

ENGLISH = "en"
LANGUAGE_KEYWORD = "language"
ENGLISH_FROM_KEYWORD = "english-from-page"


class NoSuchPart(ValueError):
    """The letter has no part in the language asked for."""


@dataclass(frozen=True)
class LetterParts:
    language: str  # the member's letter's language
    pages: int
    english_from: int | None  # 1-based first page of the English version, if any

    @property
    def languages(self) -> list[str]:
        return [self.language] if self.english_from is None else [self.language, ENGLISH]

    def page_range(self, language: str) -> range:
        """The 0-based page indexes of the part in ``language``."""
        if language == self.language:
            end = self.pages if self.english_from is None else self.english_from - 1
            return range(0, end)
        if language == ENGLISH and self.english_from is not None:
            return range(self.english_from - 1, self.pages)
        raise NoSuchPart(
            f"the letter is in {' and '.join(self.languages)}; it has no {language} version"
        )


def _keywords(text: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in text.split(";"))
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


def letter_parts(pdf: bytes) -> LetterParts:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    info = reader.metadata
    keywords = _keywords(str(info.get("/Keywords", "")) if info is not None else "")
    start = keywords.get(ENGLISH_FROM_KEYWORD, "")
    return LetterParts(
        language=keywords.get(LANGUAGE_KEYWORD, ENGLISH),
        pages=len(reader.pages),
        english_from=int(start) if start.isdigit() and int(start) > 1 else None,
    )


def extract_part(pdf: bytes, language: str) -> bytes:
    """The pages of one language part, as a PDF of their own (unsigned)."""
    from pypdf import PdfReader, PdfWriter

    pages = letter_parts(pdf).page_range(language)
    reader = PdfReader(BytesIO(pdf))
    writer = PdfWriter()
    for index in pages:
        writer.add_page(reader.pages[index])
    title = reader.metadata.title if reader.metadata is not None else None
    writer.add_metadata({"/Title": f"{title or 'Letter'} ({language})"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
