"""Exit statuses of the command line (a contract: scripts depend on them)."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_FAILED_CHECK = 1  # a check ran and said no: broken audit chain, invalid letter
EXIT_BAD_INPUT = 2  # the input is wrong: missing file, bad value, not allowed


class CliError(Exception):
    """Ends the command with one line on stderr and an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def one_line(text: str, encoding: str | None = None) -> str:
    """``text`` as one printable line: a line break, control character or lone surrogate
    (from a file name, say) is written as its escape, so an error stays one line and
    printing it cannot fail."""
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)
    if encoding:
        shown = shown.encode(encoding, "backslashreplace").decode(encoding)
    return shown


def require_free_output(dest: Path) -> None:
    """Refuse an ``-o`` that names something already there (never overwritten, never
    written through): a folder is called a folder, a link a link, not a file."""
    if dest.is_symlink():
        raise CliError(f"-o {dest}: that is a symbolic link; give the name of a new file")
    if dest.is_dir():
        raise CliError(f"-o {dest}: that is a folder; give the name of a new file in it")
    if dest.exists():
        raise CliError(f"-o {dest}: the file already exists; choose another name")


def require_new_file(dest: Path) -> None:
    """An ``-o`` that names a new file in a folder that exists."""
    if not dest.parent.is_dir():
        raise CliError(f"-o {dest}: the folder {dest.parent} does not exist")
    require_free_output(dest)


BROKEN_PIPE = "the output was closed before everything was written (broken pipe)"


class OutputFailed(OSError):
    """Writing the command's report to standard output failed (a full disk or a closed
    pipe behind it): a fault of the output, not of the work the report is about."""


def output_fault(e: OSError) -> str:
    """One line for a failed write to standard output."""
    if e.errno == errno.EPIPE:
        return BROKEN_PIPE
    return f"standard output: {e.strerror or 'cannot write'}"


class ReportStream:
    """Standard output for a command: a failed write or flush is an ``OutputFailed``, so
    that it is never taken for a fault of the command's own work (a full disk behind
    ``> /dev/full`` is not a full disk where the case file is)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise OutputFailed(exc.errno, exc.strerror) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise OutputFailed(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, isatty, ...
        return getattr(self.stream, name)
