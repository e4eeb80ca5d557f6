"""Pre-fill from intake evidence only (issue 16): yes on explicit evidence, no on explicit
contrary evidence, anything else open for the reviewer with the intake's words shown.

Here: the issue's table, pediatric requests, missing fields, transplant types and every
indication. Diagnosis codes, donor identifiers and chimerism results are in
``test_prefill_codes.py``.
"""

from __future__ import annotations

import pytest
from prefill_helpers import (
    AUTO,
    DLI_INDICATIONS,
    MET,
    NOT_MET,
    OPEN,
    Row,
    check_row,
    dli,
    hpc,
    pediatric,
    prefill,
    with_diagnoses,
)

ROWS = [
    # -- the table ---------------------------------------------------------------
    Row(
        "DLI, primary myelofibrosis D47.4",
        lambda: with_diagnoses(dli(), ("D47.4", "Primary myelofibrosis")),
        MET,
        yes={"dli.hematologic_malignancy"},
        words={"dli.hematologic_malignancy": "D47.4 Primary myelofibrosis"},
    ),
    Row(
        "DLI, post-transplant lymphoproliferative disorder D47.Z1",
        lambda: with_diagnoses(dli(), ("D47.Z1", "Post-transplant lymphoproliferative disorder")),
        MET,
        yes={"dli.hematologic_malignancy"},
        words={"dli.hematologic_malignancy": "D47.Z1"},
    ),
    Row(
        "DLI, polycythemia vera D45",
        lambda: with_diagnoses(dli(), ("D45", "Polycythemia vera")),
        MET,
        yes={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI, donor IDs 'DNR 7781' and 'DNR-7781'",
        lambda: dli(product_donor_id="DNR 7781"),
        MET,
        yes={"dli.same_donor"},
        words={"dli.same_donor": '"DNR 7781"'},
    ),
    Row(
        "DLI for falling donor chimerism in AML",
        lambda: dli(indication="enhance_chimerism"),
        OPEN,
        open={"dli.high_risk_of_relapse"},
        words={"dli.high_risk_of_relapse": "enhance_chimerism"},
    ),
    Row(
        "HPC boost after an autologous transplant to enhance chimerism, 90%",
        lambda: hpc(transplant=AUTO, product_donor_id="autologous", chimerism_percent_donor=90),
        OPEN,
        yes={"hpc_boost.enhance_chimerism", "hpc_boost.chimerism_below_100"},
        open={"hpc_boost.chimerism_after_allogeneic", "hpc_boost.promote_engraftment"},
        words={"hpc_boost.chimerism_after_allogeneic": "autologous"},
    ),
    # -- pediatric -------------------------------------------------------------------------
    Row(
        "DLI for relapsed ALL in a seven-year-old",
        lambda: pediatric(
            with_diagnoses(dli(), ("C91.02", "Acute lymphoblastic leukemia, in relapse")),
            "2019-05-01",
        ),
        MET,
    ),
    Row(
        "HPC boost to promote engraftment in a two-year-old after a transplant for SCID",
        lambda: pediatric(
            with_diagnoses(
                hpc(indication="promote_engraftment", chimerism_percent_donor=None),
                ("D81.9", "Combined immunodeficiency, unspecified"),
            ),
            "2024-03-03",
        ),
        MET,
        open={"hpc_boost.enhance_chimerism"},
    ),
    Row(
        "DLI for a child with juvenile myelomonocytic leukemia C93.30",
        lambda: pediatric(
            with_diagnoses(
                dli(indication="high_risk_of_relapse"),
                ("C93.30", "Juvenile myelomonocytic leukemia, not in remission"),
            ),
            "2021-01-15",
        ),
        MET,
        yes={"dli.high_risk_of_relapse"},
    ),
    # -- missing fields ----------------------------------------------------------------------
    Row(
        "DLI without a transplant record",
        lambda: dli(transplant=None),
        OPEN,
        open={"dli.allogeneic_hsct", "dli.same_donor"},
    ),
    Row(
        "DLI without a diagnosis",
        lambda: with_diagnoses(dli()),
        OPEN,
        open={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI without a product donor ID",
        lambda: dli(product_donor_id=None),
        OPEN,
        open={"dli.same_donor"},
    ),
    Row(
        "DLI without the transplant's donor ID",
        lambda: dli(transplant={"type": "allogeneic", "date": "2025-09-10"}),
        OPEN,
        open={"dli.same_donor"},
        words={"dli.same_donor": "not stated"},
    ),
    Row("DLI without an indication", lambda: dli(indication=None), OPEN, open=set(DLI_INDICATIONS)),
    Row(
        "HPC boost without a chimerism result",
        lambda: hpc(chimerism_percent_donor=None),
        OPEN,
        open={"hpc_boost.chimerism_below_100", "hpc_boost.promote_engraftment"},
    ),
    Row(
        "HPC boost without an indication",
        lambda: hpc(indication=None),
        OPEN,
        open={"hpc_boost.promote_engraftment", "hpc_boost.enhance_chimerism"},
    ),
    # -- transplant type -----------------------------------------------------------------------
    Row(
        "DLI after an autologous transplant",
        lambda: dli(transplant=AUTO),
        NOT_MET,
        noes={"dli.allogeneic_hsct"},
    ),
    Row(
        "DLI with no transplant",
        lambda: dli(transplant={"type": "none"}),
        NOT_MET,
        noes={"dli.allogeneic_hsct"},
    ),
    Row(
        "HPC boost with no transplant",
        lambda: hpc(transplant={"type": "none"}),
        NOT_MET,
        noes={"hpc_boost.prior_hsct"},
    ),
    Row(
        "HPC boost for engraftment after an autologous transplant, own cells",
        lambda: hpc(
            transplant=AUTO,
            product_donor_id="Autologous",
            indication="promote_engraftment",
            chimerism_percent_donor=None,
        ),
        MET,
        yes={"hpc_boost.same_source", "hpc_boost.promote_engraftment"},
        open={"hpc_boost.chimerism_after_allogeneic"},
    ),
    # -- every indication -----------------------------------------------------------------------
    *[
        Row(
            f"DLI for {value}",
            (lambda v=value: dli(indication=v)),
            MET,
            yes={criterion},
            open=set(DLI_INDICATIONS) - {criterion},
        )
        for value, criterion in [
            ("relapse", "dli.relapsed"),
            ("persistent_disease", "dli.persistent"),
            ("refractory_disease", "dli.refractory"),
            ("high_risk_of_relapse", "dli.high_risk_of_relapse"),
        ]
    ],
    Row(
        "DLI for another indication",
        lambda: dli(indication="other"),
        NOT_MET,
        noes=set(DLI_INDICATIONS),
    ),
    Row(
        "DLI to promote engraftment",
        lambda: dli(indication="promote_engraftment"),
        NOT_MET,
        noes=set(DLI_INDICATIONS),
    ),
    Row(
        "HPC boost to promote engraftment",
        lambda: hpc(indication="promote_engraftment"),
        MET,
        yes={"hpc_boost.promote_engraftment"},
        open={"hpc_boost.enhance_chimerism"},
    ),
    Row(
        "HPC boost to enhance chimerism at 82.5%",
        lambda: hpc(),
        MET,
        yes={"hpc_boost.enhance_chimerism", "hpc_boost.chimerism_after_allogeneic"},
    ),
    Row(
        "HPC boost for another indication",
        lambda: hpc(indication="other"),
        NOT_MET,
        noes={"hpc_boost.promote_engraftment", "hpc_boost.enhance_chimerism"},
    ),
    *[
        Row(
            f"HPC boost stated for {value}",
            (lambda v=value: hpc(indication=v)),
            OPEN,
            open={"hpc_boost.promote_engraftment", "hpc_boost.enhance_chimerism"},
        )
        for value in ["relapse", "persistent_disease", "refractory_disease", "high_risk_of_relapse"]
    ],
]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_prefilled_outcome_follows_the_policy(row: Row) -> None:
    check_row(row)


def test_the_intake_words_stand_beside_every_question_it_speaks_to() -> None:
    got = prefill(dli(indication="enhance_chimerism"))
    # Open, yet the reviewer sees what the request said.
    assert "dli.high_risk_of_relapse" not in got.answers
    assert got.words["dli.high_risk_of_relapse"] == "indication stated: enhance_chimerism"
    assert (
        "C92.02 Acute myeloblastic leukemia, in relapse" in got.words["dli.hematologic_malignancy"]
    )
    assert "dated 2026-12-06" in got.words["dli.hematologic_malignancy"]


def test_evidence_of_a_diagnosis_answer_names_the_matched_code_and_entry() -> None:
    got = prefill(with_diagnoses(dli(), ("D47.4", "Primary myelofibrosis")))
    evidence = got.answers["dli.hematologic_malignancy"].evidence
    assert evidence.document == "Intake request"
    assert "D47.4 Primary myelofibrosis: on the hematologic malignancy list" in evidence.value
    assert "(D47.4 Osteomyelofibrosis (primary myelofibrosis))" in evidence.value
