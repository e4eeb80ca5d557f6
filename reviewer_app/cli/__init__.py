"""The `reviewer-app` command line. With no arguments (or a case file) it starts the GUI.

The GUI branch comes first and the subcommands are imported only for a subcommand: the
case commands need the ORM, and a desktop start should not wait for it.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from reviewer_app import APP_NAME
from reviewer_app.cli.errors import (
    EXIT_BAD_INPUT,
    CliError,
    OutputFailed,
    ReportStream,
    one_line,
    output_fault,
)
from reviewer_app.logs import configure_logging, log_error_without_message

log = logging.getLogger(__name__)

PROG = "reviewer-app"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{PROG}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked for (importlib.metadata
    costs every other command ~30 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from reviewer_app import __version__

        print(f"{APP_NAME} {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from reviewer_app.cli import (
        case_cmds,
        decision_cmds,
        demo_cmds,
        notice_cmds,
        org_cmds,
        policy_cmds,
        server_cmds,
    )

    parser = _Parser(prog=PROG, description=f"{APP_NAME}: utilization review for DLI and HPC boost")
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offline and headless that this installation works, then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    policy_cmds.add_parsers(sub)
    case_sub = case_cmds.add_parsers(sub)
    decision_cmds.add_parsers(sub, case_sub)
    notice_cmds.add_parser(case_sub)
    org_cmds.add_parsers(sub)
    demo_cmds.add_parsers(sub)
    server_cmds.add_parsers(sub)
    return parser


def _domain_errors() -> tuple[type[BaseException], ...]:
    from reviewer_app.casefile.errors import CaseFileError
    from reviewer_app.intake.model import IntakeError
    from reviewer_app.policy.loader import PolicyError
    from reviewer_app.review.engine import EvidenceError

    return (CaseFileError, IntakeError, PolicyError, EvidenceError)


def run() -> None:
    """The ``reviewer-app`` program: ``main()``; after a subcommand, the process ends
    once its output and log are flushed, without Python's teardown of every module and
    object (about 100 ms after loading SQLAlchemy and the app, for nothing a command
    leaves behind: its files are closed and its transactions committed by then). The
    window and the self-test end the usual way (Qt's objects and settings)."""
    status = main()
    if opens_window(sys.argv[1:]):
        raise SystemExit(status)
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # the reader left (``… | head``), or a full disk
        _silence_stdout()  # whose fault the command reported already, or will not see
        status = status or EXIT_BAD_INPUT
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    logging.shutdown()
    os._exit(status)


def opens_window(args: Sequence[str]) -> bool:
    """The program's arguments start the window (none, or one case file) or the
    self-test (which makes one offscreen), not a subcommand."""
    single_case = len(args) == 1 and args[0].endswith(".umcase")
    return not args or single_case or list(args) == ["--self-test"]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # pyHanko imports DSA types, and cryptography warns about them when it loads (a letter,
    # an identity): noise on the terminal of the window and of every command, where it
    # would turn a one-line error into three.
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    if args_list == ["--self-test"]:  # before the GUI branch: it must never open a window
        from reviewer_app.ui.selftest import run_self_test

        return run_self_test()
    if opens_window(args_list):
        gc.disable()  # until the window's event loop runs (ui.run.resume_garbage_collection)
        from reviewer_app.ui.run import run_gui

        return int(run_gui([Path(a) for a in args_list]))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not hasattr(args, "handler"):
        parser.print_help()
        return EXIT_BAD_INPUT
    configure_logging()
    from reviewer_app.cli.context import CliContext, load_entry_identity, read_case_key

    ctx = CliContext()
    try:
        ctx.case_key = read_case_key(getattr(args, "case_passphrase_file", None))
        if getattr(args, "signs_entries", False):
            load_entry_identity(ctx, args)
    except CliError as exc:
        _print_error(exc)
        return exc.status
    stdout = sys.stdout
    sys.stdout = cast(TextIO, ReportStream(stdout))
    try:
        status = int(args.handler(args, ctx))
        sys.stdout.flush()
        return status
    except OutputFailed as exc:  # the report, after (some of) the work was done
        if exc.errno == errno.EPIPE:
            _silence_stdout()
        _print_error(output_fault(exc))
        return EXIT_BAD_INPUT
    except CliError as exc:
        _print_error(exc)
        return exc.status
    except _domain_errors() as exc:
        _print_error(_passphrase_hint(args, ctx.case_key, exc) or exc)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return _fault(args, exc)
    finally:
        sys.stdout = stdout


def _passphrase_hint(args: argparse.Namespace, key: object, exc: BaseException) -> str:
    """For an encrypted case given no passphrase: say so, and how to give it."""
    from reviewer_app.casefile.errors import NotACaseFile
    from reviewer_app.casefile.workspace_keys import looks_encrypted
    from reviewer_app.cli.context import PASSPHRASE_ENV

    case = getattr(args, "case", None)
    if key is not None or not isinstance(exc, NotACaseFile) or not isinstance(case, Path):
        return ""
    if not looks_encrypted(case):
        return ""
    return (
        f"{case}: encrypted and needing its passphrase: give it with "
        f"--case-passphrase-file FILE (a file holding it) or in the {PASSPHRASE_ENV} "
        "environment variable"
    )


def _print_error(exc: BaseException | str) -> None:
    print(f"{PROG}: error: {one_line(str(exc), sys.stderr.encoding)}", file=sys.stderr)


def _fault(args: argparse.Namespace, exc: Exception) -> int:
    """A fault of the machine (disk full, read-only folder, broken pipe, a damaged file)
    in one line and exit 2; anything else is a bug, logged with its traceback but never
    its text (which can carry PHI), and reported in one line with exit 3."""
    from reviewer_app.cli import faults

    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
    sub = next((v for k, v in vars(args).items() if k.endswith("_command") and v), "")
    subject = getattr(args, "case", None) or getattr(args, "output", None)
    what = faults.doing(str(args.command), str(sub))
    message = faults.describe(exc, what, subject if isinstance(subject, Path) else None)
    if message is not None:
        log.warning("%s %s failed: %s", args.command, sub, type(exc).__name__)
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    log_error_without_message(log, f"unexpected error in {args.command}", exc)
    print(
        f"{PROG}: internal error ({exc.__class__.__name__}); details are in the log",
        file=sys.stderr,
    )
    return 3


def _silence_stdout() -> None:
    """After a reader closed our output (``... | head``), send the rest nowhere so that
    Python's flush at exit does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    run()
