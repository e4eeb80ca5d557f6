"""Load a policy folder, validate it, and index it for fast look-ups."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from reviewer_app.policy.earlier import EarlierCriteria, load_earlier
from reviewer_app.policy.models import (
    Block,
    Citation,
    Coding,
    CriteriaSet,
    Document,
    Node,
    PolicyMeta,
    Reference,
    Section,
    SourceRef,
)
from reviewer_app.policy.validate import InvalidData, parse

T = TypeVar("T")

FILES = {
    "meta": "policy.json",
    "document": "document.json",
    "criteria": "criteria.json",
    "coding": "coding.json",
    "references": "references.json",
    "citations": "citations.json",
}


class PolicyError(ValueError):
    """Policy data is missing or wrong; the message names the file and the field."""


@dataclass(frozen=True)
class Policy:
    meta: PolicyMeta
    document: Document
    criteria_sets: tuple[CriteriaSet, ...]
    coding: Coding
    references: tuple[Reference, ...]
    citations: tuple[Citation, ...]
    content_hash: str
    folder: Path
    _blocks: dict[str, tuple[Section, Block]] = field(repr=False, default_factory=dict)
    _earlier: list[EarlierCriteria] = field(repr=False, default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def version(self) -> str:
        """The policy's version is its effective date: a revision brings a new one."""
        return self.meta.effective_date.isoformat()

    def block(self, anchor: str) -> Block:
        return self._blocks[anchor][1]

    def section_of(self, anchor: str) -> Section:
        return self._blocks[anchor][0]

    def has_anchor(self, anchor: str) -> bool:
        return anchor in self._blocks

    def criteria_for_cpt(self, cpt: str) -> CriteriaSet | None:
        for cs in self.criteria_sets:
            if cpt in cs.cpt:
                return cs
        return None

    def criteria_set(self, set_id: str) -> CriteriaSet:
        for cs in self.criteria_sets:
            if cs.id == set_id:
                return cs
        raise KeyError(set_id)

    def earlier_criteria(self, policy_hash: str) -> EarlierCriteria | None:
        """The earlier tree a case created under ``policy_hash`` keeps, if it keeps one."""
        if policy_hash == self.content_hash:
            return None
        return next((e for e in self._earlier if policy_hash in e.policy_hashes), None)

    def criteria_set_for_case(self, set_id: str, policy_hash: str) -> CriteriaSet:
        """The tree a case evaluates with: the one it was created under, if kept, else
        the current one."""
        earlier = self.earlier_criteria(policy_hash)
        return earlier.criteria_set(set_id) if earlier else self.criteria_set(set_id)

    @property
    def covered_cpts(self) -> list[str]:
        return [code for cs in self.criteria_sets for code in cs.cpt]

    def reference(self, number: int) -> Reference:
        return self.references[number - 1]

    def citations_of(self, number: int) -> list[Citation]:
        return [c for c in self.citations if c.reference == number]

    def citations_in(self, anchor: str) -> list[Citation]:
        return [c for c in self.citations if c.block == anchor]

    @cached_property
    def mismatched_citations(self) -> list[Citation]:
        return [c for c in self.citations if c.mismatch]

    def iter_blocks(self) -> Iterator[tuple[Section, Block]]:
        for section in self.document.sections:
            for block in section.blocks:
                yield section, block

    def citation_line(self) -> str:
        m = self.meta
        return f"Coverage Policy {m.number}, {m.short_title}, effective {m.effective_date}"


def _read(folder: Path, key: str) -> tuple[Any, bytes]:
    path = folder / FILES[key]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError(f"{path}: file is missing") from None
    try:
        return json.loads(raw), raw
    except json.JSONDecodeError as exc:
        raise PolicyError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None


def _field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def _validate(model: type[T], data: Any, path: Path) -> T:
    try:
        return parse(model, data)
    except InvalidData as exc:
        raise PolicyError(f"{path}: field {_field_path(tuple(exc.loc))}: {exc.msg}") from None


