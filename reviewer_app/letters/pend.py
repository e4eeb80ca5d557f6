"""A request for information: what is needed, by when, and when the decision follows.

Commercial plans pause the clock (at least 45 days to respond, 48 hours when urgent);
Medicare Advantage and Medicaid take an extension of up to 14 days, in the member's
interest, with the right to a fast grievance (:func:`.lob_sections.extension_sections`).
"""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Spacer

from reviewer_app.letters.clocks import time_span
from reviewer_app.letters.content import LetterData
from reviewer_app.letters.i18n import _
from reviewer_app.letters.lob import NoticeModel, notice_model
from reviewer_app.letters.lob_sections import extension_sections
from reviewer_app.letters.styles import (
    CONTENT_WIDTH,
    Styles,
    esc,
    grid_table,
    long_date,
    markup,
    para,
)


def pend_sections(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    rows = [(str(n), item.what, item.why) for n, item in enumerate(data.missing_items, start=1)]
    widths = [
        0.35 * inch,
        (CONTENT_WIDTH - 0.35 * inch) * 0.45,
        (CONTENT_WIDTH - 0.35 * inch) * 0.55,
    ]
    respond_by = esc(long_date(data.respond_by))
    story: list[Flowable] = [
        para(_("What we need"), styles.heading),
        para(
            _("To finish reviewing this request we need the following from {provider}:").format(
                provider=data.provider.name or _("your provider")
            ),
            styles.body,
        ),
        grid_table(("#", _("What we need"), _("Why we need it")), rows, widths, styles),
        Spacer(1, 8),
        markup(
            _(
                "<b>Please send it by {date}.</b> Fax it to {fax}, or mail it to the address "
                "at the top of this letter, and include the case number {case}. Your provider "
                "can also call us at {phone}."
            ).format(
                date=respond_by,
                fax=esc(org.fax or org.phone),
                case=esc(data.case_id),
                phone=esc(org.phone),
            ),
            styles.body,
        ),
        para(_when_we_decide(data), styles.body),
    ]
    if data.policy_citation:
        story.append(
            para(
                _("We are reviewing the request under {policy}.").format(
                    policy=data.policy_citation
                ),
                styles.body,
            )
        )
    if notice_model(data) in (NoticeModel.MEDICARE_ADVANTAGE, NoticeModel.MEDICAID):
        story += extension_sections(data, styles)
    return story


def _when_we_decide(data: LetterData) -> str:
    """When the decision follows, in neutral words: a pend is not a warning."""
    decide, by = data.pend_clock.decide, long_date(data.decision_by)
    if decide:
        return _(
            "We will send our decision to you and your provider within {span} of receiving "
            "the information, and no later than {date}. If the information has not reached "
            "us by {respond_by}, we will decide with the information we have by that same date."
        ).format(span=time_span(decide), date=by, respond_by=long_date(data.respond_by))
    return _(
        "We will send our decision to you and your provider no later than {date}, with the "
        "information we have by then."
    ).format(date=by)
