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
