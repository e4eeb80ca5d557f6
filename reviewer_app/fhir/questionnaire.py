"""A coverage policy's criteria tree as a Da Vinci DTR Questionnaire (FHIR R4).

One item per criterion (``linkId`` = the criterion's ID, ``text`` = its question; a
number criterion is a decimal with its bounds and unit), a group per any/all branch
(``criteria-group-logic``: all | any), and one group per service, shown only when the
``service`` item names one of its CPT codes (``enableWhen``). Each criterion carries the
policy sentences it stands for in the ``policy-source`` extension (anchor, quote): a
sentence is not an ElementDefinition, so ``definition`` is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.meta import Meta
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.questionnaire import (
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireItemAnswerOption,
    QuestionnaireItemEnableWhen,
)

from reviewer_app.fhir import codes
from reviewer_app.policy.loader import Policy
from reviewer_app.policy.models import CriteriaSet, Node

SERVICE_LINK_ID = "service"


def canonical_url(policy: Policy) -> str:
    return f"{codes.DEMO_BASE}/Questionnaire/{policy.id}"


def build_questionnaire(policy: Policy) -> Questionnaire:
    meta = policy.meta
    services = [
        QuestionnaireItemAnswerOption(valueCoding=_cpt(cpt, cs.service_label))
        for cs in policy.criteria_sets
        for cpt in cs.cpt
    ]
    items = [
        QuestionnaireItem(
            linkId=SERVICE_LINK_ID,
            text="Which service is requested?",
            type="choice",
            required=True,
            answerOption=services,
        ),
        *(_service_group(cs) for cs in policy.criteria_sets),
    ]
    return Questionnaire(
        id=policy.id,
        meta=Meta(profile=[codes.DTR_QUESTIONNAIRE]),
        url=canonical_url(policy),
        version=policy.version,
        name=f"CoveragePolicy{meta.number}",
        title=f"Coverage Policy {meta.number}: {meta.title}",
        status="active",
        subjectType=["Patient"],
        date=_midnight(meta.effective_date),
        description=(
            f"The criteria of Coverage Policy {meta.number} as questions, one per criterion "
            f"(linkId = criterion ID), effective {meta.effective_date.isoformat()}."
        ),
        effectivePeriod=Period(
            start=_midnight(meta.effective_date), end=_midnight(meta.next_review_date)
        ),
        item=items,
    )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _cpt(code: str, display: str) -> Coding:
    return Coding(system=codes.CPT, code=code, display=display)


def _service_group(cs: CriteriaSet) -> QuestionnaireItem:
    group = _item(cs.root)
    when = [
        QuestionnaireItemEnableWhen(
            question=SERVICE_LINK_ID, operator="=", answerCoding=_cpt(cpt, cs.service_label)
        )
        for cpt in cs.cpt
    ]
    return group.model_copy(
        update={
            "text": f"{cs.service_label} (CPT {', '.join(cs.cpt)})",
            "enableWhen": when,
            "enableBehavior": "any" if len(when) > 1 else None,
        }
    )


def _item(node: Node) -> QuestionnaireItem:
    if node.kind != "criterion":
        logic = "all" if node.kind == "all_of" else "any"
        return QuestionnaireItem(
            linkId=node.id,
            text=node.label,
            type="group",
            extension=[Extension(url=codes.GROUP_LOGIC, valueCode=logic)],
            item=[_item(child) for child in node.children],
        )
    extensions = [
        Extension(
            url=codes.POLICY_SOURCE,
            extension=[
                Extension(url="anchor", valueString=src.anchor),
                Extension(url="quote", valueString=src.quote),
            ],
        )
        for src in node.sources
    ]
    if node.rule is None:
        return QuestionnaireItem(
            linkId=node.id, text=node.question, type="boolean", extension=extensions
        )
    rule = node.rule
    extensions += [
        Extension(url=codes.MIN_VALUE, valueDecimal=Decimal(str(rule.minimum))),
        Extension(url=codes.MAX_VALUE, valueDecimal=Decimal(str(rule.maximum))),
        Extension(
            url=codes.QUESTIONNAIRE_UNIT,
            valueCoding=Coding(system=codes.UCUM, code="%", display=rule.unit),
        ),
    ]
    return QuestionnaireItem(
        linkId=node.id, text=node.question, type="decimal", extension=extensions
    )


def questionnaire_json(policy: Policy) -> bytes:
    return build_questionnaire(policy).model_dump_json(indent=2, exclude_none=True).encode()
