"""What can go wrong with a case file, each with a message a reviewer can act on."""

from __future__ import annotations


class CaseFileError(Exception):
    """Base: the message is one sentence naming the file and the problem."""


class NotACaseFile(CaseFileError):
    pass


class NewerSchema(CaseFileError):
    pass


class CaseLocked(CaseFileError):
    def __init__(self, path: str, holder: str) -> None:
        self.holder = holder
        super().__init__(f"{path}: the case is open in another session ({holder}); read-only here")


class ReadOnlyCase(CaseFileError):
    pass


class CaseStateError(CaseFileError):
    """The action is not allowed in the case's current state (decided, locked...)."""


class LetterIntegrityError(CaseFileError):
    pass
