"""What the department server refuses, as one line for the user."""

from __future__ import annotations


class ServerError(Exception):
    """A refusal or a problem reaching the server, said in one line without PHI."""


class LeaseError(ServerError):
    """The caller does not hold a current lease on the case."""


class DivergedChain(ServerError):
    """The file's audit trail does not extend the server's copy of the case."""
