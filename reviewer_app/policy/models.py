"""The data model of a coverage policy stored as JSON under ``policy_data/<id>/``.

Nothing here knows about a particular policy: the criteria engine, the case store and
the UI all work from these classes, so a new policy is a new folder of JSON files.

The classes are frozen, keyword-only dataclasses: immutable, compared by value and
(when every field is hashable, as in ``SourceRef``) hashable. The loader builds them with
``reviewer_app.policy.validate.parse``, which checks types, unknown keys and the
constraints in each field's ``metadata``; the rules that tie fields together live in
``__post_init__`` and hold however an object is made. Constructing one directly with
keywords does not check types (mypy does).

Two choices serve start-up time. The classes are not slotted, so ``parse`` can fill an
instance's ``__dict__`` in one step. And there is no ``from __future__ import
annotations``: with real annotation objects ``parse`` reads the field types without
evaluating strings. Only ``Node``'s references to itself are quoted.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Comparator = Literal["lt", "le", "gt", "ge", "eq"]

_ANCHOR = {"pattern": r"^[a-z0-9][a-z0-9.-]*$"}


@dataclass(frozen=True, kw_only=True)
class Revision:
    type: str
    summary: str
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class PolicyMeta:
    id: str = field(metadata={"pattern": r"^[a-z0-9_-]+$"})
    number: str
    title: str
    short_title: str
    effective_date: dt.date
    next_review_date: dt.date
    revisions: list[Revision]
    related_policies: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    """Parts of the source left out of the product, and why."""


@dataclass(frozen=True, kw_only=True)
class Block:
    anchor: str = field(metadata=_ANCHOR)
    kind: Literal["paragraph", "bullet", "table"]
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind == "table" and not self.rows:
            raise ValueError(f"table block {self.anchor} has no rows")
        if self.kind != "table" and not self.text.strip():
            raise ValueError(f"block {self.anchor} has no text")


@dataclass(frozen=True, kw_only=True)
class Section:
    anchor: str = field(metadata=_ANCHOR)
    title: str
    level: int = field(metadata={"ge": 1, "le": 3})
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Document:
    sections: list[Section]


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """A sentence of the policy: the block it stands in and its exact words."""

    anchor: str
    quote: str


@dataclass(frozen=True, kw_only=True)
class NumberRule:
    op: Comparator
    value: float
    minimum: float
    maximum: float
    unit: str


@dataclass(frozen=True, kw_only=True)
class Prefill:
    """How an intake fact pre-fills a criterion.

    A missing fact leaves the criterion open. A boolean fact answers yes/no directly
    (``None`` is no evidence either way). With ``yes_values`` the answer is yes when the
    fact is one of them, no only when it is one of ``no_values`` (explicit contrary
    evidence), and otherwise stays open for the reviewer, with the intake's words shown.
    A number criterion takes the fact's value as its evidence.
    """

    fact: str
    yes_values: list[str] | None = None
    no_values: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Node:
    id: str = field(metadata={"pattern": r"^[a-z0-9_.]+$"})
    kind: Literal["all_of", "any_of", "criterion"]
    label: str
    question: str = ""
    help: str = ""
    sources: list[SourceRef] = field(default_factory=list)
    otherwise: SourceRef | None = None
    """The policy sentence that applies when this node fails."""
    input: Literal["boolean", "number"] = "boolean"
    rule: NumberRule | None = None
    evidence_label: str = ""
    derived: str = ""
    """Why the criterion follows from its sources though no sentence states it as such."""
    not_met_text: str = ""
    """Plain-language reason for a member when this criterion fails."""
    prefill: Prefill | None = None
    children: list["Node"] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind == "criterion":
            if self.children:
                raise ValueError(f"criterion {self.id} cannot have children")
            if not self.question:
                raise ValueError(f"criterion {self.id} needs a question")
            if not self.sources:
                raise ValueError(f"criterion {self.id} needs at least one policy source")
            if (self.input == "number") != (self.rule is not None):
                raise ValueError(f"criterion {self.id}: a number input needs a rule, and only it")
        elif not self.children:
            raise ValueError(f"group {self.id} has no children")

    def walk(self) -> list["Node"]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def leaves(self) -> list["Node"]:
        return [n for n in self.walk() if n.kind == "criterion"]


@dataclass(frozen=True, kw_only=True)
class CriteriaSet:
    id: str = field(metadata={"pattern": r"^[a-z0-9_]+$"})
    service: str = field(metadata={"pattern": r"^[A-Z0-9_]+$"})
    service_label: str
    plain_description: str
    cpt: list[str]
    root: Node


@dataclass(frozen=True, kw_only=True)
class CodeEntry:
    code: str
    system: Literal["CPT", "HCPCS", "ICD-10-CM"]
    description: str
    criteria_set: str


@dataclass(frozen=True, kw_only=True)
class Coding:
    notes: list[str]
    heading: str
    codes: list[CodeEntry]
    footnote: str = ""


@dataclass(frozen=True, kw_only=True)
class Reference:
    number: int = field(metadata={"ge": 1})
    authors: str
    title: str
    journal: str = ""
    year: str
    volume: str = ""
    issue: str = ""
    pages: str = ""
    url: str = ""
    accessed: str = ""
    text: str
    """The reference exactly as the policy prints it."""


@dataclass(frozen=True, kw_only=True)
class Citation:
    """One in-text citation: the words as printed in a block, and the reference they mean."""

    block: str
    text: str
    reference: int
    mismatch: str | None = None
    """How the printed citation differs from the reference list."""
