"""The health plan that sends the letters, and the settings of each plan it offers.

``organization.json`` (see :mod:`reviewer_app.decisions.trust`) fills these fields. A
commercial plan's type decides which rights its denial states: only a plan under ERISA
carries the right to a civil action under section 502(a); a non-federal governmental or
church plan, or an ACA individual-market policy, does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reviewer_app.letters.i18n import N_


class PlanType(StrEnum):
    ERISA = "erisa"
    GOVERNMENTAL = "non_federal_governmental"
    CHURCH = "church"
    INDIVIDUAL = "aca_individual"


PLAN_TYPE_LABELS: dict[PlanType, str] = {
    PlanType.ERISA: N_("Employer group plan (ERISA)"),
    PlanType.GOVERNMENTAL: N_("Non-federal governmental group plan"),
    PlanType.CHURCH: N_("Church plan"),
    PlanType.INDIVIDUAL: N_("Individual market (ACA) plan"),
}

# What a denial quotes when the plan's own provision is not configured.
DEFAULT_PLAN_PROVISION = N_(
    "Your plan covers services that are medically necessary under the plan's medical "
    "policies (plan document, section “Covered Services — Medical Necessity”)."
)


@dataclass(frozen=True)
class PlanSettings:
    """One plan the organization offers; ``plan_id`` is what an intake names."""

    plan_id: str
    plan_type: PlanType = PlanType.ERISA
    name: str = ""
    provision: str = DEFAULT_PLAN_PROVISION


def parse_plans(raw: object, where: str) -> tuple[PlanSettings, ...]:
    """``plans`` of organization.json: ``[{"id", "type", "name"?, "provision"?}, ...]``."""
    if not isinstance(raw, list):
        raise ValueError(f"{where}: 'plans' must be a list of objects")
    plans: list[PlanSettings] = []
    for number, item in enumerate(raw, start=1):
        here = f"{where}: plans[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ValueError(f"{here}: needs an 'id' text")
        unknown = set(item) - {"id", "type", "name", "provision"}
        if unknown:
            raise ValueError(f"{here}: unknown field(s) {', '.join(sorted(unknown))}")
        kind = item.get("type", PlanType.ERISA.value)
        if kind not in {t.value for t in PlanType}:
            choices = ", ".join(t.value for t in PlanType)
            raise ValueError(f"{here}: type must be one of {choices}")
        provision = item.get("provision") or DEFAULT_PLAN_PROVISION
        if not isinstance(provision, str) or not isinstance(item.get("name", ""), str):
            raise ValueError(f"{here}: name and provision must be texts")
        plans.append(PlanSettings(item["id"], PlanType(kind), item.get("name", ""), provision))
    return tuple(plans)


@dataclass(frozen=True)
class Organization:
    """The health plan sending the letter (synthetic: never a real payer)."""

    name: str = "Demo Health Plan"
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    tty: str = "711"
    fax: str = ""
    website: str = ""
    appeals_address_lines: tuple[str, ...] = ()
    appeals_phone: str = ""
    appeals_fax: str = ""
    consumer_assistance: str = ""
    peer_to_peer_phone: str = ""
    logo_path: Path | None = None
    plans: tuple[PlanSettings, ...] = ()
    # Medicare Advantage: the member's State Health Insurance Assistance Program.
    ship_contact: str = ""
    # Medicaid: days to ask for a State Fair Hearing, instead of the state's data file.
    fair_hearing_days: int | None = None

    def plan(self, plan_id: str) -> PlanSettings:
        """The configured plan, or an ERISA group plan with the default provision."""
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        return PlanSettings(plan_id)


def demo_organization() -> Organization:
    """A complete, obviously fictional plan (555-01xx numbers, .example domain)."""
    return Organization(
        name="Demo Health Plan",
        address_lines=("100 Example Way", "Springfield, ST 00000"),
        phone="1-800-555-0100",
        tty="711",
        fax="1-800-555-0101",
        website="www.demo-health-plan.example",
        appeals_address_lines=(
            "Demo Health Plan — Appeals Unit",
            "PO Box 0000",
            "Springfield, ST 00000",
        ),
        appeals_phone="1-800-555-0102",
        appeals_fax="1-800-555-0103",
        consumer_assistance=N_(
            "For help with this notice or your appeal rights you may also contact the "
            "Demo State Consumer Assistance Program at 1-800-555-0199 "
            "(www.consumer-help.example)."
        ),
        peer_to_peer_phone="1-800-555-0104",
        plans=(
            PlanSettings("DHP-GROUP", PlanType.ERISA, "Demo Employer Group Plan"),
            PlanSettings("DHP-COUNTY", PlanType.GOVERNMENTAL, "Demo County Employees Plan"),
            PlanSettings("DHP-INDIVIDUAL", PlanType.INDIVIDUAL, "Demo Individual Plan"),
        ),
        ship_contact=N_(
            "Demo State Health Insurance Assistance Program (SHIP): free, unbiased help "
            "with Medicare questions, 1-800-555-0198"
        ),
    )
