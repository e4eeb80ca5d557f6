"""One writer per case file: a lock on the file's real identity, and a note of who holds it.

Two locks make one: an advisory lock on the case file itself (its inode, so every name of
the file — a symbolic link, a hard link, a relative path — meets the same lock), and a
small lock file beside the file's real path whose JSON note tells others who holds it.
The operating system releases both when their holder dies, so a crash never leaves a
case locked for good. The lock file is opened without following links and must be a
plain file of its own: a planted link or hard link is refused, never written through.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import stat
import sys
from pathlib import Path

from reviewer_app.casefile.errors import CaseFileError, CaseLocked

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def real_path(case_path: Path) -> Path:
    """The case file's own path, every link in it resolved."""
    return Path(os.path.realpath(case_path))


def lock_path(case_path: Path) -> Path:
    real = real_path(case_path)
    return real.with_name(real.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _describe_holder(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        with os.fdopen(fd, "r", encoding="utf-8") as fh:
            info = json.loads(fh.read(4096) or "{}")
    except (OSError, ValueError):
        return "another process"
    if not isinstance(info, dict):
        return "another process"
    name = info.get("name")
    if isinstance(name, str) and name.strip():
        who = "".join(c for c in name.strip()[:120] if c.isprintable())
        return f"held by {who} since {info.get('since', '?')}, on {info.get('host', '?')}"
    return (
        f"held by {info.get('user', '?')} on {info.get('host', '?')}, "
        f"process {info.get('pid', '?')}, since {info.get('since', '?')}"
    )


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.lstat(path).st_ino
    except FileNotFoundError:
        return False


def _open_lock_file(case_path: Path, path: Path) -> int | None:
    """The lock file, opened without following links; None if its holder removed it as
    it was opened (try again)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
    except IsADirectoryError:
        raise CaseFileError(f"{case_path}: its lock file {path.name} is a folder") from None
    except OSError as exc:
        if os.path.islink(path):
            raise CaseFileError(
                f"{case_path}: its lock file {path.name} is a symbolic link; not following it"
            ) from None
        raise CaseFileError(
            f"{case_path}: cannot create its lock file in {path.parent} ({exc.strerror or 'error'})"
        ) from None
    info = os.fstat(fd)
    if info.st_nlink == 0:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise CaseFileError(
            f"{case_path}: its lock file {path.name} is not a plain file of its own "
            "(a link or a special file); remove it"
        )
    return fd


class CaseLock:
    def __init__(self, case_path: Path, holder: str = "") -> None:
        """``holder``: who the note names to others (the reviewer, not the account)."""
        self._case_path = case_path
        self._holder = holder
        self._path = lock_path(case_path)
        self._fd: int | None = None  # the lock file, holding the note
        self._file_fd: int | None = None  # the case file itself, locked by inode

    def acquire(self) -> None:
        for _attempt in range(5):
            fd = _open_lock_file(self._case_path, self._path)
            if fd is None:
                continue
            if not _try_lock(fd):
                os.close(fd)
                raise CaseLocked(str(self._case_path), _describe_holder(self._path))
            if _same_file(fd, self._path):
                break
            os.close(fd)  # the holder removed it as we opened it: take the new one
        else:
            raise CaseLocked(str(self._case_path), "lock file keeps changing")
        self._fd = fd
        try:
            self._lock_case_file()
        except BaseException:
            self.release()
            raise
        note = {
            "name": self._holder,
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(note).encode("utf-8"), 0)
        except OSError:  # a full disk: the lock holds without its note
            pass

    def _lock_case_file(self) -> None:
        """Lock the case file's inode, which every name of the file shares."""
        if sys.platform == "win32":
            return  # msvcrt's byte locks would collide with SQLite's own
        try:
            fd = os.open(real_path(self._case_path), os.O_RDONLY | _CLOEXEC)
        except FileNotFoundError:
            return  # not created yet: CaseFile.create opens (and locks) it afterwards
        except OSError as exc:
            raise CaseFileError(
                f"{self._case_path}: cannot open the case file ({exc.strerror or 'error'})"
            ) from None
        if not _try_lock(fd):
            os.close(fd)
            raise CaseLocked(
                str(self._case_path), "another session, through another name of the same file"
            )
        self._file_fd = fd

    def relock_file(self) -> None:
        """After the case file was replaced (a rekey), lock the new file in its place."""
        old = self._file_fd
        self._file_fd = None
        self._lock_case_file()
        if old is not None:
            os.close(old)

    def release(self) -> None:
        if self._file_fd is not None:
            os.close(self._file_fd)
            self._file_fd = None
        if self._fd is None:
            return
        try:
            if _same_file(self._fd, self._path):
                self._path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
