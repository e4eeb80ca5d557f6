"""Paragraph styles and small flowable helpers shared by the letter story builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reviewer_app.letters.fonts import TEXT as BODY
from reviewer_app.letters.fonts import TEXT_BOLD as BOLD
from reviewer_app.letters.fonts import register_fonts
from reviewer_app.letters.i18n import long_date as _long_date

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef2f6")
ACCENT = colors.HexColor("#1f4e79")
WARNING = colors.HexColor("#b00020")

PAGE_MARGIN = 0.65 * inch
# Medicare Advantage and Medicaid materials need at least 12 pt; every line a member reads
# (body, tables, quotes, notices and taglines) uses it. Only the page footer is smaller.
MEMBER_PT = 12
CONTENT_WIDTH = 8.5 * inch - 2 * PAGE_MARGIN


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_bold: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    small: ParagraphStyle
    fine: ParagraphStyle
    notice: ParagraphStyle
    run_in: ParagraphStyle  # a short section led by its bold title
    notice_heading: ParagraphStyle
    quote: ParagraphStyle
    cell: ParagraphStyle
    cell_label: ParagraphStyle
    org_name: ParagraphStyle
    org_contact: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=BODY,
        fontSize=MEMBER_PT,
        leading=13.2,  # 110%: the commercial denial with its 16 taglines fits 3 pages
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=2.5,
    )
    return Styles(
        body=body,
        body_bold=ParagraphStyle("body_bold", parent=body, fontName=BOLD),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=18,
            bulletIndent=6,
            bulletFontName=BODY,
            bulletFontSize=MEMBER_PT,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=12.5,
            leading=15,
            spaceBefore=5,
            spaceAfter=3,
            textColor=ACCENT,
            keepWithNext=True,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=BOLD,
            spaceBefore=3,
            spaceAfter=2,
            keepWithNext=True,
        ),
        small=ParagraphStyle("small", parent=body, spaceAfter=4),
        fine=ParagraphStyle("fine", parent=body, spaceAfter=3, textColor=MUTED),
        notice=ParagraphStyle("notice", parent=body, leading=13, spaceAfter=1),
        run_in=ParagraphStyle("run_in", parent=body, spaceBefore=3),
        notice_heading=ParagraphStyle(
            "notice_heading",
            parent=body,
            fontName=BOLD,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=True,
        ),
        quote=ParagraphStyle("quote", parent=body, textColor=MUTED, spaceAfter=2),
        cell=ParagraphStyle("cell", parent=body, spaceAfter=0),
        cell_label=ParagraphStyle("cell_label", parent=body, fontName=BOLD, spaceAfter=0),
        org_name=ParagraphStyle(
            "org_name", parent=body, fontName=BOLD, fontSize=17, leading=21, textColor=ACCENT
        ),
        org_contact=ParagraphStyle("org_contact", parent=body, textColor=MUTED, spaceAfter=0),
    )


def table_style(commands: list[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cell font is DejaVu (reportlab's default would pull in Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), BODY), *commands])


def esc(text: str) -> str:
    """Escape user text for reportlab's paragraph mini-markup."""
    return escape(text)


def esc_lines(text: str) -> str:
    """Escape user text and keep its line breaks (a policy list, one bullet a line)."""
    return "<br/>".join(esc(line) for line in text.split("\n"))


def lines(parts: Sequence[str]) -> str:
    """Escaped, non-empty parts joined by line breaks."""
    return "<br/>".join(esc(p) for p in parts if p.strip())


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(esc(text), style)


def markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose text is already markup (caller escaped the user parts)."""
    return Paragraph(text, style)


def long_date(day: dt.date | None) -> str:
    """The date in the letter's language, through Babel ("15 de mayo de 2025")."""
    return _long_date(day)


def key_value_table(rows: Sequence[tuple[str, str]], styles: Styles) -> Table:
    """Two-column label/value table; values are plain text."""
    data = [
        [Paragraph(esc(label), styles.cell_label), Paragraph(esc(value), styles.cell)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[1.9 * inch, CONTENT_WIDTH - 1.9 * inch], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def reference_table(rows: Sequence[tuple[str, str]], styles: Styles) -> Table:
    """The case's key facts: the first four two to a row, the longer ones full width."""
    short, long = rows[:4], rows[4:]
    label_w, half = 1.4 * inch, CONTENT_WIDTH / 2

    def cells(label: str, value: str) -> list[Paragraph]:
        return [Paragraph(esc(label), styles.cell_label), Paragraph(esc(value), styles.cell)]

    data = [cells(*short[i]) + cells(*short[i + 1]) for i in range(0, len(short) - 1, 2)]
    data += [[*cells(label, value), "", ""] for label, value in long]
    table = Table(data, colWidths=[label_w, half - label_w, label_w, half - label_w], hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("BACKGROUND", (2, 0), (2, len(short) // 2 - 1), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("SPAN", (1, row), (3, row)) for row in range(len(short) // 2, len(data))]
    table.setStyle(table_style(commands))
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: Styles,
) -> Table:
    """A table with a shaded header row; all cells plain text."""
    data = [[Paragraph(esc(h), styles.cell_label) for h in header]]
    data += [[Paragraph(esc_lines(c), styles.cell) for c in row] for row in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def boxed(flowables: list[Flowable], *, border: colors.Color = ACCENT) -> Table:
    """Flowables inside a shaded, ruled box (used for the decision)."""
    table = Table([[flowables]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1, border),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def quote_block(text: str, source: str, styles: Styles) -> Table:
    """A policy quotation with a rule on its left and its source underneath."""
    inner = [
        Paragraph(f"“{esc_lines(text)}”", styles.quote),
        Paragraph(esc(source), styles.fine),
    ]
    table = Table([[inner]], colWidths=[CONTENT_WIDTH - 0.3 * inch], hAlign="RIGHT")
    table.setStyle(
        table_style(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table
