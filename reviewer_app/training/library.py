"""The demo case library: synthetic intakes with answer keys, in teaching order.

``resources/demo/library/`` holds ``index.json`` (the teaching order, a title and a
one-line summary per case), and per case ``DEMO-0001.json`` (a ``umcase-intake/1``
request) beside ``DEMO-0001.key.json`` (its :class:`AnswerKey`). Loading checks every
file against the policy: a key naming an unknown criterion, a missing answer or a quote
that is not in its block is an error that names the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reviewer_app.decisions.rules import Decision
from reviewer_app.intake import Intake, IntakeError, load_intake
from reviewer_app.policy import Policy, PolicyError, PolicyRegistry
from reviewer_app.policy.models import CriteriaSet, Node
from reviewer_app.resources import resource
from reviewer_app.review.answers import Answer, AnswerSource, Reply
from reviewer_app.training.models import AnswerKey, IndexEntry, LibraryIndex, PolicySentence

INDEX_FILE = "index.json"
KEY_SUFFIX = ".key.json"
FINAL_DECISIONS = (Decision.APPROVE, Decision.DENY, Decision.PEND)

M = TypeVar("M", bound=BaseModel)


class LibraryError(ValueError):
    """A library file is missing or wrong; the message starts with the file."""


def default_library_folder() -> Path:
    return resource("demo", "library")


@dataclass(frozen=True)
class DemoCase:
    """One demo case: its place in the index, the request, the key and its policy."""

    entry: IndexEntry
    intake: Intake
    key: AnswerKey
    intake_path: Path
    key_path: Path
    policy: Policy
    criteria: CriteriaSet

    @property
    def case_id(self) -> str:
        return self.entry.case_id

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def summary(self) -> str:
        return self.entry.summary

    @property
    def service(self) -> str:
        return self.criteria.service

    def leaves(self) -> list[Node]:
        return self.criteria.root.leaves()

    def node(self, criterion_id: str) -> Node:
        for node in self.criteria.root.walk():
            if node.id == criterion_id:
                return node
        raise KeyError(criterion_id)

    def expected_answer(self, criterion_id: str) -> Answer:
        """The key's answer as the reviewer would enter it (a reviewer answer)."""
        return key_answer(self.node(criterion_id), self.key.answers[criterion_id])


@dataclass(frozen=True)
class DemoLibrary:
    folder: Path
    title: str
    cases: tuple[DemoCase, ...]

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[DemoCase]:
        return iter(self.cases)

    def ids(self) -> list[str]:
        return [c.case_id for c in self.cases]

    def case(self, case_id: str) -> DemoCase:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        raise LibraryError(f"no demo case {case_id!r} (known: {', '.join(self.ids())})")


def key_answer(node: Node, value: Any) -> Answer:
    """A key value (``"yes"``, ``"no"``, ``"unknown"`` or a number) as a reviewer's answer."""
    note = "answer key"
    if node.input == "number":
        number = None if value == "unknown" else float(value)
        return Answer(number=number, note=note, source=AnswerSource.REVIEWER)
    return Answer(reply=Reply(value), note=note, source=AnswerSource.REVIEWER)


def load_library(registry: PolicyRegistry, folder: Path | None = None) -> DemoLibrary:
    folder = Path(folder) if folder is not None else default_library_folder()
    if not folder.is_dir():
        raise LibraryError(f"{folder}: the demo library folder does not exist")
    index_path = folder / INDEX_FILE
    index = _model(LibraryIndex, _read_json(index_path), index_path)
    ids = [e.case_id for e in index.cases]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise LibraryError(f"{index_path}: cases listed twice: {', '.join(twice)}")
    _check_orphans(folder, set(ids))
    cases = tuple(_load_case(folder, entry, registry) for entry in index.cases)
    return DemoLibrary(folder=folder, title=index.title, cases=cases)


def _check_orphans(folder: Path, listed: set[str]) -> None:
    for path in sorted(folder.glob("*.json")):
        if path.name == INDEX_FILE:
            continue
        stem = path.name.removesuffix(KEY_SUFFIX).removesuffix(".json")
        if stem not in listed:
            raise LibraryError(f"{path}: not listed in {INDEX_FILE}")


