"""Pre-fill from diagnosis codes, donor identifiers and chimerism results (issue 16).

A code on the dated hematologic malignancy list answers yes, a solid tumour or a plainly
benign code answers no, any other code stays open; donor IDs match without case, spaces
or punctuation; the lowest lineage of the most recent chimerism study is the number.
"""

from __future__ import annotations

import pytest
from prefill_helpers import (
    AUTO,
    MET,
    NOT_MET,
    OPEN,
    Row,
    check_row,
    dli,
    hpc,
    with_diagnoses,
)

ROWS = [
    # -- chimerism numbers ------------------------------------------------------------------------
    Row(
        "HPC boost at 0% donor cells",
        lambda: hpc(chimerism_percent_donor=0),
        MET,
        yes={"hpc_boost.chimerism_below_100"},
    ),
    Row(
        "HPC boost at 99.99% donor cells",
        lambda: hpc(chimerism_percent_donor=99.99),
        MET,
        yes={"hpc_boost.chimerism_below_100"},
    ),
    Row(
        "HPC boost at 100% donor cells",
        lambda: hpc(chimerism_percent_donor=100),
        OPEN,
        noes={"hpc_boost.chimerism_below_100"},
        open={"hpc_boost.promote_engraftment"},
    ),
    Row(
        "HPC boost at 100.0% donor cells",
        lambda: hpc(chimerism_percent_donor=100.0),
        OPEN,
        noes={"hpc_boost.chimerism_below_100"},
        open={"hpc_boost.promote_engraftment"},
    ),
    Row(
        "HPC boost: CD3 92% while whole blood is 100% on the same day",
        lambda: hpc(
            chimerism_percent_donor=None,
            chimerism_studies=[
                {"date": "2026-10-30", "lineage": "whole blood", "percent_donor": 100},
                {"date": "2026-10-30", "lineage": "CD3", "percent_donor": 92},
            ],
        ),
        MET,
        words={"hpc_boost.chimerism_below_100": "2026-10-30: CD3 92% donor"},
    ),
    Row(
        "HPC boost: an older study at 80%, the most recent at 100% in every lineage",
        lambda: hpc(
            chimerism_percent_donor=None,
            chimerism_studies=[
                {"date": "2026-08-01", "lineage": "CD3", "percent_donor": 80},
                {"date": "2026-11-01", "lineage": "whole blood", "percent_donor": 100},
                {"date": "2026-11-01", "lineage": "CD3", "percent_donor": 100.0},
            ],
        ),
        OPEN,
        noes={"hpc_boost.chimerism_below_100"},
        open={"hpc_boost.promote_engraftment"},
    ),
    # -- diagnoses ------------------------------------------------------------------------------
    Row(
        "DLI for breast cancer C50.911",
        lambda: with_diagnoses(dli(), ("C50.911", "Breast")),
        NOT_MET,
        noes={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI for aplastic anemia D61.9",
        lambda: with_diagnoses(dli(), ("D61.9", "Aplastic")),
        NOT_MET,
        noes={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI coded only as acute GVHD D89.810",
        lambda: with_diagnoses(dli(), ("D89.810", "Acute graft-versus-host disease")),
        OPEN,
        open={"dli.hematologic_malignancy"},
        words={"dli.hematologic_malignancy": "neither side"},
    ),
    Row(
        "DLI coded as a history of leukemia Z85.6",
        lambda: with_diagnoses(dli(), ("Z85.6", "Personal history of leukemia")),
        OPEN,
        open={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI for AML with a second, solid-tumour code",
        lambda: with_diagnoses(dli(), ("C50.911", "Breast"), ("C92.00", "AML")),
        MET,
        yes={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI for a solid tumour and an unlisted code",
        lambda: with_diagnoses(dli(), ("C50.911", "Breast"), ("D89.810", "Acute GVHD")),
        OPEN,
        open={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI for systemic mastocytosis D47.02",
        lambda: with_diagnoses(dli(), ("D47.02", "Systemic mastocytosis")),
        MET,
    ),
    Row(
        "DLI for Castleman disease D47.Z2, not on the list",
        lambda: with_diagnoses(dli(), ("D47.Z2", "Castleman disease")),
        OPEN,
        open={"dli.hematologic_malignancy"},
    ),
    Row(
        "DLI for MDS D46.A", lambda: with_diagnoses(dli(), ("D46.A", "MDS, ring sideroblasts")), MET
    ),
    # -- donor identifiers ---------------------------------------------------------------
    *[
        Row(
            f"DLI, product donor {product!r} for transplant donor DNR-7781",
            (lambda p=product: dli(product_donor_id=p)),
            MET,
            yes={"dli.same_donor"},
        )
        for product in ["dnr7781", "DNR_7781", "DNR.7781", " DNR-7781 ", "Dnr - 7781"]
    ],
    *[
        Row(
            f"DLI, product donor {product!r} for transplant donor DNR-7781",
            (lambda p=product: dli(product_donor_id=p)),
            NOT_MET,
            noes={"dli.same_donor"},
            words={"dli.same_donor": "different donors"},
        )
        for product in ["DNR-7782", "DNR-77810", "DNR-T-7781"]
    ],
    Row(
        "HPC boost after an autologous transplant, product labelled by the lab",
        lambda: hpc(
            transplant=AUTO, product_donor_id="PBSC-LOT-0042", indication="promote_engraftment"
        ),
        OPEN,
        open={"hpc_boost.same_source"},
    ),
    Row(
        "HPC boost after an autologous transplant, product named by the member ID",
        lambda: hpc(
            transplant=AUTO, product_donor_id="demo m 0002", indication="promote_engraftment"
        ),
        MET,
        yes={"hpc_boost.same_source"},
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_prefilled_outcome_follows_the_policy(row: Row) -> None:
    check_row(row)
