"""The flowables of a letter, top to bottom (denial-only sections are in denial.py)."""

from __future__ import annotations

import logging

from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from reviewer_app.letters.columns import TwoColumns
from reviewer_app.letters.content import (
    SIGNATURE_DESTINATION,
    LetterData,
    LetterKind,
)
from reviewer_app.letters.denial import denial_sections
from reviewer_app.letters.i18n import _, language_name
from reviewer_app.letters.lob import NoticeModel, notice_model, plan_label
from reviewer_app.letters.lob_sections import representative_note
from reviewer_app.letters.medicare import medicare_denial_sections
from reviewer_app.letters.notices import notices_for
from reviewer_app.letters.pend import pend_sections
from reviewer_app.letters.styles import (
    CONTENT_WIDTH,
    RULE,
    Styles,
    boxed,
    esc,
    key_value_table,
    lines,
    long_date,
    markup,
    para,
    reference_table,
    table_style,
)
from reviewer_app.letters.taglines import tagline_cell

TAGLINE_GAP = 10  # points between the two columns of taglines

log = logging.getLogger(__name__)

SIGNATURE_BOX_WIDTH = 4.2 * inch
SIGNATURE_BOX_HEIGHT = 0.95 * inch


class SignatureSlot(Flowable):  # type: ignore[misc]
    """An empty, dashed box the visible signature goes into.

    It records where it landed as a /FitR named destination, which signing.py reads.
    """

    def __init__(self) -> None:
        super().__init__()
        self.width = SIGNATURE_BOX_WIDTH
        self.height = SIGNATURE_BOX_HEIGHT

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.setDash(3, 2)
        canv.rect(0, 0, self.width, self.height)
        canv.restoreState()
        left, bottom = canv.absolutePosition(0, 0)
        destination = canv.bookmarkPage(
            SIGNATURE_DESTINATION,
            fit="FitR",
            left=round(left, 2),
            bottom=round(bottom, 2),
            right=round(left + self.width, 2),
            top=round(bottom + self.height, 2),
        )
        # A named destination is only written when something refers to it: the catalog's
        # /Dests dictionary does, and it is where signing.py looks.
        canv.setCatalogEntry("Dests", {SIGNATURE_DESTINATION: destination})


