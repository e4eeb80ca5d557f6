"""Walkthrough scripts: a trainer's step-by-step narration of one demo case.

``resources/demo/walkthroughs/DEMO-0001.json`` lists ordered steps. Each step has a
short narrative for a projected classroom, the criterion it focuses on (``null`` for the
introduction and the outcome), and the policy sentence to highlight. The first step
introduces the case and the last states the outcome and decision.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer_app.policy import Policy
from reviewer_app.policy.models import CriteriaSet
from reviewer_app.resources import resource
from reviewer_app.training.library import DemoCase, sentence_problems
from reviewer_app.training.models import PolicySentence

WALKTHROUGH_SCHEMA = "umcase-demo-walkthrough/1"
MIN_SENTENCES, MAX_SENTENCES = 2, 4
# A sentence ends at . ! or ? followed by space or the end (so "82.5%" is no end).
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s|$)")


class WalkthroughError(ValueError):
    """A walkthrough file is missing or wrong; the message names the file and the step."""


class StepKind(StrEnum):
    INTRO = "intro"
    CRITERION = "criterion"
    OUTCOME = "outcome"


class WalkthroughStep(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: StepKind
    title: str = Field(min_length=1)
    narrative: str = Field(min_length=1)
    criterion: str | None = None
    anchor: str = Field(min_length=1)
    quote: str = Field(min_length=1)

    @property
    def sentence(self) -> PolicySentence:
        return PolicySentence(anchor=self.anchor, quote=self.quote)


class WalkthroughScript(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_id: Literal["umcase-demo-walkthrough/1"] = Field(alias="schema")
    case_id: str
    title: str = Field(min_length=1)
    steps: list[WalkthroughStep] = Field(min_length=2)


def default_walkthrough_folder() -> Path:
    return resource("demo", "walkthroughs")


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip()))


class Walkthrough:
    """A script and a position in it; moving never leaves the first..last step."""

    def __init__(self, script: WalkthroughScript) -> None:
        self._script = script
        self._index = 0

    @property
    def case_id(self) -> str:
        return self._script.case_id

    @property
    def title(self) -> str:
        return self._script.title

    @property
    def steps(self) -> list[WalkthroughStep]:
        return list(self._script.steps)

    def __len__(self) -> int:
        return len(self._script.steps)

    def step(self, i: int) -> WalkthroughStep:
        if not 0 <= i < len(self):
            raise IndexError(f"step {i} does not exist (this walkthrough has 0-{len(self) - 1})")
        return self._script.steps[i]

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> WalkthroughStep:
        return self._script.steps[self._index]

    @property
    def at_start(self) -> bool:
        return self._index == 0

    @property
    def at_end(self) -> bool:
        return self._index == len(self) - 1

    def next(self) -> WalkthroughStep:
        """Move one step on (staying on the last step) and return the current step."""
        self._index = min(self._index + 1, len(self) - 1)
        return self.current

    def previous(self) -> WalkthroughStep:
        """Move one step back (staying on the first step) and return the current step."""
        self._index = max(self._index - 1, 0)
        return self.current

    def go_to(self, i: int) -> WalkthroughStep:
        self.step(i)  # raises for a step that does not exist
        self._index = i
        return self.current

    def progress_text(self) -> str:
        return f"Step {self._index + 1} of {len(self)}"


def load_walkthrough(path: Path, policy: Policy, criteria: CriteriaSet) -> Walkthrough:
    """Read and validate one script against the policy and the case's criteria set."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise WalkthroughError(f"{path}: file is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WalkthroughError(f"{path}: not valid JSON text ({exc})") from None
    try:
        script = WalkthroughScript.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise WalkthroughError(f"{path}: field {where}: {err['msg']}") from None
    if script.case_id != Path(path).stem:
        raise WalkthroughError(f"{path}: case_id {script.case_id!r} does not match the file name")
    problems = script_problems(script, policy, criteria)
    if problems:
        raise WalkthroughError(f"{path}: " + "; ".join(problems))
    return Walkthrough(script)


def walkthrough_for(case: DemoCase, folder: Path | None = None) -> Walkthrough:
    folder = Path(folder) if folder is not None else default_walkthrough_folder()
    return load_walkthrough(folder / f"{case.case_id}.json", case.policy, case.criteria)


def script_problems(script: WalkthroughScript, policy: Policy, criteria: CriteriaSet) -> list[str]:
    node_ids = {n.id for n in criteria.root.walk()}
    problems: list[str] = []
    last = len(script.steps) - 1
    for i, step in enumerate(script.steps):
        where = f"steps.{i}"
        wanted = StepKind.INTRO if i == 0 else StepKind.OUTCOME if i == last else None
        if wanted is not None and step.kind is not wanted:
            problems.append(f"{where}: the {'first' if i == 0 else 'last'} step must be {wanted}")
        if wanted is None and step.kind is not StepKind.CRITERION:
            problems.append(f"{where}: a middle step must be a criterion step, not {step.kind}")
        if step.kind is StepKind.CRITERION:
            if step.criterion is None:
                problems.append(f"{where}: a criterion step needs a criterion id")
            elif step.criterion not in node_ids:
                problems.append(
                    f"{where}: criterion {step.criterion!r} is not in criteria set {criteria.id}"
                )
        elif step.criterion is not None:
            problems.append(f"{where}: an {step.kind} step focuses on no criterion (use null)")
        problems.extend(sentence_problems(policy, step.sentence, where))
        count = sentence_count(step.narrative)
        if not MIN_SENTENCES <= count <= MAX_SENTENCES:
            problems.append(
                f"{where}: the narrative has {count} sentence(s); "
                f"write {MIN_SENTENCES}-{MAX_SENTENCES} for a projected classroom"
            )
    return problems
