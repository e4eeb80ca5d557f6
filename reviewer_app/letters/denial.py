"""The sections only a denial carries: reasons, rationale, codes, and the member's rights."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph

from reviewer_app.letters.content import EXPEDITED_APPEAL_HOURS, LetterData
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
    return [
        *_reasons(data, styles),
        *_rationale(data, styles),
        *_codes(data, styles),
        *_free_documents(data, styles),
        *_peer_to_peer(data, styles),
        *_appeal_rights(data, styles),
    ]


def _reasons(data: LetterData, styles: Styles) -> list[Flowable]:
    count = len(data.failed_criteria)
    noun = "requirement" if count == 1 else "requirements"
    story: list[Flowable] = [
        para("Why we made this decision", styles.heading),
        markup(
            f"We compared the information we received with <b>{esc(data.policy_citation)}</b>. "
            f"The request does not meet the following {noun} of that policy:",
            styles.body,
        ),
    ]
    policy = data.policy_citation.split(",")[0]  # named in full just above
    for number, criterion in enumerate(data.failed_criteria, start=1):
        source = f"Source: {policy}, section “{criterion.section_title}”."
        # The heading keeps with its reason; the quote may follow on the next page rather
        # than leave half a page empty.
        story += [
            markup(f"{number}. {esc(criterion.label)} — not met", styles.subheading),
            para(criterion.plain_reason, styles.body),
            *(Paragraph(esc(b), styles.bullet, bulletText="\u2022") for b in criterion.branches),
            quote_block(criterion.policy_quote, source, styles),
        ]
    return story


def _rationale(data: LetterData, styles: Styles) -> list[Flowable]:
    return [
        para("How the policy applies to you (clinical rationale)", styles.heading),
        para(data.rationale, styles.body),
    ]


def _codes(data: LetterData, styles: Styles) -> list[Flowable]:
    rows = [(code, "Diagnosis (ICD-10-CM)", meaning) for code, meaning in data.diagnoses]
    rows.append((data.cpt, "Procedure (CPT)", data.cpt_description))
    widths = [1.0 * inch, 1.9 * inch, CONTENT_WIDTH - 2.9 * inch]
    return [
        para("Diagnosis and procedure codes used in this review", styles.heading),
        grid_table(("Code", "Type of code", "What it means"), rows, widths, styles),
    ]


def _free_documents(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    return [
        para("Your right to free copies of documents", styles.heading),
        para(
            "You may ask us for copies of the coverage criteria we used "
            f"({data.policy_citation}) and of all documents, records and other information "
            "relevant to your request, including the diagnosis and procedure codes listed "
            "above and their meanings. These are available free of charge, on request. "
            f"To ask for them, call {org.phone} (TTY: {org.tty}) or write to us at the "
            "address at the top of this letter.",
            styles.body,
        ),
    ]


def _peer_to_peer(data: LetterData, styles: Styles) -> list[Flowable]:
    signer, org = data.signer, data.organization
    return [
        para("Talk with the reviewing physician (peer-to-peer conversation)", styles.heading),
        markup(
            "Your doctor may discuss this decision with the physician who reviewed your "
            f"request, <b>{esc(signer.name)}, {esc(signer.credentials)}</b>. To set up a "
            f"peer-to-peer conversation, your doctor can call <b>{esc(org.peer_to_peer_phone)}"
            f"</b> and give the case number {esc(data.case_id)}.",
            styles.body,
        ),
    ]


def _appeal_rights(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    rule = data.appeal_rule
    days = rule.appeal_days if rule else 0
    address = ", ".join(line for line in org.appeals_address_lines if line.strip())
    urgent_note = (
        " This request was reviewed as urgent, so you may ask for an expedited appeal."
        if data.expedited
        else ""
    )
    external = rule.external_review.format(org=org.name) if rule else ""
    return [
        para("Your right to appeal", styles.heading),
        markup(
            "If you disagree with our decision, you, your doctor, or someone you choose to "
            "act for you may ask us for an appeal. <b>You must ask within "
            f"{days} days of the date of this letter, that is by "
            f"{esc(long_date(data.appeal_deadline))}.</b>",
            styles.body,
        ),
        para("How to appeal", styles.subheading),
        markup(
            f"Write to: {esc(address)}<br/>"
            f"Call: {esc(org.appeals_phone)} (TTY: {esc(org.tty)}) · Fax: {esc(org.appeals_fax)}",
            styles.body,
        ),
        para(
            f"Include this letter or your case number ({data.case_id}) and anything you want "
            "us to consider, such as medical records or a letter from your doctor. A "
            "physician who was not involved in this decision will review your appeal.",
            styles.body,
        ),
        para("Expedited (fast) appeal for urgent cases", styles.subheading),
        para(
            "If waiting for a standard appeal could seriously harm your life, your health, "
            "or your ability to regain maximum function, you or your doctor may ask for an "
            f"expedited appeal by calling {org.appeals_phone}. We will decide an expedited "
            f"appeal as fast as your health requires, and within {EXPEDITED_APPEAL_HOURS} "
            f"hours of receiving it.{urgent_note}",
            styles.body,
        ),
        para("External review", styles.subheading),
        para(external, styles.body),
        para("Help with your appeal", styles.subheading),
        para(org.consumer_assistance, styles.body),
    ]
