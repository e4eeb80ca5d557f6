"""Facts an intake states, keyed by the names that criteria pre-fill rules use.

Each fact carries the intake's own words, shown beside its question whatever the
pre-fill makes of it. A fact the intake does not give has the value ``None``: its
criterion stays open. A fact is ``False`` only on explicit contrary evidence: a
diagnosis code on the list's not-malignant side, two donor identifiers that differ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reviewer_app.intake import direct
from reviewer_app.intake.chimerism import deciding_result, describe
from reviewer_app.intake.model import Intake
from reviewer_app.policy.code_lists import CodeList, Side, shipped_code_list

FactValue = str | bool | float | None

_AUTOLOGOUS_PRODUCT = {"autologous", "self", "own"}
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_SIDE_WORDS = {
    Side.ON_LIST: "on the hematologic malignancy list",
    Side.OFF_LIST: "on the list's not-malignant side",
    Side.NEITHER: "on neither side of the list: the reviewer decides",
}


@dataclass(frozen=True)
class Stated:
    """A fact and the intake's words for it."""

    value: FactValue
    words: str = ""
    date: dt.date | None = None
    document: str = ""  # where the words come from, when not the intake request itself


def intake_facts(intake: Intake, codes: CodeList | None = None) -> dict[str, Stated]:
    """The facts of ``intake``; diagnoses are read against ``codes`` (default: the shipped
    ICD-10-CM hematologic malignancy list)."""
    clinical = intake.clinical
    transplant = clinical.transplant
    transplant_words = ""
    if transplant is not None:
        transplant_words = f"transplant type: {transplant.type}"
        if transplant.date:
            transplant_words += f", on {transplant.date}"
    indication = clinical.indication
    return {
        "transplant.type": Stated(transplant.type if transplant else None, transplant_words),
        "diagnosis.hematologic_malignancy": _diagnosis(intake, codes or shipped_code_list()),
        "clinical.indication": Stated(
            indication, f"indication stated: {indication}" if indication else ""
        ),
        "clinical.chimerism_percent_donor": _chimerism(intake),
        "donor.same_source": _same_source(intake),
        **{
            direct.FACT_PREFIX + a.criterion: Stated(
                a.value, direct.words(a), a.authored, direct.DOCUMENT
            )
            for a in intake.direct_answers
        },
    }


def _diagnosis(intake: Intake, codes: CodeList) -> Stated:
    if not intake.diagnoses:
        return Stated(None)
    sides: list[Side] = []
    words: list[str] = []
    for d in intake.diagnoses:
        side, entry = codes.classify(d.icd10)
        sides.append(side)
        where = _SIDE_WORDS[side]
        if entry is not None:
            where += f" ({entry.codes} {entry.description})"
        words.append(f"{d.icd10} {d.description}: {where}")
    value: bool | None = None
    if Side.ON_LIST in sides:
        value = True
    elif all(s is Side.OFF_LIST for s in sides):
        value = False
    text = "; ".join(words) + f" [{codes.code_system} list dated {codes.dated}]"
    return Stated(value, text)


def _chimerism(intake: Intake) -> Stated:
    clinical = intake.clinical
    best = deciding_result(clinical.chimerism_studies)
    single = clinical.chimerism_percent_donor
    if best is not None:
        words = describe(clinical.chimerism_studies)
        if single is not None and single != best.percent_donor:
            words += f"; the request also states {single:g}% donor without a date"
        return Stated(best.percent_donor, words, best.date)
    if single is None:
        return Stated(None)
    return Stated(single, f"chimerism stated: {single:g}% donor (no study date or lineage)")


def normalized_id(identifier: str) -> str:
    """An identifier without case, spaces or punctuation: 'DNR 7781' is 'dnr7781'."""
    return _NOT_ALPHANUMERIC.sub("", identifier.casefold())


def _same_source(intake: Intake) -> Stated:
    transplant = intake.clinical.transplant
    product = intake.clinical.product_donor_id
    if transplant is None or product is None:
        return Stated(None, f'product donor: "{product}"' if product else "")
    donor = transplant.donor_id
    words = f'product donor: "{product}"; transplant donor: "{donor or "not stated"}"'
    if transplant.type == "allogeneic":
        if donor is None:
            return Stated(None, words)
        if normalized_id(product) == normalized_id(donor):
            same = " (the same apart from case, spaces or punctuation)" if product != donor else ""
            return Stated(True, words + same)
        return Stated(False, words + " (different donors)")
    if transplant.type == "autologous":
        own = {normalized_id(intake.member.id), *_AUTOLOGOUS_PRODUCT}
        if donor:
            own.add(normalized_id(donor))
        if normalized_id(product) in own:
            return Stated(True, words + " (the member's own cells)")
        # A product label that is not the member's id is no proof of another donor.
        return Stated(None, words + " (not recognisably the member's own cells)")
    return Stated(None, words)
