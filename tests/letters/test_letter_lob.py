"""Each line of business carries its own notice (issue 20, item 2): an approval, a denial
and a pend per line, built from intakes of our own, rendered and read back as text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reviewer_app.decisions.letter_builder import LetterRequest, build_letter
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import load_organization
from reviewer_app.letters.content import LetterData, Signer, check_letter, demo_organization
from reviewer_app.letters.elements import OralNotice
from reviewer_app.letters.render import render_letter

from helpers import make_case, open_case

LETTER_DATE = dt.date(2026, 11, 22)
DOCTOR = Signer("Riley Sample", "MD", "medical_director")
RATIONALE = (
    "The records show an autologous transplant of the member's own stem cells. Donor "
    "lymphocyte infusion needs a prior donor transplant, so the policy does not cover it."
)
STATE_ADDRESS = {"line1": "5 Sample Road", "city": "Springfield", "state": "ST",
                 "postal_code": "00000"}  # fmt: skip
INTAKES = {
    Decision.APPROVE: ("dli-relapsed-aml", {}),
    Decision.DENY: ("dli-after-autologous", {}),
    Decision.PEND: (
        "hpc-boost-mixed-chimerism",
        {"clinical__chimerism_percent_donor": None, "urgency": "standard"},
    ),
}
LINES = {
    "erisa": {"line_of_business": "commercial", "plan_id": "DHP-GROUP"},
    "governmental": {"line_of_business": "commercial", "plan_id": "DHP-COUNTY"},
    "aca_individual": {"line_of_business": "commercial", "plan_id": "DHP-INDIVIDUAL"},
    "medicare_advantage": {"line_of_business": "medicare_advantage"},
    "medicaid": {"line_of_business": "medicaid"},
}


def letter(
    tmp_path: Path, decision: Decision, line: str, *, oral: OralNotice | None = None, **more: Any
) -> LetterData:
    name, changes = INTAKES[decision]
    path = make_case(tmp_path, name, **{**changes, **LINES[line], **more})
    with open_case(path) as case:
        case.confirm(None, "test")
        request = LetterRequest(
            decision,
            RATIONALE if decision is Decision.DENY else "",
            DOCTOR,
            demo_organization(),
            LETTER_DATE,
            oral_notice=oral,
        )
        return build_letter(case, case.evaluate(), request)


def text_of(data: LetterData) -> str:
    pages = PdfReader(BytesIO(render_letter(data))).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


COMMERCIAL_DENIAL = (
    "The plan provision this decision is based on",
    "Your plan covers services that are medically necessary",
    "What could change this decision",
    "“Prior allogeneic HSCT” is met",
    "CARC 50",
    "not deemed a “medical necessity” by the payer",
    "within 30 days of receiving it, and an expedited appeal within 72 hours",
    "External review",
    "Consumer Assistance Program",
    "You may ask us for copies of the coverage criteria",
    "December 10, 2026",  # date of service
    "Dr. Max Stand-In",  # the requesting provider
)


@pytest.mark.parametrize("line", ["erisa", "governmental", "aca_individual"])
def test_a_commercial_denial_carries_every_element_and_502a_only_for_erisa(
    tmp_path: Path, line: str
) -> None:
    data = letter(tmp_path, Decision.DENY, line)
    assert check_letter(data) == []
    text = text_of(data)
    for element in COMMERCIAL_DENIAL:
        assert element in text, element
    assert ("section 502(a)" in text) is (line == "erisa")
    label = {"erisa": "(ERISA)", "governmental": "governmental", "aca_individual": "Individual"}
    assert label[line] in text


def test_the_plan_provision_comes_from_the_organization_configuration(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    provision = "Section 4.2: the plan pays for cellular therapy only after a donor transplant."
    (config / "organization.json").write_text(
        '{"plans": [{"id": "ACME-01", "type": "church", "name": "Acme Church Plan", '
        f'"provision": "{provision}"}}]}}',
        "utf-8",
    )
    org = load_organization(config)
    data = letter(tmp_path, Decision.DENY, "erisa", plan_id="ACME-01")
    data = dataclasses.replace(data, plan=org.plan("ACME-01"))
    text = text_of(data)
    assert provision in text and "Acme Church Plan" in text
    assert "section 502(a)" not in text  # a church plan is not under ERISA
    blank = dataclasses.replace(data, plan=dataclasses.replace(data.plan, provision=" "))  # type: ignore[arg-type]
    assert "plan provision" in check_letter(blank)


def test_a_bad_plan_type_in_the_configuration_is_named(tmp_path: Path) -> None:
    (tmp_path / "organization.json").write_text('{"plans": [{"id": "X", "type": "hmo"}]}')
    with pytest.raises(ValueError, match=r"plans\[1\]: type must be one of erisa"):
        load_organization(tmp_path)


def test_a_medicare_advantage_denial_follows_the_cms_notice(tmp_path: Path) -> None:
    data = letter(tmp_path, Decision.DENY, "medicare_advantage")
    assert check_letter(data) == []
    text = text_of(data)
    order = [
        "Notice of Denial of Medical Coverage",
        "Why we made this decision",
        "You have the right to appeal our decision",
        "within 65 calendar days of the date of this notice, that is by January 26, 2027",
        "There are 2 kinds of appeals",
        "Fast appeal — We will give you a decision within 72 hours",
        "How to ask for an appeal",
        "Who may ask for an appeal?",
        "What happens next?",
        "Get help and more information",
        "1-800-MEDICARE (1-800-633-4227), TTY 1-877-486-2048",
        "Health Insurance Assistance Program (SHIP)",
    ]
    places = [text.find(part) for part in order]
    assert -1 not in places, [p for p, at in zip(order, places, strict=True) if at < 0]
    assert places == sorted(places)
    assert "section 502(a)" not in text and "CARC 50" not in text
    assert "Diagnosis and procedure codes used in this review" in text  # the free copies cite them


def test_an_expedited_medicare_denial_needs_its_oral_notice_within_3_days(
    tmp_path: Path,
) -> None:
    data = letter(tmp_path, Decision.DENY, "medicare_advantage", urgency="expedited")
    assert "oral notice of the expedited denial (who, when, to whom)" in check_letter(data)
    call = dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC)
    told = dataclasses.replace(data, oral_notice=OralNotice("Riley Sample, MD", call, "the member"))
    assert check_letter(told) == []
    assert "We told the member about this decision by telephone on November 21, 2026" in (
        text_of(told)
    )
    late = dataclasses.replace(told, letter_date=dt.date(2026, 11, 25))
    assert "written notice (due within 3 calendar days of the oral notice)" in check_letter(late)


def test_a_medicaid_denial_gives_the_state_hearing_window_and_continuation(
    tmp_path: Path,
) -> None:
    data = letter(tmp_path, Decision.DENY, "medicaid")  # Wisconsin: not in the file
    assert data.fair_hearing_days == 120
    assert check_letter(data) == []
    text = text_of(data)
    for element in (
        "State Fair Hearing",
        "You must ask within 120 days of the date of our appeal decision.",
        "Keeping your services during your appeal",
        "within 10 days of the date of this letter",
        "Your right to file a grievance",
        "free copies of your case file, including your medical records, the criteria",
    ):
        assert element in text, element
    (tmp_path / "st").mkdir()
    listed = letter(tmp_path / "st", Decision.DENY, "medicaid", member__address=STATE_ADDRESS)
    assert listed.fair_hearing_days == 90  # the data file's entry for the demo state
    assert "within 90 days of the date of our appeal decision" in text_of(listed)
    missing = dataclasses.replace(listed, fair_hearing_days=None)
    assert "State Fair Hearing window" in check_letter(missing)


@pytest.mark.parametrize("line", list(LINES))
def test_every_line_approves_with_a_complete_letter(tmp_path: Path, line: str) -> None:
    data = letter(tmp_path, Decision.APPROVE, line)
    assert check_letter(data) == []
    text = text_of(data)
    assert "Notice of Approval" in text and data.authorization_number in text


@pytest.mark.parametrize("line", ["medicare_advantage", "medicaid"])
def test_a_medicare_or_medicaid_pend_is_a_14_day_extension_with_a_fast_grievance(
    tmp_path: Path, line: str
) -> None:
    data = letter(tmp_path, Decision.PEND, line)
    assert check_letter(data) == []
    text = text_of(data)
    assert "We are taking up to 14 more calendar days to decide" in text
    assert "it is in your interest" in text
    assert "fast (expedited) grievance" in text
    assert "could then be denied" not in text
    assert "reason for the extension" in " ".join(
        check_letter(dataclasses.replace(data, extension_reason=""))
    )


@pytest.mark.parametrize("line", ["erisa", "aca_individual"])
def test_a_commercial_pend_pauses_the_clock_for_45_days(tmp_path: Path, line: str) -> None:
    data = letter(tmp_path, Decision.PEND, line)
    assert check_letter(data) == []
    assert data.respond_by == LETTER_DATE + dt.timedelta(days=45)
    assert "within 15 days of receiving the information" in text_of(data)


def test_an_urgent_incomplete_commercial_request_is_told_within_24_hours(
    tmp_path: Path,
) -> None:
    received = "2026-11-21T16:00:00Z"
    data = letter(tmp_path, Decision.PEND, "erisa", urgency="expedited", received_at=received)
    assert data.letter_date == dt.date(2026, 11, 22)  # the next day: within 24 hours
    assert check_letter(data) == []
    assert data.respond_by is not None and data.letter_date is not None
    assert data.respond_by - data.letter_date >= dt.timedelta(hours=48)
    text = text_of(data)
    assert "within 48 hours of receiving the information" in text
    late = dataclasses.replace(data, letter_date=dt.date(2026, 11, 23))
    assert "notice of an incomplete urgent request (due within 24 hours of receipt)" in (
        check_letter(late)
    )
    # A standard request has no 24-hour notice.
    assert check_letter(dataclasses.replace(late, urgency="standard", respond_by=None)) == [
        "respond-by date"
    ]
