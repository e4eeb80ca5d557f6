"""Case statuses are an enum with their moves in one place (casefile/status.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.casefile.errors import CaseStateError
from reviewer_app.casefile.status import TRANSITIONS, CaseStatus, check_transition

from helpers import make_case, open_case


def test_every_status_has_its_moves_and_a_label() -> None:
    assert set(TRANSITIONS) == set(CaseStatus)
    assert all(status.label for status in CaseStatus)
    assert not TRANSITIONS[CaseStatus.CLOSED]
    assert CaseStatus.IN_REVIEW in TRANSITIONS[CaseStatus.DECIDED]  # a reopening


def test_the_store_refuses_a_move_the_table_does_not_allow(tmp_path: Path) -> None:
    with open_case(make_case(tmp_path)) as case:
        case.set_status("referred_to_md", "Test Runner")
        assert case.status == CaseStatus.REFERRED
        case.set_status("closed", "Test Runner", "withdrawn by the provider")
        with pytest.raises(CaseStateError, match="from Closed to In review"):
            case.set_status("in_review", "Test Runner")
        with pytest.raises(CaseStateError, match="unknown status 'approved'"):
            case.set_status("approved", "Test Runner")
        assert case.status == CaseStatus.CLOSED
        assert case.chain.ok  # the refused moves recorded nothing


def test_check_transition_names_both_ends() -> None:
    assert check_transition("draft", "in_review") is CaseStatus.IN_REVIEW
    assert check_transition("decided", "decided") is CaseStatus.DECIDED
    with pytest.raises(CaseStateError, match="from Decided to Referred"):
        check_transition("decided", "referred_to_md")
