"""A DTR QuestionnaireResponse in a PAS request, read as direct answers to criteria.

The response must answer this workstation's Questionnaire for the policy (its canonical
URL, and the policy's version when it names one). Each answered item whose ``linkId``
is a criterion of the requested service becomes a ``questionnaire_answers`` entry of
the intake, keeping DTR's information origin (auto, override, manual).
"""

from __future__ import annotations

import re
from typing import Any

from reviewer_app.fhir import codes
from reviewer_app.fhir.bundle_index import BundleIndex
from reviewer_app.fhir.errors import FhirInputError
from reviewer_app.fhir.questionnaire import SERVICE_LINK_ID, canonical_url
from reviewer_app.policy.loader import Policy
from reviewer_app.policy.models import CriteriaSet

ORIGINS = ("auto", "override", "manual")
MAX_ITEMS = 200


def questionnaire_responses(index: BundleIndex, claim: Any, claim_at: int) -> list[int]:
    """Entries holding a QuestionnaireResponse (the Claim's ``supportingInfo`` usually
    names it; every reference there must resolve inside the Bundle)."""
    found = {i for i, _ in index.entries("QuestionnaireResponse")}
    for j, info in enumerate(claim.supportingInfo or []):
        if info.valueReference is not None:  # whatever it names must be in the Bundle
            where = index.path(claim_at, "supportingInfo", j, "valueReference")
            index.resolve(info.valueReference, where)
    return sorted(found)


def read_answers(
    index: BundleIndex, at: int, qr: Any, policy: Policy, criteria: CriteriaSet
) -> tuple[list[dict[str, Any]], list[str], str]:
    """(answers, the FHIR path of each, the canonical the response names)."""
    url = canonical_url(policy)
    named = str(qr.questionnaire or "")
    base, _, version = named.partition("|")
    if base != url:
        raise FhirInputError(
            index.path(at, "questionnaire"),
            f"answers another questionnaire (expected {url}, from `policy export "
            f"{policy.id} --questionnaire`)",
        )
    if version and version != policy.version:
        shown = f" {version!r}" if re.fullmatch(r"[0-9][0-9.-]{0,19}", version) else ""
        raise FhirInputError(
            index.path(at, "questionnaire"),
            f"answers another version{shown} of the questionnaire; this workstation has "
            f"version {policy.version}",
        )
    mine = {n.id: n for n in criteria.root.leaves()}
    groups = {n.id for n in criteria.root.walk() if n.kind != "criterion"}
    others = {n.id for cs in policy.criteria_sets if cs.id != criteria.id for n in cs.root.walk()}
    authored = qr.authored.date().isoformat() if qr.authored is not None else None
    answers: list[dict[str, Any]] = []
    paths: list[str] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [
        (item, ("item", i)) for i, item in enumerate(qr.item or [])
    ]
    seen = 0
    while stack:
        item, parts = stack.pop(0)
        seen += 1
        if seen > MAX_ITEMS:
            raise FhirInputError(index.path(at, "item"), f"more than {MAX_ITEMS} items")
        where = index.path(at, *parts)
        link = str(item.linkId)
        stack.extend((child, (*parts, "item", k)) for k, child in enumerate(item.item or []))
        if not item.answer or link == SERVICE_LINK_ID or link in groups:
            continue
        if link in others:
            raise FhirInputError(
                f"{where}.linkId", f"answers a question of another service than {criteria.id}"
            )
        node = mine.get(link)
        if node is None:
            raise FhirInputError(f"{where}.linkId", f"is not an item of the questionnaire {url}")
        if len(item.answer) > 1:
            raise FhirInputError(f"{where}.answer", "has more than one answer")
        answer = item.answer[0]
        entry: dict[str, Any] = {"criterion": link, "origin": _origin(answer, f"{where}.answer[0]")}
        if node.input == "number":
            value = answer.valueDecimal if answer.valueDecimal is not None else answer.valueInteger
            if value is None:
                raise FhirInputError(f"{where}.answer[0]", "expected valueDecimal (a number)")
            entry["number"] = float(value)
        else:
            if answer.valueBoolean is None:
                raise FhirInputError(f"{where}.answer[0]", "expected valueBoolean")
            entry["reply"] = "yes" if answer.valueBoolean else "no"
        if authored:
            entry["authored"] = authored
        answers.append(entry)
        paths.append(f"{where}.answer[0]")
    return answers, paths, named


def _origin(answer: Any, where: str) -> str:
    for ext in answer.extension or []:
        if ext.url != codes.INFORMATION_ORIGIN:
            continue
        for sub in ext.extension or []:
            if sub.url == "source":
                code = str(sub.valueCode or "")
                if code not in ORIGINS:
                    raise FhirInputError(
                        f"{where}.extension",
                        "information-origin source is not auto | override | manual",
                    )
                return code
    return "not stated"