def build_story(data: LetterData, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [*_letterhead(data, styles), *_addresses(data, styles)]
    story.append(para(_(data.title), styles.title))
    if data.english_version_of:
        story.append(boxed([para(_english_copy_note(data), styles.body)]))
    story.append(Spacer(1, 2))
    story.append(reference_table(_reference_rows(data), styles))
    story.append(Spacer(1, 4))
    if data.supersedes:
        story.append(
            para(
                _(
                    "This letter (version {version}) replaces the earlier letter about this "
                    "request (version {previous}). Please rely on this one."
                ).format(version=data.version, previous=data.version - 1),
                styles.small,
            )
        )
    story += _salutation(data, styles)
    story.append(para(_("Our decision"), styles.heading))
    story.append(boxed([para(data.decision, styles.body_bold)]))
    model = notice_model(data)
    if data.kind is LetterKind.DENIAL and model is NoticeModel.MEDICARE_ADVANTAGE:
        story += medicare_denial_sections(data, styles)
    elif data.kind is LetterKind.DENIAL:
        story += denial_sections(data, styles)
    elif data.kind is LetterKind.APPROVAL:
        story += _approval_sections(data, styles)
    else:
        story += pend_sections(data, styles)
    # The closing and the signature stay on the page of the last paragraph; the notices
    # that follow may start a new page.
    closing = [*_questions(data, styles), *_signature_block(data, styles)]
    story.append(KeepTogether([*closing, *representative_note(data, styles)]))
    story += _notices(data, styles)
    return story


def _letterhead(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    name_cell: list[Flowable] = []
    logo = _logo(data)
    if logo is not None:
        name_cell.append(logo)
    name_cell.append(para(org.name, styles.org_name))
    fax = _("Fax {fax}").format(fax=org.fax) if org.fax else ""
    more = " · ".join(p for p in (fax, org.website) if p)
    phone = _("Phone {phone} (TTY {tty})").format(phone=org.phone, tty=org.tty)
    contact = [", ".join(org.address_lines), phone, more]
    table = Table(
        [[name_cell, Paragraph(lines(contact), styles.org_contact)]],
        colWidths=[CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.6],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, HRFlowable(width="100%", thickness=1.2, color=RULE, spaceAfter=6)]


def _logo(data: LetterData) -> Image | None:
    """The configured logo, or None (with a warning) when it cannot be read."""
    path = data.organization.logo_path
    if path is None:
        return None
    try:
        ImageReader(str(path)).getSize()  # reportlab reads lazily; fail here, not mid-build
    except Exception:  # reportlab wraps I/O and decoder errors in assorted types
        log.warning("letter logo could not be read; printing the letterhead without it")
        return None
    return Image(str(path), width=1.6 * inch, height=0.6 * inch, kind="proportional", hAlign="LEFT")


def _addresses(data: LetterData, styles: Styles) -> list[Flowable]:
    member = data.member
    rep = data.representative
    to_rep = data.copy_for_representative and rep is not None
    address = rep.address_lines if to_rep and rep is not None else member.address_lines
    return [
        para(long_date(data.letter_date), styles.body),
        markup(lines([_addressee(data), *address]), styles.body),
        para(_("Member ID: {member_id}").format(member_id=member.member_id), styles.body),
        Spacer(1, 2),
    ]


def _salutation(data: LetterData, styles: Styles) -> list[Flowable]:
    name = data.member.name
    if not data.to_guardian:
        return [para(_("Dear {name},").format(name=name), styles.body)]
    return [
        para(_("Dear parent or guardian of {name},").format(name=name), styles.body),
        para(
            _(
                "This letter is about a request for your child, {name}, who is under 18. "
                "Where it says “you” or “your”, it means {name}."
            ).format(name=name),
            styles.body,
        ),
    ]


def _addressee(data: LetterData) -> str:
    name = data.member.name
    rep = data.representative
    if data.copy_for_representative and rep is not None:
        return _("{rep}, authorized representative of {name}").format(rep=rep.name, name=name)
    return _("To the parent or guardian of {name}").format(name=name) if data.to_guardian else name


def _reference_rows(data: LetterData) -> list[tuple[str, str]]:
    provider = data.provider
    who = ", ".join(p for p in (provider.name, provider.organization) if p.strip())
    if provider.npi:
        who = _("{provider} (NPI {npi})").format(provider=who, npi=provider.npi)
    rule = data.appeal_rule
    # Short pairs first: reference_table sets them two to a row.
    return [
        (_("Case number"), data.case_id),
        (_("Service date"), long_date(data.date_of_service)),
        (_("Plan type"), _(plan_label(data)) if rule else data.line_of_business),
        (_("Review type"), _("Expedited (urgent)") if data.expedited else _("Standard")),
        (_("Requested by"), who),
        (_("Service"), data.service),
        (_("Procedure"), f"CPT {data.cpt} — {data.cpt_description}"),
    ]


def _approval_sections(data: LetterData, styles: Styles) -> list[Flowable]:
    period = _("{start} through {end}").format(
        start=long_date(data.authorized_from), end=long_date(data.authorized_through)
    )
    units = "" if data.authorized_units is None else str(data.authorized_units)
    story: list[Flowable] = [
        para(_("What is approved"), styles.heading),
        key_value_table(
            [
                (_("Authorization number"), data.authorization_number),
                (_("Approved service"), data.authorized_service),
                (_("Procedure code"), f"CPT {data.cpt} — {data.cpt_description}"),
                (_("Units approved"), units),
                (_("Approved dates"), period),
                (_("Provider"), data.provider.name),
            ],
            styles,
        ),
        Spacer(1, 6),
        para(
            _(
                "The approval covers only the service, units and dates shown above. Please "
                "give the authorization number to your provider. Payment is subject to your "
                "eligibility and the terms of your benefit plan on the date you receive the "
                "service."
            ),
            styles.body,
        ),
    ]
    if data.policy_citation or data.rationale:
        story.append(para(_("Basis for this decision"), styles.heading))
        if data.policy_citation:
            story.append(
                para(
                    _("We reviewed the request under {policy}.").format(
                        policy=data.policy_citation
                    ),
                    styles.body,
                )
            )
        if data.rationale:
            story.append(para(data.rationale, styles.body))
    return story


def _questions(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    if org.website:
        text = _(
            "If you have questions about this letter, call Member Services at {phone} "
            "(TTY: {tty}), or visit {website}."
        )
    else:
        text = _(
            "If you have questions about this letter, call Member Services at {phone} (TTY: {tty})."
        )
    # The last paragraph, kept with the closing: no heading of its own.
    return [
        Spacer(1, 6),
        para(text.format(phone=org.phone, tty=org.tty, website=org.website), styles.body),
    ]


def _signature_block(data: LetterData, styles: Styles) -> list[Flowable]:
    signer, provider = data.signer, data.provider
    role = _(signer.role_label)
    if data.kind is LetterKind.DENIAL:
        role = _("{role} (reviewing physician)").format(role=role)
    cc = ", ".join(p for p in (provider.name, provider.organization) if p.strip())
    # The signer's name beside the signature box, not under it: a shorter closing keeps
    # with the last paragraph more often, and the letter is a page shorter.
    name = [
        para(_("Sincerely,"), styles.body),
        Spacer(1, 6),
        markup(
            f"<b>{esc(signer.name)}, {esc(signer.credentials)}</b><br/>"
            f"{esc(role)}, {esc(data.organization.name)}",
            styles.body,
        ),
    ]
    closing = Table(
        [[name, SignatureSlot() if not data.english_version_of else _signed_above(data, styles)]],
        colWidths=[CONTENT_WIDTH - SIGNATURE_BOX_WIDTH, SIGNATURE_BOX_WIDTH],
        hAlign="LEFT",
    )
    closing.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 10),
            ]
        )
    )
    return [
        Spacer(1, 4),
        closing,
        Spacer(1, 4),
        para(_("cc: {provider} (requesting provider)").format(provider=cc), styles.small),
    ]


