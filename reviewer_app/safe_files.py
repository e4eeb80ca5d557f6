"""Writing files that hold PHI: owner-only, whole or absent, never through a planted link.

Every file the app writes for a user (a case file, an exported copy, a letter, a backup)
is built in a temporary file that only this process could have created (``mkstemp``:
exclusive create, mode 0600, in the target's own folder), flushed to disk, and only then
given its name. A new name is claimed with ``link``, which fails if the name exists at
that moment, so two writers can never both believe they wrote it; replacing is only for
files the caller owns (a case file under its lock). A symbolic link or a folder where the
temporary file would go is never followed, and nothing is left behind on failure.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputExists(FileExistsError):
    """The name was taken before this write could claim it."""


def temp_beside(dest: Path) -> Path:
    """A new, empty, owner-only file in ``dest``'s folder, made by exclusive create."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name[:80]}.", suffix=".tmp", dir=dest.parent)
    except OSError as exc:  # name the folder the user gave, not a temporary file's name
        raise type(exc)(exc.errno, exc.strerror, str(dest.parent)) from None
    os.close(fd)
    return Path(name)


def write_file(dest: Path, build: Callable[[Path], None] | bytes, *, replace: bool = False) -> None:
    """Write ``dest`` whole: ``build(tmp)`` (or the bytes) fills a temporary file beside it,
    which is synced and then given ``dest``'s name.

    With ``replace`` False (the default) the name must be free at the moment it is
    claimed, else ``OutputExists``; with True the old file is atomically replaced.
    """
    tmp = temp_beside(dest)
    try:
        if isinstance(build, bytes):
            _write_bytes(tmp, build)
        else:
            build(tmp)
        fsync_file(tmp)
        if replace:
            os.replace(tmp, dest)
        else:
            _claim(tmp, dest)
        fsync_dir(dest.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _write_bytes(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _claim(tmp: Path, dest: Path) -> None:
    """Give ``tmp``'s content the name ``dest`` only if that name is free right now."""
    try:
        os.link(tmp, dest, follow_symlinks=False)
        return
    except FileExistsError:
        raise OutputExists(
            errno.EEXIST, "a file with this name already exists", str(dest)
        ) from None
    except OSError as exc:
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.EMLINK,
        ):
            raise
    # A file system without hard links (FAT, some network shares): claim the name by an
    # exclusive create, then move the content over the placeholder we own.
    try:
        fd = os.open(
            dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except FileExistsError:
        raise OutputExists(
            errno.EEXIST, "a file with this name already exists", str(dest)
        ) from None
    os.close(fd)
    try:
        os.replace(tmp, dest)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
