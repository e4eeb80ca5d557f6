"""Turn a :class:`LetterData` into PDF bytes with reportlab (letter size, fonts embedded).

This is the only letters module besides story/denial/styles that imports reportlab;
``import reviewer_app.letters`` does not import it.
"""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, SimpleDocTemplate

from reviewer_app import APP_NAME
from reviewer_app.letters.content import (
    AUDIT_HEAD_KEYWORD,
    SUPERSEDES_KEYWORD,
    TRAINING_WATERMARK,
    VERSION_KEYWORD,
    LetterData,
)
from reviewer_app.letters.fonts import BODY, BOLD
from reviewer_app.letters.story import build_story
from reviewer_app.letters.styles import MUTED, PAGE_MARGIN, WARNING, make_styles

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = letter
FOOTER_Y = 0.55 * 72
WATERMARK_COLOR = colors.Color(0.75, 0.1, 0.1, alpha=0.13)


def render_letter(data: LetterData) -> bytes:
    """Render the letter. Output is deterministic: the same data gives the same bytes."""
    styles = make_styles()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=0.65 * 72,
        bottomMargin=0.82 * 72,
        title=f"{data.title} — case {data.case_id}",
        author=data.organization.name,
        subject=f"{data.title}: {data.service} (CPT {data.cpt})",
        keywords=pdf_keywords(data),
        creator=APP_NAME,
        invariant=1,
        initialFontName=BODY,  # else the canvas references (unembedded) Helvetica
    )

    def decorate(canv: Canvas, document: BaseDocTemplate) -> None:
        _decorate_page(canv, document.page, data)

    doc.build(
        build_story(data, styles),
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=_NumberedCanvas,
    )
    pdf = buffer.getvalue()
    log.info("rendered %s letter: %d pages, %d bytes", data.kind.value, doc.page, len(pdf))
    return pdf


def pdf_keywords(data: LetterData) -> str:
    """The Keywords metadata: audit chain head, version and superseded letter."""
    parts = [
        f"{AUDIT_HEAD_KEYWORD}={data.audit_head_hash}",
        f"{VERSION_KEYWORD}={data.version}",
        f"kind={data.kind.value}",
    ]
    if data.supersedes:
        parts.append(f"{SUPERSEDES_KEYWORD}={data.supersedes}")
    return "; ".join(parts)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Writes "Page X of Y" on each page through a small form (a PDF XObject) that is
    filled in when the document ends and the page count is known: the story is laid out
    once, instead of once more just to learn the page count. The pages themselves are
    written as they come, so the signature slot's destination keeps its page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._numbered = 0

    def page_number_here(self) -> None:
        self._numbered += 1
        self.doForm(f"pageNumber{self._numbered}")

    def save(self) -> None:
        total = self._numbered
        for page in range(1, total + 1):
            self.beginForm(f"pageNumber{page}")
            self.setFillColor(MUTED)
            self.setFont(BODY, 8)
            self.drawRightString(PAGE_WIDTH - PAGE_MARGIN, FOOTER_Y, f"Page {page} of {total}")
            self.endForm()
        super().save()


def _decorate_page(canv: Canvas, page: int, data: LetterData) -> None:
    canv.saveState()
    left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
    canv.setStrokeColor(colors.HexColor("#9aa5b1"))
    canv.setLineWidth(0.5)
    canv.line(left, FOOTER_Y + 12, right, FOOTER_Y + 12)
    canv.setFillColor(MUTED)
    canv.setFont(BODY, 8)
    canv.drawString(
        left, FOOTER_Y, f"{data.organization.name} · Case {data.case_id} · Version {data.version}"
    )
    canv.page_number_here()
    canv.drawString(left, FOOTER_Y - 10, f"Letter ID {data.letter_id}")
    if page > 1:
        canv.setFont(BODY, 8)
        canv.drawString(left, PAGE_HEIGHT - 0.45 * 72, f"{data.title} · {data.member.name}")
        canv.drawRightString(right, PAGE_HEIGHT - 0.45 * 72, f"Case {data.case_id}")
    if data.training:
        _training_marks(canv)
    canv.restoreState()


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
