"""Training and demo: the synthetic case library, walkthroughs, quizzes and a demo workspace.

No Qt here: the training screens import this package, never the reverse.
"""

from reviewer_app.training.check import CaseCheck, check_case, check_library
from reviewer_app.training.identity import demo_identity
from reviewer_app.training.library import (
    DemoCase,
    DemoLibrary,
    LibraryError,
    load_library,
)
from reviewer_app.training.models import AnswerKey, DecidingCriterion, IndexEntry, PolicySentence
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
