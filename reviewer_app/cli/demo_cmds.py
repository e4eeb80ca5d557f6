"""`reviewer-app demo ...`: the training library and demo workspaces, headless."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.errors import EXIT_FAILED_CHECK, EXIT_OK, CliError
from reviewer_app.review.engine import OUTCOME_LABELS


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    demo = sub.add_parser("demo", help="synthetic training cases and demo workspaces")
    ds = demo.add_subparsers(dest="demo_command", required=True, metavar="COMMAND")
    library_help = "a demo library folder (default: the one shipped with the app)"

    p = ds.add_parser("create", help="import every demo case as a training case into a folder")
    p.add_argument("workspace", type=Path, metavar="WORKSPACE")
    p.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    p.set_defaults(handler=cmd_create)

    p = ds.add_parser("reset", help="put a demo workspace's cases back as first imported")
    p.add_argument("workspace", type=Path, metavar="WORKSPACE")
    p.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    p.set_defaults(handler=cmd_reset)

    p = ds.add_parser(
        "check", help="check each answer key against the engine (exit 1 if any differ)"
    )
    p.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    p.add_argument(
        "--walkthroughs", type=Path, default=None, metavar="DIR", help="a walkthrough folder"
    )
    p.set_defaults(handler=cmd_check)

    p = ds.add_parser("list", help="list the demo cases in teaching order")
    p.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    p.set_defaults(handler=cmd_list)


def _workspace_errors() -> tuple[type[Exception], ...]:
    from reviewer_app.letters.identity import IdentityError
    from reviewer_app.training.library import LibraryError
    from reviewer_app.training.workspace import WorkspaceError

    return (LibraryError, WorkspaceError, IdentityError)


def _signer(ctx: CliContext) -> Any:
    """Demo cases are training cases: the bundled training identity signs their entries."""
    return ctx.entry_signer("demo", training=True)


def cmd_create(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.training.workspace import create_demo_workspace

    try:
        paths = create_demo_workspace(
            args.workspace, ctx.policies, library_folder=args.library, signer=_signer(ctx)
        )
    except _workspace_errors() as exc:
        raise CliError(str(exc)) from None
    print(f"Demo workspace {args.workspace}: {len(paths)} training case(s)")
    for path in paths:
        print(f"  {path.name}")
    return EXIT_OK


def cmd_reset(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.training.workspace import reset_demo_workspace

    try:
        paths = reset_demo_workspace(
            args.workspace, ctx.policies, library_folder=args.library, signer=_signer(ctx)
        )
    except _workspace_errors() as exc:
        raise CliError(str(exc)) from None
    print(f"Reset {len(paths)} training case(s) in {args.workspace}; other files untouched")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.training.check import check_library
    from reviewer_app.training.library import LibraryError

    try:
        checks = check_library(ctx.policies, args.library, args.walkthroughs)
    except LibraryError as exc:
        raise CliError(f"the demo library does not load: {exc}", EXIT_FAILED_CHECK) from None
    for check in checks:
        print(check.line())
    failed = [c.case_id for c in checks if not c.ok]
    if failed:
        print(f"{len(failed)} of {len(checks)} demo case(s) differ: {', '.join(failed)}")
        return EXIT_FAILED_CHECK
    print(f"All {len(checks)} demo cases match their answer keys")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.training.library import LibraryError, load_library

    try:
        library = load_library(ctx.policies, args.library)
    except LibraryError as exc:
        raise CliError(str(exc)) from None
    for case in library:
        key = case.key
        print(
            f"{case.case_id}  {case.service:<9}  {OUTCOME_LABELS[key.outcome]:<24}  "
            f"{key.decision.value:<7}  {case.title}"
        )
        print(f"           {case.summary}")
    return EXIT_OK
