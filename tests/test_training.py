"""Walkthrough scripts (loading, validation, navigation) and quiz scoring."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.decisions.rules import Decision
from reviewer_app.resources import resource
from reviewer_app.training import (
    DemoCase,
    DemoLibrary,
    QuizError,
    StepKind,
    Walkthrough,
    WalkthroughError,
    load_library,
    load_walkthrough,
    results_to_csv,
    score_quiz,
    walkthrough_for,
)
from reviewer_app.training.quiz import CSV_COLUMNS
from reviewer_app.training.walkthrough import sentence_count

from helpers import registry


@pytest.fixture(scope="module")
def library() -> DemoLibrary:
    return load_library(registry())


def key_replies(case: DemoCase) -> dict[str, Any]:
    """The key's answers as a trainee would type them."""
    return dict(case.key.answers)


# -- walkthroughs -----------------------------------------------------------------------


def test_every_demo_case_has_a_valid_walkthrough(library: DemoLibrary) -> None:
    for case in library:
        wt = walkthrough_for(case)
        assert wt.case_id == case.case_id
        assert len(wt) >= 3
        assert wt.step(0).kind is StepKind.INTRO and wt.step(0).criterion is None
        last = wt.step(len(wt) - 1)
        assert last.kind is StepKind.OUTCOME and last.criterion is None
        leaf_ids = {n.id for n in case.leaves()}
        for step in wt.steps[1:-1]:
            assert step.criterion in leaf_ids
            assert step.quote in case.policy.block(step.anchor).text
            assert 2 <= sentence_count(step.narrative) <= 4


def test_walkthrough_navigation_is_bounded(library: DemoLibrary) -> None:
    wt = walkthrough_for(library.case("DEMO-0001"))
    n = len(wt)
    assert (wt.index, wt.at_start, wt.at_end) == (0, True, False)
    assert wt.previous() == wt.step(0)  # stays on the first step
    assert wt.index == 0
    assert wt.next() == wt.step(1)
    assert wt.progress_text() == f"Step 2 of {n}"
    for _ in range(n + 3):
        wt.next()
    assert wt.index == n - 1 and wt.at_end
    assert wt.current.kind is StepKind.OUTCOME
    assert wt.previous() == wt.step(n - 2)
    assert wt.go_to(0) == wt.step(0)
    for bad in (n, -1):
        with pytest.raises(IndexError):
            wt.step(bad)
    with pytest.raises(IndexError):
        wt.go_to(n)
    assert wt.index == 0  # a refused jump does not move


