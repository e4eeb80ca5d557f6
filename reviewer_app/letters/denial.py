"""The sections only a denial carries: reasons, rationale, codes, and the member's rights."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph

from reviewer_app.letters.content import EXPEDITED_APPEAL_HOURS, LetterData
from reviewer_app.letters.i18n import _
from reviewer_app.letters.lob import NoticeModel, notice_model
from reviewer_app.letters.lob_sections import (
    appeal_times,
    approvable,
    civil_action,
    medicaid_rights,
    plan_provision,
)
from reviewer_app.letters.styles import (
    CONTENT_WIDTH,
    Styles,
    esc,
    grid_table,
    long_date,
    markup,
    para,
    quote_block,
)


def denial_sections(data: LetterData, styles: Styles) -> list[Flowable]:
    """A commercial, ACA individual or Medicaid denial (Medicare's is in medicare.py)."""
    model = notice_model(data)
    commercial = model in (NoticeModel.COMMERCIAL_GROUP, NoticeModel.ACA_INDIVIDUAL)
    story = reasons(data, styles)
    if commercial:
        story += [*plan_provision(data, styles), *approvable(data, styles)]
    story += [
        *rationale(data, styles),
        *codes(data, styles),
        *free_documents(data, styles),
        *peer_to_peer(data, styles),
        *_appeal_rights(data, styles),
    ]
    if commercial:
        story += civil_action(data, styles)
    if model is NoticeModel.MEDICAID:
        story += medicaid_rights(data, styles)
    return story


def reasons(data: LetterData, styles: Styles) -> list[Flowable]:
    if len(data.failed_criteria) == 1:
        intro = _(
            "We compared the information we received with <b>{policy}</b>. The request does "
            "not meet the following requirement of that policy:"
        )
    else:
        intro = _(
            "We compared the information we received with <b>{policy}</b>. The request does "
            "not meet the following requirements of that policy:"
        )
    story: list[Flowable] = [
        para(_("Why we made this decision"), styles.heading),
        markup(intro.format(policy=esc(data.policy_citation)), styles.body),
    ]
    policy = data.policy_citation.split(",")[0]  # named in full just above
    for number, criterion in enumerate(data.failed_criteria, start=1):
        source = _("Source: {policy}, section “{section}”.").format(
            policy=policy, section=criterion.section_title
        )
        # The heading keeps with its reason; the quote may follow on the next page rather
        # than leave half a page empty.
        story += [
            markup(
                _("{number}. {criterion} — not met").format(
                    number=number, criterion=esc(criterion.label)
                ),
                styles.subheading,
            ),
            para(criterion.plain_reason, styles.body),
            *(Paragraph(esc(b), styles.bullet, bulletText="\u2022") for b in criterion.branches),
            quote_block(criterion.policy_quote, source, styles),
        ]
    return story


def rationale(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        para(_("How the policy applies to you (clinical rationale)"), styles.heading),
        para(data.rationale, styles.body),
    ]


def codes(data: LetterData, styles: Styles) -> list[Flowable]:
    diagnosis = _("Diagnosis (ICD-10-CM)")
    rows = [(code, diagnosis, meaning) for code, meaning in data.diagnoses]
    rows.append((data.cpt, _("Procedure (CPT)"), data.cpt_description))
    if data.denial_code is not None:
        rows.append((data.denial_code.code, _("Denial reason"), _(data.denial_code.meaning)))
    widths = [1.0 * inch, 1.9 * inch, CONTENT_WIDTH - 2.9 * inch]
    return [
        para(_("Diagnosis and procedure codes used in this review"), styles.heading),
        grid_table((_("Code"), _("Type of code"), _("What it means")), rows, widths, styles),
    ]


def free_documents(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    return [
        run_in(
            _("Your right to free copies of documents"),
            _(
                "You may ask us for copies of the coverage criteria we used ({policy}) and of "
                "all documents, records and other information relevant to your request, "
                "including the diagnosis and procedure codes listed above and their meanings. "
                "These are available free of charge, on request. To ask for them, call {phone} "
                "(TTY: {tty}) or write to us at the address at the top of this letter."
            ).format(policy=data.policy_citation, phone=org.phone, tty=org.tty),
            styles,
        ),
    ]


def peer_to_peer(data: LetterData, styles: Styles) -> list[Flowable]:
    signer, org = data.signer, data.organization
    return [
        para(_("Talk with the reviewing physician (peer-to-peer conversation)"), styles.heading),
        markup(
            _(
                "Your doctor may discuss this decision with the physician who reviewed your "
                "request, <b>{name}, {credentials}</b>. To set up a peer-to-peer conversation, "
                "your doctor can call <b>{phone}</b> and give the case number {case}."
            ).format(
                name=esc(signer.name),
                credentials=esc(signer.credentials),
                phone=esc(org.peer_to_peer_phone),
                case=esc(data.case_id),
            ),
            styles.body,
        ),
    ]


def _appeal_rights(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    rule = data.appeal_rule
    days = rule.appeal_days if rule else 0
    address = ", ".join(line for line in org.appeals_address_lines if line.strip())
    urgent_note = (
        " " + _("This request was reviewed as urgent, so you may ask for an expedited appeal.")
        if data.expedited
        else ""
    )
    days_to_hearing = data.fair_hearing_days or 0
    external = _(rule.external_review).format(org=org.name, days=days_to_hearing) if rule else ""
    return [
        para(_("Your right to appeal"), styles.heading),
        markup(
            _(
                "If you disagree with our decision, you, your doctor, or someone you choose to "
                "act for you may ask us for an appeal. <b>You must ask within {days} days of "
                "the date of this letter, that is by {date}.</b>"
            ).format(days=days, date=esc(long_date(data.appeal_deadline))),
            styles.body,
        ),
        para(_("How to appeal"), styles.subheading),
        markup(
            _("Write to: {address}<br/>Call: {phone} (TTY: {tty}) · Fax: {fax}").format(
                address=esc(address),
                phone=esc(org.appeals_phone),
                tty=esc(org.tty),
                fax=esc(org.appeals_fax),
            ),
            styles.body,
        ),
        para(
            _(
                "Include this letter or your case number ({case}) and anything you want us to "
                "consider, such as medical records or a letter from your doctor. A physician "
                "who was not involved in this decision will review your appeal."
            ).format(case=data.case_id),
            styles.body,
        ),
        run_in(
            _("Expedited (fast) appeal for urgent cases"),
            _(
                "If waiting for a standard appeal could seriously harm your life, your health, "
                "or your ability to regain maximum function, you or your doctor may ask for an "
                "expedited appeal by calling {phone}. We will decide an expedited appeal as "
                "fast as your health requires, and within {hours} hours of receiving it."
            ).format(phone=org.appeals_phone, hours=EXPEDITED_APPEAL_HOURS)
            + urgent_note,
            styles,
        ),
        *appeal_times(data, styles),
        run_in(_("External review"), external, styles),
        run_in(_("Help with your appeal"), _(org.consumer_assistance), styles),
    ]


def run_in(title: str, text: str, styles: Styles) -> Flowable:
    """A short section as one paragraph led by its title in bold (as the 502(a) right):
    a line shorter than a heading of its own, and never a heading left at a page's foot."""
    return markup(f"<b>{esc(title)}.</b> {esc(text)}", styles.run_in)
