"""Turn a :class:`LetterData` into PDF bytes with reportlab (letter size, fonts embedded).

A letter in another language than English carries its English version after it, in the
same PDF and under the same signature (:func:`render_letter` with ``english``): the member
receives both, and a reviewer, an auditor or an appeal reviewer who does not read the
member's language reads exactly what was decided. Each part numbers its own pages, and the
Keywords metadata says where the English pages start (``english-from-page=N``).

This is the only letters module besides story/denial/styles that imports reportlab;
``import reviewer_app.letters`` does not import it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, SimpleDocTemplate

from reviewer_app import APP_NAME
from reviewer_app.letters.content import (
    AUDIT_HEAD_KEYWORD,
    SUPERSEDES_KEYWORD,
    TRAINING_WATERMARK,
    VERSION_KEYWORD,
    LetterData,
)
from reviewer_app.letters.fonts import BODY, BOLD
from reviewer_app.letters.i18n import _, letter_locale
from reviewer_app.letters.organization import demo_organization
from reviewer_app.letters.parts import ENGLISH_FROM_KEYWORD, LANGUAGE_KEYWORD
from reviewer_app.letters.story import build_story
from reviewer_app.letters.styles import MUTED, PAGE_MARGIN, WARNING, make_styles

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = letter
FOOTER_Y = 0.55 * 72
WATERMARK_COLOR = colors.Color(0.75, 0.1, 0.1, alpha=0.13)


@dataclass(frozen=True)
class _PageText:
    """The words around a part's pages, in that part's language."""

    footer: str
    letter_id: str
    header_left: str
    header_right: str
    page_of: str  # "Page {page} of {total}"

    @classmethod
    def of(cls, data: LetterData) -> _PageText:
        return cls(
            footer=_("{org} · Case {case} · Version {version}").format(
                org=data.organization.name, case=data.case_id, version=data.version
            ),
            letter_id=_("Letter ID {letter_id}").format(letter_id=data.letter_id),
            header_left=f"{_(data.title)} · {data.member.name}",
            header_right=_("Case {case}").format(case=data.case_id),
            page_of=_("Page {page} of {total}"),
        )


def render_letter(data: LetterData, english: LetterData | None = None) -> bytes:
    """Render the letter, followed by its English version when ``english`` is given.

    Output is deterministic: the same data gives the same bytes.
    """
    styles = make_styles()
    parts = [data] if english is None else [data, english]
    story: list[Flowable] = []
    texts: list[_PageText] = []
    for index, part in enumerate(parts):
        with letter_locale(part.language):
            if index:
                story += [_NextPart(), PageBreak()]
            story += build_story(part, styles)
            texts.append(_PageText.of(part))
            case = _("case {case}").format(case=part.case_id)  # not in an f-string: extracted
            title = f"{_(part.title)} — {case}"
            if index == 0:
                meta_title, meta_subject = title, f"{_(part.title)}: {part.service}"
    buffer = BytesIO()
    keywords = pdf_keywords(data)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=0.65 * 72,
        bottomMargin=0.82 * 72,
        title=meta_title,
        author=data.organization.name,
        subject=f"{meta_subject} (CPT {data.cpt})",
        keywords=keywords,
        creator=APP_NAME,
        invariant=1,
        initialFontName=BODY,  # else the canvas references (unembedded) Helvetica
        lang=data.language,
    )

    def decorate(canv: _NumberedCanvas, document: BaseDocTemplate) -> None:
        part = canv.part
        with letter_locale(parts[part].language):  # the page's marks, in its part's language
            _decorate_page(canv, canv.page_in_part(), parts[part], texts[part])

    doc.build(
        story,
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=partial(_NumberedCanvas, texts=texts, keywords=keywords),
    )
    pdf = buffer.getvalue()
    log.info("rendered %s letter: %d pages, %d bytes", data.kind.value, doc.page, len(pdf))
    return pdf


def pdf_keywords(data: LetterData) -> str:
    """The Keywords metadata: audit chain head, version, superseded letter, language."""
    parts = [
        f"{AUDIT_HEAD_KEYWORD}={data.audit_head_hash}",
        f"{VERSION_KEYWORD}={data.version}",
        f"kind={data.kind.value}",
    ]
    if data.supersedes:
        parts.append(f"{SUPERSEDES_KEYWORD}={data.supersedes}")
    if data.language != "en":
        parts.append(f"{LANGUAGE_KEYWORD}={data.language}")
    return "; ".join(parts)


class _NextPart(Flowable):  # type: ignore[misc]
    """Drawn on the last page of a part: the pages after it belong to the next part."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.part += 1


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Writes "Page X of Y" on each page through a small form (a PDF XObject) that is
    filled in when the document ends and the page count is known: the story is laid out
    once, instead of once more just to learn the page count. Each part of a bilingual
    letter counts its own pages. The pages themselves are written as they come, so the
    signature slot's destination keeps its page."""

    def __init__(self, *args: Any, texts: list[_PageText], keywords: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.part = 0
        self._texts = texts
        self._keywords = keywords
        self._pages: list[int] = []  # the part of each page, in order

    def page_in_part(self) -> int:
        return self._pages.count(self.part) + 1

    def page_number_here(self) -> None:
        self._pages.append(self.part)
        self.doForm(f"pageNumber{len(self._pages)}")

    def save(self) -> None:
        totals = [self._pages.count(part) for part in range(len(self._texts))]
        seen = [0] * len(totals)
        for number, part in enumerate(self._pages, start=1):
            seen[part] += 1
            self.beginForm(f"pageNumber{number}")
            self.setFillColor(MUTED)
            self.setFont(BODY, 8)
            text = self._texts[part].page_of.format(page=seen[part], total=totals[part])
            self.drawRightString(PAGE_WIDTH - PAGE_MARGIN, FOOTER_Y, text)
            self.endForm()
        if len(totals) > 1:
            self.setKeywords(f"{self._keywords}; {ENGLISH_FROM_KEYWORD}={totals[0] + 1}")
        super().save()


def _decorate_page(canv: _NumberedCanvas, page: int, data: LetterData, text: _PageText) -> None:
    canv.saveState()
    left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
    canv.setStrokeColor(colors.HexColor("#9aa5b1"))
    canv.setLineWidth(0.5)
    canv.line(left, FOOTER_Y + 12, right, FOOTER_Y + 12)
    canv.setFillColor(MUTED)
    canv.setFont(BODY, 8)
    canv.drawString(left, FOOTER_Y, text.footer)
    canv.page_number_here()
    canv.drawString(left, FOOTER_Y - 10, text.letter_id)
    if page > 1:
        canv.setFont(BODY, 8)
        canv.drawString(left, PAGE_HEIGHT - 0.45 * 72, text.header_left)
        canv.drawRightString(right, PAGE_HEIGHT - 0.45 * 72, text.header_right)
    if data.training:
        _training_marks(canv)
    if data.organization == demo_organization():
        _demo_marks(canv, top=not data.training)
    canv.restoreState()


def _demo_marks(canv: Canvas, *, top: bool) -> None:
    """The organization's details were never installed: the letterhead and the appeals
    address are made up, and every page says so (the training mark takes the top)."""
    canv.setFillColor(WARNING)
    if top:
        canv.setFont(BOLD, 9)
        mark = _("DEMO LETTER — made-up plan address and phone numbers: not for mailing")
        canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.28 * 72, mark)
    canv.setFont(BOLD, 8)
    canv.drawRightString(PAGE_WIDTH - PAGE_MARGIN, FOOTER_Y - 10, _("Demo letter: not for mailing"))


def _training_marks(canv: Canvas) -> None:
    canv.setFillColor(WARNING)
    canv.setFont(BOLD, 9)
    canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.28 * 72, TRAINING_WATERMARK)
    canv.saveState()
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(52)
    canv.setFillColor(WATERMARK_COLOR)
    canv.setFont(BOLD, 30)
    canv.drawCentredString(0, 0, TRAINING_WATERMARK)
    canv.restoreState()
