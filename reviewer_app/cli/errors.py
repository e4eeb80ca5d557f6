"""Exit statuses of the command line (a contract: scripts depend on them)."""

from __future__ import annotations

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
