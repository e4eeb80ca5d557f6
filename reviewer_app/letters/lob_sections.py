"""Sections a notice carries because of its line of business (see :mod:`.lob`)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reviewer_app.letters.content import LetterData
from reviewer_app.letters.i18n import _
from reviewer_app.letters.lob import (
    COMMERCIAL_APPEAL_DAYS,
    COMMERCIAL_FAST_HOURS,
    EXTENSION_DAYS,
    NoticeModel,
    erisa,
    notice_model,
)
from reviewer_app.letters.styles import Styles, esc, long_date, markup, para


def plan_provision(data: LetterData, styles: Styles) -> list[Flowable]:
    plan = data.plan
    if plan is None:
        return []
    return [
        markup(
            _("<b>The plan provision this decision is based on</b> ({plan}): {text}").format(
                plan=esc(plan.name or data.organization.name), text=esc(_(plan.provision))
            ),
            styles.body,
        )
    ]


def approvable(data: LetterData, styles: Styles) -> list[Flowable]:
    if not data.approvable:
        return []
    return [
        markup(
            _(
                "<b>What could change this decision:</b> we could approve the request if "
                "your doctor sends us information showing the following."
            ),
            styles.body,
        ),
        *(Paragraph(esc(item), styles.bullet, bulletText="\u2022") for item in data.approvable),
    ]


def appeal_times(data: LetterData, styles: Styles) -> list[Flowable]:
    """How long we take to decide the appeal (commercial and ACA individual plans)."""
    if notice_model(data) not in (NoticeModel.COMMERCIAL_GROUP, NoticeModel.ACA_INDIVIDUAL):
        return []
    return [
        para(
            _(
                "We will decide a standard appeal of this request within {days} days of "
                "receiving it, and an expedited appeal within {hours} hours."
            ).format(days=COMMERCIAL_APPEAL_DAYS, hours=COMMERCIAL_FAST_HOURS),
            styles.body,
        )
    ]


def civil_action(data: LetterData, styles: Styles) -> list[Flowable]:
    """ERISA plans only: the right to sue under section 502(a)."""
    if not erisa(data):
        return []
    return [
        markup(
            _(
                "<b>Your right to bring a civil action:</b> if we deny your appeal, you have the "
                "right to bring a civil action under section 502(a) of the Employee "
                "Retirement Income Security Act of 1974 "
                "(ERISA). You may also contact the U.S. Department of Labor, Employee "
                "Benefits Security Administration, at 1-866-444-3272."
            ),
            styles.body,
        ),
    ]


def medicaid_rights(data: LetterData, styles: Styles) -> list[Flowable]:
    org = data.organization
    return [
        para(_("State Fair Hearing"), styles.subheading),
        markup(
            _(
                "After our appeal decision, if you still disagree, you may ask the state for a "
                "State Fair Hearing. <b>You must ask within {days} days of the date of our "
                "appeal decision.</b> You may speak for yourself at the hearing or have a "
                "relative, friend, lawyer or other person speak for you."
            ).format(days=data.fair_hearing_days or 0),
            styles.body,
        ),
        para(_("Keeping your services during your appeal"), styles.subheading),
        para(
            _(
                "If this decision stops or reduces a service you are already getting, you "
                "can keep getting it while your appeal and State Fair Hearing are decided. "
                "Ask for your appeal within 10 days of the date of this letter, or before the "
                "service stops, and tell us you want your services to continue. If the "
                "final decision is not in your favor, you may be asked to pay for the "
                "services you received while the appeal was decided."
            ),
            styles.body,
        ),
        para(_("Your right to file a grievance"), styles.subheading),
        para(
            _(
                "If you are unhappy with us or with the care you received, you may file a "
                "grievance (complaint) at any time by calling {phone} (TTY: {tty}) or writing "
                "to the address at the top of this letter."
            ).format(phone=org.phone, tty=org.tty),
            styles.body,
        ),
        para(_("Free copies of your case file"), styles.subheading),
        para(
            _(
                "You may ask for free copies of your case file, including your medical "
                "records, the criteria we used and any other documents we used to decide, "
                "before and during your appeal. Call {phone}."
            ).format(phone=org.phone),
            styles.body,
        ),
    ]


def extension_sections(data: LetterData, styles: Styles) -> list[Flowable]:
    """Medicare Advantage and Medicaid: a pend is an extension of up to 14 days, taken
    only in the member's interest, with the right to a fast grievance."""
    org = data.organization
    return [
        para(_("Why we are taking more time"), styles.heading),
        markup(
            _(
                "We are taking up to {days} more calendar days to decide, until "
                "<b>{date}</b>. We take this extension because it is in your interest: "
                "{reason}"
            ).format(
                days=EXTENSION_DAYS,
                date=esc(long_date(data.decision_by)),
                reason=esc(data.extension_reason),
            ),
            styles.body,
        ),
        para(_("If you disagree with the extension"), styles.subheading),
        para(
            _(
                "You have the right to file a fast (expedited) grievance if you disagree "
                "with our decision to take more time. Call {phone} (TTY: {tty}). We will "
                "answer a fast grievance within 24 hours."
            ).format(phone=org.phone, tty=org.tty),
            styles.body,
        ),
    ]


def representative_note(data: LetterData, styles: Styles) -> list[Flowable]:
    rep = data.representative
    if rep is None:
        return []
    if data.copy_for_representative:
        text = _(
            "Copy for {name}, the authorized representative of {member}. The same letter "
            "was sent to {member}."
        ).format(name=rep.name, member=data.member.name)
    else:
        text = _("A copy of this letter was sent to your authorized representative, {name}.")
        text = text.format(name=rep.name)
    return [para(text, styles.small)]
