"""Translations of a policy's member-facing words: ``policy_data/<id>/languages/<lang>.json``.

Letters quote the policy and name its criteria; a letter in another language takes those
words from a translation file beside the policy. Every entry is marked as a translation
and carries the English text it translates (``{"en": ..., "text": ...}``): an entry whose
English no longer matches the policy is stale and is not used, so the letter check
reports the English words left in the letter instead of printing an outdated translation.
The English policy governs; the letters say so wherever they quote a translation.

The translation file is not part of the policy's content hash: translating a policy does
not change the criteria a case was reviewed under.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer_app.policy.loader import Policy, PolicyError
from reviewer_app.policy.models import Block, CriteriaSet, Document, Node

NODE_FIELDS = ("label", "evidence_label", "not_met_text")
SET_FIELDS = ("service_label", "plain_description")


@dataclass(frozen=True)
class PolicyTranslation:
    language: str
    governing_note: str
    sections: Mapping[str, Mapping[str, str]]  # section anchor -> {"en", "text"}
    blocks: Mapping[str, Mapping[str, str]]  # block anchor -> {"en", "text"}
    criteria_sets: Mapping[str, Mapping[str, Mapping[str, str]]]  # set id -> field -> entry
    criteria: Mapping[str, Mapping[str, Mapping[str, str]]]  # node id -> field -> entry
    codes: Mapping[str, Mapping[str, str]]  # code -> {"en", "text"}


def translation_path(policy: Policy, language: str) -> Path:
    return policy.folder / "languages" / f"{language}.json"


def load_translation(policy: Policy, language: str) -> PolicyTranslation | None:
    """The policy's translation into ``language``, or None when it has none."""
    path = translation_path(policy, language)
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise PolicyError(f"{path}: cannot read the translation ({exc})") from None
    if not isinstance(raw, dict) or raw.get("translation") is not True:
        raise PolicyError(f'{path}: not marked as a translation ("translation": true)')
    if raw.get("policy") != policy.id or raw.get("language") != language:
        raise PolicyError(f"{path}: not the {language} translation of policy {policy.id}")
    return PolicyTranslation(
        language=language,
        governing_note=str(raw.get("governing_note", "")),
        sections=raw.get("sections", {}),
        blocks=raw.get("blocks", {}),
        criteria_sets=raw.get("criteria_sets", {}),
        criteria=raw.get("criteria", {}),
        codes=raw.get("codes", {}),
    )


def pick(entry: Mapping[str, str] | None, english: str) -> str:
    """The translation of ``english`` from ``entry``; ``english`` itself when the entry is
    missing, empty or stale (it translates other English words)."""
    if not entry or entry.get("en") != english or not entry.get("text", "").strip():
        return english
    return entry["text"]


def translate_policy(policy: Policy, tr: PolicyTranslation) -> Policy:
    """The policy with its section titles and block texts translated where ``tr`` has
    them (the rest stays English, and the letter check finds it)."""
    sections = [
        replace(
            section,
            title=pick(tr.sections.get(section.anchor), section.title),
            blocks=[_block(block, tr) for block in section.blocks],
        )
        for section in policy.document.sections
    ]
    index = {block.anchor: (section, block) for section in sections for block in section.blocks}
    return replace(policy, document=Document(sections=sections), _blocks=index)


def _block(block: Block, tr: PolicyTranslation) -> Block:
    if block.kind == "table":
        return block
    return replace(block, text=pick(tr.blocks.get(block.anchor), block.text))


def translate_criteria(cs: CriteriaSet, tr: PolicyTranslation) -> CriteriaSet:
    fields = tr.criteria_sets.get(cs.id, {})
    return replace(
        cs,
        service_label=pick(fields.get("service_label"), cs.service_label),
        plain_description=pick(fields.get("plain_description"), cs.plain_description),
        root=translate_node(cs.root, tr),
    )


def translate_node(node: Node, tr: PolicyTranslation) -> Node:
    fields = tr.criteria.get(node.id, {})
    return replace(
        node,
        label=pick(fields.get("label"), node.label),
        evidence_label=pick(fields.get("evidence_label"), node.evidence_label),
        not_met_text=pick(fields.get("not_met_text"), node.not_met_text),
        children=[translate_node(child, tr) for child in node.children],
    )


def translate_code(code: str, description: str, tr: PolicyTranslation) -> str:
    return pick(tr.codes.get(code), description)


def english_words(policy: Policy, cs: CriteriaSet) -> set[str]:
    """The policy's English words a letter may print: to find them left in a translation."""
    words = {cs.service_label, cs.plain_description}
    for node in cs.root.walk():
        words |= {node.label, node.evidence_label, node.not_met_text}
    for section in policy.document.sections:
        words.add(section.title)
        words |= {block.text for block in section.blocks}
    words |= {c.description for c in policy.coding.codes}
    return {w for w in words if w.strip()}