def _script(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(resource("demo", "walkthroughs", "DEMO-0005.json").read_text("utf-8"))
    change(data)
    path = tmp_path / "DEMO-0005.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["steps"][1].update(criterion="hpc_boost.prior_hsct"),
            "steps.1: criterion 'hpc_boost.prior_hsct' is not in criteria set dli",
        ),
        (
            lambda d: d["steps"][2].update(quote="DLI is always covered."),
            "steps.2: quote not found in block",
        ),
        (lambda d: d["steps"][1].update(anchor="nowhere.p9"), "anchor nowhere.p9 is not in"),
        (lambda d: d["steps"].reverse(), "steps.0: the first step must be intro"),
        (lambda d: d["steps"][0].update(criterion="dli.relapsed"), "focuses on no criterion"),
        (lambda d: d["steps"][1].update(narrative="Too short."), "has 1 sentence(s)"),
        (lambda d: d["steps"][1].update(narrative="A. B. C. D. E."), "has 5 sentence(s)"),
        (lambda d: d.update(case_id="DEMO-0001"), "does not match the file name"),
        (lambda d: d["steps"][1].pop("title"), "field steps.1.title"),
    ],
)
def test_walkthrough_validation_names_the_problem(
    tmp_path: Path, library: DemoLibrary, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    case = library.case("DEMO-0005")
    path = _script(tmp_path, change)
    with pytest.raises(WalkthroughError) as info:
        load_walkthrough(path, case.policy, case.criteria)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_walkthrough_loads_from_another_folder(tmp_path: Path, library: DemoLibrary) -> None:
    folder = tmp_path / "walkthroughs"
    shutil.copytree(resource("demo", "walkthroughs"), folder)
    wt = walkthrough_for(library.case("DEMO-0012"), folder)
    assert isinstance(wt, Walkthrough)
    assert any(s.criterion == "hpc_boost.chimerism_below_100" for s in wt.steps)


def test_sentence_count_ignores_decimals() -> None:
    assert sentence_count("Chimerism is 82.5 percent donor. That is below 100 percent.") == 2
    assert sentence_count("Is it allogeneic? Yes (matched sibling).") == 2


# -- quiz scoring -----------------------------------------------------------------------


@pytest.mark.parametrize("case_id", ["DEMO-0001", "DEMO-0005", "DEMO-0012", "DEMO-0013"])
def test_all_correct_scores_100_percent(library: DemoLibrary, case_id: str) -> None:
    case = library.case(case_id)
    result = score_quiz(case, key_replies(case), case.key.decision, trainee="Trainee A")
    assert result.percent == 100.0
    assert result.fraction == 1
    assert result.correct == result.total == len(case.leaves()) + 1
    assert result.different == []


def test_one_wrong_criterion_names_the_expected_answer_and_its_quote(
    library: DemoLibrary,
) -> None:
    case = library.case("DEMO-0005")  # DLI after an autologous transplant
    answers = key_replies(case) | {"dli.allogeneic_hsct": "yes"}
    result = score_quiz(case, answers, "deny", trainee="Trainee B")
    (wrong,) = result.different
    assert wrong.item == "dli.allogeneic_hsct"
    assert (wrong.expected, wrong.given, wrong.correct) == ("no", "yes", False)
    assert wrong.citation.section_title == "Coverage Policy"
    assert wrong.citation.anchor == "coverage-policy.p1"
    assert "following an allogeneic hematopoietic stem cell transplantation" in (
        wrong.citation.quote
    )
    assert "autologous" in wrong.explanation
    assert result.correct == result.total - 1 == 7
    assert result.fraction == Fraction(7, 8)
    assert result.score_text() == "7/8 (88%)"


def test_chimerism_is_compared_by_verdict_but_both_numbers_shown(library: DemoLibrary) -> None:
    case = library.case("DEMO-0013")
    assert case.key.answers["hpc_boost.chimerism_below_100"] == 82.5
    for given in (85, "85", 85.0):
        answers = key_replies(case) | {"hpc_boost.chimerism_below_100": given}
        result = score_quiz(case, answers, "approve", trainee="Trainee C")
        item = next(i for i in result.items if i.item == "hpc_boost.chimerism_below_100")
        assert item.correct
        assert item.expected.startswith("82.5% donor") and item.given.startswith("85% donor")
    answers = key_replies(case) | {"hpc_boost.chimerism_below_100": 100}
    result = score_quiz(case, answers, "approve", trainee="Trainee C")
    (item,) = result.different
    assert item.expected == "82.5% donor (criterion met)"
    assert item.given == "100% donor (criterion not met)"
    assert "<100% donor cells" in item.citation.quote


def test_blank_and_unknown_agree_with_an_unknown_key(library: DemoLibrary) -> None:
    case = library.case("DEMO-0012")  # no chimerism result: the key says unknown
    answers = {k: v for k, v in key_replies(case).items() if v != "unknown"}
    result = score_quiz(case, answers, Decision.PEND, trainee="Trainee D")
    assert result.percent == 100.0
    answers["hpc_boost.chimerism_below_100"] = 60
    result = score_quiz(case, answers, Decision.PEND, trainee="Trainee D")
    assert [i.item for i in result.different] == ["hpc_boost.chimerism_below_100"]


def test_wrong_decision(library: DemoLibrary) -> None:
    case = library.case("DEMO-0001")
    result = score_quiz(case, key_replies(case), "deny", trainee="Trainee E")
    assert [i.item for i in result.different] == ["decision"]
    assert (result.decision.expected, result.decision.given) == ("approve", "deny")
    assert result.decision.citation.quote
    none = score_quiz(case, key_replies(case), None, trainee="Trainee E")
    assert not none.decision.correct and none.decision.given == "(no decision)"


def test_referral_is_the_nurse_step_on_a_denied_case(library: DemoLibrary) -> None:
    case = library.case("DEMO-0007")  # a medical director denies after referral
    result = score_quiz(case, key_replies(case), "refer", trainee="Trainee F")
    assert result.decision.correct
    assert "medical director, after referral" in result.decision.expected
    approve = score_quiz(case, key_replies(case), "approve", trainee="Trainee F")
    assert not approve.decision.correct


@pytest.mark.parametrize(
    ("answers", "decision", "message"),
    [
        ({"dli.bogus": "yes"}, "approve", "unknown criteria for DEMO-0001: dli.bogus"),
        ({"dli.relapsed": "maybe"}, "approve", "dli.relapsed: expected yes | no | unknown"),
        ({"dli.relapsed": 1}, "approve", "dli.relapsed: expected yes | no | unknown"),
        ({}, "escalate", "decision: 'escalate' is not one of"),
    ],
)
def test_quiz_refuses_what_it_cannot_score(
    library: DemoLibrary, answers: dict[str, Any], decision: str, message: str
) -> None:
    with pytest.raises(QuizError, match=message):
        score_quiz(library.case("DEMO-0001"), answers, decision, trainee="Trainee G")


def test_results_csv_has_a_header_a_row_per_item_and_a_total(library: DemoLibrary) -> None:
    relapse, boost = library.case("DEMO-0001"), library.case("DEMO-0013")
    results = [
        score_quiz(relapse, key_replies(relapse), "approve", trainee="Trainee, H"),
        score_quiz(
            boost,
            key_replies(boost) | {"hpc_boost.same_source": "no"},
            "pend",
            trainee="Trainee I",
        ),
    ]
    rows = list(csv.reader(io.StringIO(results_to_csv(results))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    assert len(body) == sum(r.total + 1 for r in results)
    first = body[: results[0].total + 1]
    assert {r[0] for r in first} == {"Trainee, H"}  # a comma in a name stays one field
    assert [r[2] for r in first[:-1]] == [i.item for i in results[0].items]
    assert first[-1][2:6] == ["total", "8", "8", "100.0%"]
    second = body[results[0].total + 1 :]
    wrong = {r[2]: r for r in second if r[5] == "no"}
    assert set(wrong) == {"hpc_boost.same_source", "decision"}
    assert wrong["hpc_boost.same_source"][3:5] == ["yes", "no"]
    assert "Overview (overview.p1)" in wrong["hpc_boost.same_source"][6]
    assert second[-1][2:6] == ["total", "7", "5", "71.4%"]
