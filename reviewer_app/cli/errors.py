"""Exit statuses of the command line (a contract: scripts depend on them)."""

from __future__ import annotations

from pathlib import Path

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
    """Refuse an ``-o`` that names something already there (never overwritten); a folder
    is called a folder, not a file."""
    if dest.is_dir() and not dest.is_symlink():
        raise CliError(f"-o {dest}: that is a folder; give the name of a new file in it")
    if dest.exists() or dest.is_symlink():
        raise CliError(f"-o {dest}: the file already exists; choose another name")
