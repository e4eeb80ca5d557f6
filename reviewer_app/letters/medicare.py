"""A Medicare Advantage denial: the content and section order of CMS's Notice of Denial of
Medical Coverage (CMS-10003): why we denied, the right to appeal (a reconsideration
within 65 days), the two kinds of appeal (standard, and fast within 72 hours), how to
ask, who may ask, what happens next, and where to get help (1-800-MEDICARE, SHIP)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reviewer_app.letters.content import LetterData
from reviewer_app.letters.denial import codes, free_documents, peer_to_peer, rationale, reasons
from reviewer_app.letters.i18n import _
from reviewer_app.letters.lob import (
    MA_FAST_HOURS,
    MA_RECONSIDERATION_DAYS,
    MA_STANDARD_RECONSIDERATION_DAYS,
    MEDICARE_LINE,
)
from reviewer_app.letters.styles import Styles, esc, long_date, markup, para


def medicare_denial_sections(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        *_oral_notice(data, styles),
        *reasons(data, styles),
        *rationale(data, styles),
        *_right_to_appeal(data, styles),
        *_kinds_of_appeal(data, styles),
        *_how_to_appeal(data, styles),
        *_who_may_appeal(data, styles),
        *_what_happens_next(data, styles),
        *_help(data, styles),
        *codes(data, styles),
        *free_documents(data, styles),
        *peer_to_peer(data, styles),
    ]


def _oral_notice(data: LetterData, styles: Styles) -> list[Flowable]:
    oral = data.oral_notice
    if oral is None:
        return []
    return [
        para(
            _(
                "We told {to} about this decision by telephone on {date} at {time} "
                "({who}). This letter confirms that call."
            ).format(
                to=oral.to,
                date=long_date(oral.at.date()),
                time=oral.at.strftime("%H:%M %Z").strip(),
                who=oral.by,
            ),
            styles.body,
        )
    ]


def _right_to_appeal(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        para(_("You have the right to appeal our decision"), styles.heading),
        markup(
            _(
                "You have the right to ask {org} to review our decision by asking for an "
                "appeal (a reconsideration). <b>You must ask within {days} calendar days of "
                "the date of this notice, that is by {date}.</b> We can give you more time "
                "if you have a good reason for missing the deadline."
            ).format(
                org=esc(data.organization.name),
                days=MA_RECONSIDERATION_DAYS,
                date=esc(long_date(data.appeal_deadline)),
            ),
            styles.body,
        ),
    ]


def _kinds_of_appeal(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        para(_("There are 2 kinds of appeals"), styles.heading),
        markup(
            _(
                "<b>Standard appeal</b> — We will give you a written decision within {days} "
                "calendar days after we get your appeal."
            ).format(days=MA_STANDARD_RECONSIDERATION_DAYS),
            styles.body,
        ),
        markup(
            _(
                "<b>Fast appeal</b> — We will give you a decision within {hours} hours after "
                "we get your appeal. You can ask for a fast appeal if you or your doctor "
                "believe your health could be seriously harmed by waiting up to {days} days. "
                "If your doctor asks for a fast appeal, we will give you one."
            ).format(hours=MA_FAST_HOURS, days=MA_STANDARD_RECONSIDERATION_DAYS),
            styles.body,
        ),
    ]


def _how_to_appeal(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    address = ", ".join(line for line in org.appeals_address_lines if line.strip())
    return [
        para(_("How to ask for an appeal"), styles.heading),
        markup(
            _(
                "<b>Standard appeal:</b> write to {address}, or fax {fax}. "
                "<b>Fast appeal:</b> call {phone} (TTY: {tty}) or fax {fax}."
            ).format(
                address=esc(address),
                fax=esc(org.appeals_fax),
                phone=esc(org.appeals_phone),
                tty=esc(org.tty),
            ),
            styles.body,
        ),
        para(
            _(
                "Include your name, address, member number ({member_id}), the case number "
                "({case}), the reasons for appealing, and any evidence you want us to "
                "review, such as medical records or a letter from your doctor."
            ).format(member_id=data.member.member_id, case=data.case_id),
            styles.body,
        ),
    ]


def _who_may_appeal(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        para(_("Who may ask for an appeal?"), styles.heading),
        para(
            _(
                "You, or someone you name to act for you (your representative), may ask. "
                "Your doctor may ask for a standard or fast appeal for you."
            ),
            styles.body,
        ),
    ]


def _what_happens_next(data: LetterData, styles: Styles) -> list[Flowable]:
    rule = data.appeal_rule
    text = _(rule.external_review).format(org=data.organization.name, days=0) if rule else ""
    return [para(_("What happens next?"), styles.heading), para(text, styles.body)]


def _help(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    return [
        para(_("Get help and more information"), styles.heading),
        para(
            _("{org} Member Services: {phone} (TTY: {tty}).").format(
                org=org.name, phone=org.phone, tty=org.tty
            ),
            styles.body,
        ),
        para(
            _("Medicare: {line}, 24 hours a day, 7 days a week.").format(line=MEDICARE_LINE),
            styles.body,
        ),
        para(_(org.ship_contact), styles.body),
    ]