def _load_case(folder: Path, entry: IndexEntry, registry: PolicyRegistry) -> DemoCase:
    intake_path = folder / f"{entry.case_id}.json"
    key_path = folder / f"{entry.case_id}{KEY_SUFFIX}"
    try:
        intake = load_intake(intake_path)
    except IntakeError as exc:
        raise LibraryError(f"{intake_path}: {exc}") from None
    if intake.case_id != entry.case_id:
        raise LibraryError(
            f"{intake_path}: case_id is {intake.case_id!r}, expected {entry.case_id}"
        )
    key = _model(AnswerKey, _read_json(key_path), key_path)
    if key.case_id != entry.case_id:
        raise LibraryError(f"{key_path}: case_id is {key.case_id!r}, expected {entry.case_id}")
    try:
        policy, set_id = registry.for_cpt(intake.service.cpt)
    except PolicyError as exc:
        raise LibraryError(f"{intake_path}: {exc}") from None
    if key.criteria_set != set_id:
        raise LibraryError(
            f"{key_path}: criteria_set is {key.criteria_set!r}, but CPT {intake.service.cpt} "
            f"is reviewed under {set_id!r}"
        )
    criteria = policy.criteria_set(set_id)
    problems = _key_problems(key, policy, criteria)
    if problems:
        raise LibraryError(f"{key_path}: " + "; ".join(problems))
    return DemoCase(entry, intake, key, intake_path, key_path, policy, criteria)


def _key_problems(key: AnswerKey, policy: Policy, criteria: CriteriaSet) -> list[str]:
    leaves = {n.id: n for n in criteria.root.leaves()}
    problems: list[str] = []
    missing = [cid for cid in leaves if cid not in key.answers]
    if missing:
        problems.append(f"answers: missing {', '.join(missing)}")
    for cid, value in key.answers.items():
        node = leaves.get(cid)
        if node is None:
            problems.append(f"answers: unknown criterion {cid!r} (known: {', '.join(leaves)})")
        else:
            problems.extend(_value_problems(node, value))
    for cid in key.findings:
        if cid not in leaves:
            problems.append(f"findings: unknown criterion {cid!r}")
    seen: set[str] = set()
    for i, d in enumerate(key.deciding):
        if d.criterion not in leaves:
            problems.append(f"deciding.{i}: unknown criterion {d.criterion!r}")
        if d.criterion in seen:
            problems.append(f"deciding.{i}: {d.criterion} is listed twice")
        seen.add(d.criterion)
        for j, sentence in enumerate(d.sources):
            problems.extend(sentence_problems(policy, sentence, f"deciding.{i}.sources.{j}"))
    if key.decision not in FINAL_DECISIONS:
        problems.append(
            f"decision: {key.decision.value!r} is not a final decision (approve | deny | pend)"
        )
    return problems


def _value_problems(node: Node, value: Any) -> list[str]:
    if node.input == "number":
        if value == "unknown":
            return []
        if isinstance(value, str):
            return [f"answers.{node.id}: expected a number or 'unknown', got {value!r}"]
        rule = node.rule
        if rule is not None and not rule.minimum <= float(value) <= rule.maximum:
            return [f"answers.{node.id}: {value} is outside {rule.minimum:g}-{rule.maximum:g}"]
        return []
    if not isinstance(value, str):
        return [f"answers.{node.id}: expected yes | no | unknown, got {value!r}"]
    return []


def sentence_problems(policy: Policy, sentence: PolicySentence, where: str) -> list[str]:
    """Why ``sentence`` is not a sentence of ``policy`` (empty when it is)."""
    if not policy.has_anchor(sentence.anchor):
        return [f"{where}: anchor {sentence.anchor} is not in the policy"]
    if sentence.quote not in policy.block(sentence.anchor).text:
        return [f"{where}: quote not found in block {sentence.anchor}: {sentence.quote!r}"]
    return []


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise LibraryError(f"{path}: file is missing") from None
    except UnicodeDecodeError:
        raise LibraryError(f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise LibraryError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None


def _model(model: type[M], data: Any, path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise LibraryError(f"{path}: field {where}: {err['msg']}") from None
