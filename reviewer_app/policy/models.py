"""Pydantic models for a coverage policy stored as data under ``policy_data/<id>/``.

Nothing here knows about a particular policy: the criteria engine, the case store and
the UI all work from these models, so a new policy is a new folder of JSON files.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Comparator = Literal["lt", "le", "gt", "ge", "eq"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Revision(_Strict):
    type: str
    summary: str
    date: dt.date


class PolicyMeta(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    number: str
    title: str
    short_title: str
    effective_date: dt.date
    next_review_date: dt.date
    revisions: list[Revision]
    related_policies: list[str] = []
    omitted: list[str] = Field(
        default=[], description="Parts of the source left out of the product, and why"
    )


class Block(_Strict):
    anchor: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    kind: Literal["paragraph", "bullet", "table"]
    text: str = ""
    rows: list[list[str]] = []

    @model_validator(mode="after")
    def _has_content(self) -> Block:
        if self.kind == "table" and not self.rows:
            raise ValueError(f"table block {self.anchor} has no rows")
        if self.kind != "table" and not self.text.strip():
            raise ValueError(f"block {self.anchor} has no text")
        return self


class Section(_Strict):
    anchor: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: str
    level: int = Field(ge=1, le=3)
    blocks: list[Block] = []


class Document(_Strict):
    sections: list[Section]


class SourceRef(_Strict):
    """A sentence of the policy: the block it stands in and its exact words."""

    anchor: str
    quote: str


class NumberRule(_Strict):
    op: Comparator
    value: float
    minimum: float
    maximum: float
    unit: str


class Prefill(_Strict):
    """How an intake fact pre-fills a criterion.

    A missing fact leaves the criterion open. A boolean fact answers yes/no directly;
    with ``yes_values`` the answer is yes when the fact is one of them and no otherwise;
    a number criterion takes the fact's value as its evidence.
    """

    fact: str
    yes_values: list[str] | None = None


class Node(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    kind: Literal["all_of", "any_of", "criterion"]
    label: str
    question: str = ""
    help: str = ""
    sources: list[SourceRef] = []
    otherwise: SourceRef | None = Field(
        default=None, description="The policy sentence that applies when this node fails"
    )
    input: Literal["boolean", "number"] = "boolean"
    rule: NumberRule | None = None
    evidence_label: str = ""
    not_met_text: str = Field(
        default="", description="Plain-language reason for a member when this criterion fails"
    )
    prefill: Prefill | None = None
    children: list[Node] = []

    @model_validator(mode="after")
    def _shape(self) -> Node:
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
        return self

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def leaves(self) -> list[Node]:
        return [n for n in self.walk() if n.kind == "criterion"]


class CriteriaSet(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    service: str = Field(pattern=r"^[A-Z0-9_]+$")
    service_label: str
    plain_description: str
    cpt: list[str]
    root: Node


class CodeEntry(_Strict):
    code: str
    system: Literal["CPT", "HCPCS", "ICD-10-CM"]
    description: str
    criteria_set: str


class Coding(_Strict):
    notes: list[str]
    heading: str
    codes: list[CodeEntry]
    footnote: str = ""


class Reference(_Strict):
    number: int = Field(ge=1)
    authors: str
    title: str
    journal: str = ""
    year: str
    volume: str = ""
    issue: str = ""
    pages: str = ""
    url: str = ""
    accessed: str = ""
    text: str = Field(description="The reference exactly as the policy prints it")


class Citation(_Strict):
    """One in-text citation: the words as printed in a block, and the reference they mean."""

    block: str
    text: str
    reference: int
    mismatch: str | None = Field(
        default=None, description="How the printed citation differs from the reference list"
    )


class PolicyFiles(_Strict):
    """What is stored on disk, one model per JSON file."""

    meta: PolicyMeta
    document: Document
    criteria: list[CriteriaSet]
    coding: Coding
    references: list[Reference]
    citations: list[Citation]
