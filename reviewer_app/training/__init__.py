"""Training and demo: the synthetic case library, walkthroughs, quizzes and a demo workspace.

No Qt here: the training screens import this package, never the reverse.
Names load on first use (PEP 562): the window starts without the library, quiz or demo
identity code (the identity's cryptography is slow to import).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewer_app.training.check import CaseCheck, check_case, check_library
    from reviewer_app.training.identity import demo_identity
    from reviewer_app.training.library import (
        DemoCase,
        DemoLibrary,
        LibraryError,
        load_library,
    )
    from reviewer_app.training.models import (
        AnswerKey,
        DecidingCriterion,
        IndexEntry,
        PolicySentence,
    )
    from reviewer_app.training.quiz import (
        PolicyCitation,
        QuizError,
        QuizItem,
        QuizResult,
        results_to_csv,
        score_quiz,
    )
    from reviewer_app.training.walkthrough import (
        StepKind,
        Walkthrough,
        WalkthroughError,
        WalkthroughStep,
        load_walkthrough,
        walkthrough_for,
    )
    from reviewer_app.training.workspace import (
        WorkspaceError,
        create_demo_workspace,
        is_demo_workspace,
        reset_demo_workspace,
    )

_WHERE = {
    "AnswerKey": "reviewer_app.training.models",
    "CaseCheck": "reviewer_app.training.check",
    "DecidingCriterion": "reviewer_app.training.models",
    "DemoCase": "reviewer_app.training.library",
    "DemoLibrary": "reviewer_app.training.library",
    "IndexEntry": "reviewer_app.training.models",
    "LibraryError": "reviewer_app.training.library",
    "PolicyCitation": "reviewer_app.training.quiz",
    "PolicySentence": "reviewer_app.training.models",
    "QuizError": "reviewer_app.training.quiz",
    "QuizItem": "reviewer_app.training.quiz",
    "QuizResult": "reviewer_app.training.quiz",
    "StepKind": "reviewer_app.training.walkthrough",
    "Walkthrough": "reviewer_app.training.walkthrough",
    "WalkthroughError": "reviewer_app.training.walkthrough",
    "WalkthroughStep": "reviewer_app.training.walkthrough",
    "WorkspaceError": "reviewer_app.training.workspace",
    "check_case": "reviewer_app.training.check",
    "check_library": "reviewer_app.training.check",
    "create_demo_workspace": "reviewer_app.training.workspace",
    "demo_identity": "reviewer_app.training.identity",
    "is_demo_workspace": "reviewer_app.training.workspace",
    "load_library": "reviewer_app.training.library",
    "load_walkthrough": "reviewer_app.training.walkthrough",
    "reset_demo_workspace": "reviewer_app.training.workspace",
    "results_to_csv": "reviewer_app.training.quiz",
    "score_quiz": "reviewer_app.training.quiz",
    "walkthrough_for": "reviewer_app.training.walkthrough",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AnswerKey",
    "CaseCheck",
    "DecidingCriterion",
    "DemoCase",
    "DemoLibrary",
    "IndexEntry",
    "LibraryError",
    "PolicyCitation",
    "PolicySentence",
    "QuizError",
    "QuizItem",
    "QuizResult",
    "StepKind",
    "Walkthrough",
    "WalkthroughError",
    "WalkthroughStep",
    "WorkspaceError",
    "check_case",
    "check_library",
    "create_demo_workspace",
    "demo_identity",
    "is_demo_workspace",
    "load_library",
    "load_walkthrough",
    "reset_demo_workspace",
    "results_to_csv",
    "score_quiz",
    "walkthrough_for",
]