def _english_copy_note(data: LetterData) -> str:
    # English only: this part is never translated.
    language = language_name(data.english_version_of)
    return (
        f"English version of the letter sent in {language}. The member received the "
        f"{language} letter before these pages; this is the same decision in English, for "
        "readers who do not read it. Both are covered by the same signature."
    )


def _signed_above(data: LetterData, styles: Styles) -> Flowable:
    language = language_name(data.english_version_of)
    return para(f"Signed electronically on the {language} letter above.", styles.small)


def _notices(data: LetterData, styles: Styles) -> list[Flowable]:
    notices = notices_for(data.organization, data.line_of_business, data.member.state)
    story: list[Flowable] = [
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=3),
        para(_("Nondiscrimination notice"), styles.notice_heading),
    ]
    story += [para(text, styles.notice) for text in notices.nondiscrimination]
    # The taglines need room for a few lines, not for all of them. They follow the notice
    # above, which says in English that language services are free: no English heading
    # of their own, which only its English readers would read.
    story.append(CondPageBreak(4 * styles.notice.leading))
    cells = [tagline_cell(t, styles) for t in notices.taglines]
    # Two columns, the left filled first, that may continue on the next page: no
    # half-empty page before the taglines, and no row as tall as its longest cell.
    story.append(TwoColumns(cells, gap=TAGLINE_GAP, space=styles.notice.spaceAfter))
    return story
