"""The criteria engine over the real policy's criteria sets, every branch and boundary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer_app.policy.models import CriteriaSet, Node
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.review.engine import EvidenceError, Outcome, State, evaluate

from helpers import registry

POLICY = registry().get("cp0261")
DLI = POLICY.criteria_set("dli")
HPC = POLICY.criteria_set("hpc_boost")
Y, N, U = Answer(reply=Reply.YES), Answer(reply=Reply.NO), Answer(reply=Reply.UNKNOWN)


def dli(**overrides: Answer) -> dict[str, Answer]:
    base = {
        "dli.allogeneic_hsct": Y,
        "dli.hematologic_malignancy": Y,
        "dli.relapsed": Y,
        "dli.persistent": N,
        "dli.refractory": N,
        "dli.high_risk_of_relapse": N,
        "dli.same_donor": Y,
    }
    base.update({f"dli.{k}": v for k, v in overrides.items()})
    return base


def hpc(percent: float | None = 82.5, **overrides: Answer) -> dict[str, Answer]:
    base = {
        "hpc_boost.prior_hsct": Y,
        "hpc_boost.promote_engraftment": N,
        "hpc_boost.chimerism_after_allogeneic": Y,
        "hpc_boost.enhance_chimerism": Y,
        "hpc_boost.chimerism_below_100": Answer(number=percent),
        "hpc_boost.same_source": Y,
    }
    base.update({f"hpc_boost.{k}": v for k, v in overrides.items()})
    return base


def test_criteria_sets_mirror_the_policy_statement() -> None:
    assert DLI.cpt == ["38242"] and HPC.cpt == ["38243"]
    assert {n.id for n in DLI.root.leaves()} == set(dli())
    assert {n.id for n in HPC.root.leaves()} == set(hpc())
    # The Overview's same-donor rule and the closing "any other indication" rule are encoded.
    assert DLI.root.children[-1].sources[0].anchor == "overview.p1"
    indication = next(n for n in DLI.root.children if n.id == "dli.indication")
    assert indication.otherwise is not None
    assert "not medically necessary for any other indication" in indication.otherwise.quote


@pytest.mark.parametrize(
    "indication", ["relapsed", "persistent", "refractory", "high_risk_of_relapse"]
)
def test_dli_met_for_each_covered_indication(indication: str) -> None:
    answers = dli(**{"relapsed": N} | {indication: Y})
    ev = evaluate(DLI, answers)
    assert ev.outcome is Outcome.CRITERIA_MET
    assert ev.state("dli.indication") is State.SATISFIED


@pytest.mark.parametrize("criterion", ["allogeneic_hsct", "hematologic_malignancy", "same_donor"])
def test_dli_not_met_when_a_required_criterion_fails(criterion: str) -> None:
    ev = evaluate(DLI, dli(**{criterion: N}))
    assert ev.outcome is Outcome.CRITERIA_NOT_MET
    assert [n.id for n in ev.failed_items] == [f"dli.{criterion}"]


def test_dli_any_other_indication_is_not_met_citing_the_closing_rule() -> None:
    ev = evaluate(DLI, dli(relapsed=N))
    assert ev.outcome is Outcome.CRITERIA_NOT_MET
    assert ev.state("dli.indication") is State.FAILED
    quotes = [ref.quote for ref in ev.failure_sources()]
    assert (
        "DLI and HPC boost are considered not medically necessary for any other indication."
        in quotes
    )


def test_failed_criterion_wins_over_open_ones() -> None:
    answers = dli(allogeneic_hsct=N)
    del answers["dli.same_donor"]
    answers["dli.hematologic_malignancy"] = U
    ev = evaluate(DLI, answers)
    assert ev.outcome is Outcome.CRITERIA_NOT_MET


def test_open_criterion_is_insufficient_information_and_named() -> None:
    answers = dli()
    del answers["dli.same_donor"]
    ev = evaluate(DLI, answers)
    assert ev.outcome is Outcome.INSUFFICIENT_INFORMATION
    assert [n.id for n in ev.open_items] == ["dli.same_donor"]


def test_unknown_counts_as_open() -> None:
    ev = evaluate(DLI, dli(hematologic_malignancy=U))
    assert ev.outcome is Outcome.INSUFFICIENT_INFORMATION


def test_any_of_open_items_only_list_what_still_matters() -> None:
    # One covered indication is satisfied: the other indications are not "still open".
    answers = dli(persistent=U, refractory=U)
    ev = evaluate(DLI, answers)
    assert ev.outcome is Outcome.CRITERIA_MET
    assert ev.open_items == []


def test_hpc_boost_for_engraftment_after_autologous() -> None:
    ev = evaluate(HPC, hpc(None, promote_engraftment=Y, enhance_chimerism=N))
    assert ev.outcome is Outcome.CRITERIA_MET


@pytest.mark.parametrize(
    ("percent", "outcome"),
    [
        (0.0, Outcome.CRITERIA_MET),
        (82.5, Outcome.CRITERIA_MET),
        (99.9, Outcome.CRITERIA_MET),
        (99.99, Outcome.CRITERIA_MET),
        (100.0, Outcome.CRITERIA_NOT_MET),
        (None, Outcome.INSUFFICIENT_INFORMATION),
    ],
)
def test_chimerism_below_100_percent_is_computed(percent: float | None, outcome: Outcome) -> None:
    assert evaluate(HPC, hpc(percent)).outcome is outcome


def test_chimerism_out_of_range_is_refused() -> None:
    for bad in (-0.1, 100.1, float("nan")):
        with pytest.raises(EvidenceError, match="outside 0-100"):
            evaluate(HPC, hpc(bad))


def test_engraftment_covers_a_boost_even_at_full_chimerism() -> None:
    ev = evaluate(HPC, hpc(100.0, promote_engraftment=Y))
    assert ev.outcome is Outcome.CRITERIA_MET


def test_hpc_no_transplant_is_not_met() -> None:
    assert evaluate(HPC, hpc(prior_hsct=N)).outcome is Outcome.CRITERIA_NOT_MET


# -- properties -----------------------------------------------------------------------

REPLIES = st.sampled_from([Reply.YES, Reply.NO, Reply.UNKNOWN, None])


def _answers_strategy(cs: CriteriaSet) -> st.SearchStrategy[dict[str, Answer]]:
    def leaf(node: Node) -> st.SearchStrategy[Answer | None]:
        if node.input == "number":
            return st.one_of(
                st.none(), st.floats(0, 100, allow_nan=False).map(lambda v: Answer(number=v))
            )
        return REPLIES.map(lambda r: None if r is None else Answer(reply=r))

    leaves = cs.root.leaves()
    return st.tuples(*(leaf(n) for n in leaves)).map(
        lambda values: {n.id: a for n, a in zip(leaves, values, strict=True) if a is not None}
    )


def _required_path(node: Node) -> list[Node]:
    """Nodes every 'met' outcome depends on: all_of children, recursively."""
    out = [node]
    if node.kind == "all_of":
        for child in node.children:
            out.extend(_required_path(child))
    return out


@pytest.mark.parametrize("cs", [DLI, HPC], ids=["dli", "hpc_boost"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_never_met_while_a_required_criterion_is_failed_or_open(
    cs: CriteriaSet, data: st.DataObject
) -> None:
    answers = data.draw(_answers_strategy(cs))
    ev = evaluate(cs, answers)
    required = _required_path(cs.root)
    if ev.outcome is Outcome.CRITERIA_MET:
        assert all(ev.state(n.id) is State.SATISFIED for n in required)
    if any(ev.state(n.id) is State.FAILED for n in required):
        assert ev.outcome is Outcome.CRITERIA_NOT_MET
    if ev.outcome is Outcome.INSUFFICIENT_INFORMATION:
        assert ev.open_items, "an open outcome must say what is still open"
        assert all(ev.state(n.id) is not State.FAILED for n in required)
