"""Faults of the machine, not of the input: one plain line, never the driver's own text.

A database driver's exception text can carry SQL parameters (a member's name, address or
clinical notes), so it is never printed: the fault is recognised from its type and its
SQLite error and described in the app's words, naming the file the command was given.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reviewer_app.cli.errors import BROKEN_PIPE

# What each command was doing, for "not enough disk space to ..."
_DOING = {
    ("case", "import"): "import the case",
    ("case", "answer"): "store the answer",
    ("case", "confirm"): "store the confirmation",
    ("case", "export"): "write the copy",
    ("case", "rekey"): "re-encrypt the case",
    ("case", "decide"): "store the decision",
    ("case", "refer"): "store the referral",
    ("case", "reopen"): "reopen the case",
    ("letter", "export"): "write the letter",
    ("identity", "create"): "write the identity",
    ("demo", "create"): "create the demo workspace",
    ("demo", "reset"): "reset the demo workspace",
}


def doing(command: str, subcommand: str) -> str:
    return _DOING.get((command, subcommand), f"complete '{command} {subcommand}'".strip())


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def _is_driver_error(e: BaseException) -> bool:
    module = type(e).__module__ or ""
    return isinstance(e, sqlite3.Error) or module.startswith(("sqlcipher3", "sqlite3"))


def _disk_full(e: BaseException) -> bool:
    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return _is_driver_error(e) and "disk is full" in str(e).lower()


def describe(exc: BaseException, what: str, subject: Path | None) -> str | None:
    """One line for a fault of the disk, the file system or a damaged file; None if
    ``exc`` is none of these (a bug). A full disk anywhere in the chain wins: a failed
    rollback after it must not hide it."""
    where = f"{subject}: " if subject is not None else ""
    causes = list(_causes(exc))
    if any(_disk_full(e) for e in causes):
        return f"not enough disk space to {what}"
    for e in causes:
        if isinstance(e, OSError) and e.errno is not None:
            return _os_fault(e, what, subject)
        if isinstance(e, RecursionError | MemoryError):
            return f"{where}too large or too deeply nested to {what}"
        if _is_driver_error(e):
            return where + _sqlite_fault(str(e).lower(), what)
    return None


def _os_fault(e: OSError, what: str, subject: Path | None) -> str:
    name = e.filename if isinstance(e.filename, str) else (str(subject) if subject else "")
    where = f"{name}: " if name else ""
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"not enough disk space to {what}"
    if e.errno == errno.EROFS:
        return f"{where}the file system is read-only; cannot {what}"
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"{where}permission denied; cannot {what}"
    if e.errno == errno.ENOENT:
        return f"{where}no such file or folder; cannot {what}"
    if e.errno == errno.EISDIR:
        return f"{where}is a folder, not a file"
    if e.errno == errno.ELOOP:
        return f"{where}is a symbolic link; not following it"
    if e.errno == errno.EEXIST:
        return f"{where}a file with this name already exists"
    if e.errno == errno.EPIPE:
        return BROKEN_PIPE
    return f"{where}cannot {what} ({e.strerror or 'input/output error'})"


def _sqlite_fault(text: str, what: str) -> str:
    if "disk is full" in text or "database or disk is full" in text:
        return f"not enough disk space to {what}"
    if "readonly database" in text or "read-only" in text:
        return f"the file or its folder is read-only; cannot {what}"
    if "unable to open" in text:
        return f"cannot open the file or create files beside it; cannot {what}"
    if "disk i/o error" in text:
        return f"a disk error (the disk may be full or failing); cannot {what}"
    if "locked" in text or "busy" in text:
        return "the case file is busy (another program is writing it); try again"
    return "the case file is damaged or was changed outside the app"
