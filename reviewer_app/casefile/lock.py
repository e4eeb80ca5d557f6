"""One writer per case file: an advisory lock beside it that says who holds it.

The operating system releases the lock when its holder dies, so a crash never leaves a
case locked for good; the small JSON note in the lock file only tells others who it is.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from reviewer_app.casefile.errors import CaseLocked


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


def _try_lock(fh: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    return (
        f"held by {info.get('user', '?')} on {info.get('host', '?')}, "
        f"process {info.get('pid', '?')}, since {info.get('since', '?')}"
    )


def _same_file(fh: IO[str], path: Path) -> bool:
    try:
        return os.fstat(fh.fileno()).st_ino == path.stat().st_ino
    except FileNotFoundError:
        return False


class CaseLock:
    def __init__(self, case_path: Path) -> None:
        self._case_path = case_path
        self._path = lock_path(case_path)
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        for _attempt in range(5):
            fh = self._path.open("a+", encoding="utf-8")
            if not _try_lock(fh):
                fh.close()
                raise CaseLocked(str(self._case_path), _describe_holder(self._path))
            if _same_file(fh, self._path):
                break
            fh.close()  # the holder removed it as we opened it: take the new one
        else:
            raise CaseLocked(str(self._case_path), "lock file keeps changing")
        note = {
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(note))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            self._path.unlink(missing_ok=True)
        finally:
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None
