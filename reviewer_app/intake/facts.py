"""Facts an intake states, keyed by the names that criteria pre-fill rules use.

A fact the intake does not give is ``None``: its criterion stays open.
"""

from __future__ import annotations

from reviewer_app.intake.checks import is_hematologic_malignancy
from reviewer_app.intake.model import Intake

FactValue = str | bool | float | None

_AUTOLOGOUS_PRODUCT = {"autologous", "self", "own"}


def intake_facts(intake: Intake) -> dict[str, FactValue]:
    clinical = intake.clinical
    transplant = clinical.transplant
    heme: bool | None = None
    if intake.diagnoses:
        heme = any(is_hematologic_malignancy(d.icd10) for d in intake.diagnoses)
    return {
        "transplant.type": transplant.type if transplant else None,
        "diagnosis.hematologic_malignancy": heme,
        "clinical.indication": clinical.indication,
        "clinical.chimerism_percent_donor": clinical.chimerism_percent_donor,
        "donor.same_source": _same_source(intake),
    }


def _same_source(intake: Intake) -> bool | None:
    transplant = intake.clinical.transplant
    product = intake.clinical.product_donor_id
    if transplant is None or product is None:
        return None
    if transplant.type == "allogeneic":
        if transplant.donor_id is None:
            return None
        return product.strip().casefold() == transplant.donor_id.strip().casefold()
    if transplant.type == "autologous":
        own = {intake.member.id.casefold(), *_AUTOLOGOUS_PRODUCT}
        if transplant.donor_id:
            own.add(transplant.donor_id.casefold())
        return product.strip().casefold() in own
    return None