def load_policy(folder: Path) -> Policy:
    folder = Path(folder)
    if not folder.is_dir():
        raise PolicyError(f"{folder}: policy folder not found")
    digest = hashlib.sha256()
    loaded: dict[str, Any] = {}
    for key, name in FILES.items():
        data, raw = _read(folder, key)
        digest.update(name.encode() + b"\0" + raw + b"\0")
        loaded[key] = data
    path = {k: folder / v for k, v in FILES.items()}

    meta = _validate(PolicyMeta, loaded["meta"], path["meta"])
    document = _validate(Document, loaded["document"], path["document"])
    coding = _validate(Coding, loaded["coding"], path["coding"])
    criteria = [
        _validate(CriteriaSet, item, path["criteria"])
        for item in _as_list(loaded["criteria"], path["criteria"])
    ]
    references = [
        _validate(Reference, item, path["references"])
        for item in _as_list(loaded["references"], path["references"])
    ]
    citations = [
        _validate(Citation, item, path["citations"])
        for item in _as_list(loaded["citations"], path["citations"])
    ]

    blocks: dict[str, tuple[Section, Block]] = {}
    for section in document.sections:
        for block in section.blocks:
            if block.anchor in blocks:
                raise PolicyError(f"{path['document']}: anchor {block.anchor} is used twice")
            blocks[block.anchor] = (section, block)

    policy = Policy(
        meta=meta,
        document=document,
        criteria_sets=tuple(criteria),
        coding=coding,
        references=tuple(references),
        citations=tuple(citations),
        content_hash=digest.hexdigest(),
        folder=folder,
        _blocks=blocks,
        _earlier=_load_earlier(folder),
    )
    _check_links(policy, path)
    return policy


def _load_earlier(folder: Path) -> list[EarlierCriteria]:
    try:
        return load_earlier(folder)
    except ValueError as exc:
        raise PolicyError(str(exc)) from None


def _as_list(data: Any, path: Path) -> list[Any]:
    if not isinstance(data, list):
        raise PolicyError(f"{path}: expected a list at the top level")
    return data


def _check_source(policy: Policy, ref: SourceRef, where: str, path: Path) -> None:
    if not policy.has_anchor(ref.anchor):
        raise PolicyError(f"{path}: {where}: anchor {ref.anchor} is not in the document")
    if ref.quote not in policy.block(ref.anchor).text:
        raise PolicyError(f"{path}: {where}: quote not found in block {ref.anchor}: {ref.quote!r}")


def _check_links(policy: Policy, path: dict[str, Path]) -> None:
    numbers = [r.number for r in policy.references]
    if numbers != list(range(1, len(numbers) + 1)):
        raise PolicyError(f"{path['references']}: references must be numbered 1..N in order")

    for earlier in policy._earlier:
        for cs in earlier.criteria:
            for node in cs.root.walk():
                for ref in [*node.sources, *([node.otherwise] if node.otherwise else [])]:
                    _check_source(policy, ref, f"earlier criterion {node.id}", path["criteria"])

    seen: set[str] = set()
    cpts: set[str] = set()
    for cs in policy.criteria_sets:
        for code in cs.cpt:
            if code in cpts:
                raise PolicyError(f"{path['criteria']}: CPT {code} is in two criteria sets")
            cpts.add(code)
        nodes: list[Node] = cs.root.walk()
        for node in nodes:
            if node.id in seen:
                raise PolicyError(f"{path['criteria']}: criterion id {node.id} is used twice")
            seen.add(node.id)
            for ref in node.sources:
                _check_source(policy, ref, f"criterion {node.id}", path["criteria"])
            if node.otherwise:
                _check_source(policy, node.otherwise, f"criterion {node.id}", path["criteria"])

    set_ids = {cs.id for cs in policy.criteria_sets}
    for entry in policy.coding.codes:
        if entry.criteria_set not in set_ids:
            raise PolicyError(
                f"{path['coding']}: code {entry.code} names unknown criteria set "
                f"{entry.criteria_set}"
            )

    for i, cit in enumerate(policy.citations):
        where = f"citation {i} ({cit.text!r})"
        if not policy.has_anchor(cit.block):
            raise PolicyError(f"{path['citations']}: {where}: block {cit.block} not found")
        if cit.text not in policy.block(cit.block).text:
            raise PolicyError(f"{path['citations']}: {where}: text not in block {cit.block}")
        if not 1 <= cit.reference <= len(numbers):
            raise PolicyError(f"{path['citations']}: {where}: no reference {cit.reference}")
