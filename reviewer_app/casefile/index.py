"""The workspace index: one summary per case file in a folder, fast on the second look.

Each file's summary is read by ``summary.read_summary``. Summaries are cached in a small
SQLite file keyed by (path, size, mtime_ns), so a folder of thousands of unchanged cases
is listed from the cache without opening any of them. A file that cannot be read is
listed with the reason, never dropped.

The cache follows the rule the summaries of encrypted case files follow: with a
passphrase it is itself an encrypted file (it holds member names); without one it is
plain and never holds a name or case id of an encrypted case.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey, connect, dbapi_module
from reviewer_app.casefile.format import SUFFIX
from reviewer_app.casefile.summary import CaseSummary, TransientReadError, read_summary
from reviewer_app.casefile.workspace_keys import looks_encrypted

log = logging.getLogger(__name__)

CACHE_FORMAT = 4  # 4: the outcome and the time of the current determination

SummaryReader = Callable[[Path], CaseSummary]


def encrypted_cache_path(cache_path: Path) -> Path:
    """Where the encrypted summary cache lives, beside the plain one."""
    cache_path = Path(cache_path)
    return cache_path.with_name(f"{cache_path.stem}-encrypted{cache_path.suffix}")


def _child(folder: Path) -> Callable[[str], Path]:
    """``lambda name: folder / name`` for plain file names, without parsing each name
    again: pathlib's own shortcut (Path.iterdir uses it) where this Python has it.
    Thousands of rows are made at each start."""
    fast = getattr(folder, "_make_child_relpath", None)
    return fast if callable(fast) else folder.joinpath


def encrypted_case_files(folder: Path, cache_path: Path) -> list[Path]:
    """The encrypted case files of ``folder``, most recently changed first.

    The plain index cache already says, per file name, size and modification time,
    whether a file is encrypted; only files it does not know (or that changed) are looked
    at. Unlocking a workspace of thousands of plain files then reads none of them (one
    listing of the folder, with each file's size and time, is all it costs).
    """
    index = WorkspaceIndex(folder, cache_path)
    known: dict[str, tuple[int, int, int]] = {}
    with index._cache() as db:
        if db is not None:
            rows = db.execute(
                "SELECT name, size, mtime_ns, encrypted FROM summary WHERE folder = ?",
                (str(index.folder),),
            ).fetchall()
            known = {name: (size, mtime, enc) for name, size, mtime, enc in rows}
    child = _child(index.folder)
    found: list[tuple[int, Path]] = []
    try:
        with os.scandir(index.folder) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(SUFFIX) or name.startswith("."):
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue  # vanished between listing and stat
                hit = known.get(name)
                if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
                    if hit[2]:
                        found.append((st.st_mtime_ns, child(name)))
                elif entry.is_file() and looks_encrypted(path := child(name)):
                    found.append((st.st_mtime_ns, path))
    except OSError:
        return []
    found.sort(key=lambda item: item[0], reverse=True)
    return [path for _, path in found]


class WorkspaceIndex:
    """Lists the case files of ``folder``, using ``cache_path`` to skip unchanged ones."""

    def __init__(
        self,
        folder: Path,
        cache_path: Path,
        *,
        reader: SummaryReader | None = None,
        key: CaseKey | None = None,
    ) -> None:
        self.folder = Path(folder).absolute()
        self._key = key
        # With a passphrase the cache holds names, so it is an encrypted file of its own.
        self.cache_path = Path(cache_path) if key is None else encrypted_cache_path(cache_path)
        self._reader: SummaryReader = reader or (lambda path: read_summary(path, key))
        self._db = dbapi_module(key)

    def cached(self) -> list[CaseSummary]:
        """What the cache holds for the folder, by file name, without looking at the files.

        Shown while ``scan`` checks every file's size and time (and reads the changed
        ones), so a big workspace lists at once; the scan's answer then replaces it.
        """
        with self._cache() as db:
            cached = self._load_cached(db) if db is not None else {}
        return [cached[name][2] for name in sorted(cached, key=str.lower)]

    def scan(self) -> list[CaseSummary]:
        """Every ``*.umcase`` in the folder, sorted by file name."""
        files = self._list_files()
        with self._cache() as db:
            cached = self._load_cached(db) if db is not None else {}
            out: list[CaseSummary] = []
            fresh: list[tuple[str, int, int, CaseSummary]] = []
            for name, size, mtime_ns in files:
                hit = cached.get(name)
                if hit is not None and hit[0] == size and hit[1] == mtime_ns:
                    out.append(hit[2])
                    continue
                path = self.folder / name
                try:
                    summary = self._reader(path)
                except TransientReadError as exc:
                    out.append(CaseSummary(path=path, error=f"busy, try again ({exc})"))
                    continue
                out.append(summary)
                fresh.append((name, size, mtime_ns, summary))
            if db is not None:
                self._store(db, fresh, set(cached), {name for name, _, _ in files})
        return out

    # -- the folder ------------------------------------------------------------------

    def _list_files(self) -> list[tuple[str, int, int]]:
        """(file name, size, mtime_ns) of each case file; names, not Paths, for speed."""
        found: list[tuple[str, int, int]] = []
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot list the workspace folder (%s)", exc.strerror)
            return []
        for entry in entries:
            if not entry.name.endswith(SUFFIX) or entry.name.startswith("."):
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue  # vanished between listing and stat
            found.append((entry.name, st.st_size, st.st_mtime_ns))
        found.sort(key=lambda item: item[0].lower())
        return found

    # -- the cache -------------------------------------------------------------------

    @contextmanager
    def _cache(self) -> Iterator[Any | None]:
        """The cache database, or None when it cannot be used (the index still works)."""
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect_cache()
        except (OSError, self._db.Error) as exc:
            log.warning("workspace cache unavailable (%s)", exc.__class__.__name__)
            yield None
            return
        try:
            try:
                self._prepare(conn)
            except self._db.DatabaseError:  # damaged, or encrypted under another passphrase
                log.warning("workspace cache unreadable; starting a new one")
                conn.close()
                self.cache_path.unlink(missing_ok=True)
                conn = self._connect_cache()
                self._prepare(conn)
            yield conn
        finally:
            conn.close()

    def _connect_cache(self) -> Any:
        # It lists members' names: owner-only, like the case files (SQLite would create
        # it, and its journal, with the umask's permissions).
        fd = os.open(self.cache_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if hasattr(os, "fchmod"):  # POSIX; Windows files follow the folder's ACL
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        if self._key is None:
            return sqlite3.connect(self.cache_path, timeout=2.0)
        conn = connect(self.cache_path, self._key)
        conn.execute("PRAGMA busy_timeout = 2000")
        return conn

    def _prepare(self, conn: Any) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version != CACHE_FORMAT:
            conn.execute("DROP TABLE IF EXISTS summary")
            conn.execute(f"PRAGMA user_version={CACHE_FORMAT}")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS summary ("
            " folder TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,"
            " mtime_ns INTEGER NOT NULL, case_id TEXT, member_name TEXT, service TEXT,"
            " cpt TEXT, urgency TEXT, status TEXT, due_at TEXT, updated_at TEXT,"
            " training INTEGER, error TEXT, encrypted INTEGER, needs_passphrase INTEGER,"
            " other_passphrase INTEGER, outcome TEXT, decided_at TEXT,"
            " PRIMARY KEY (folder, name))"
        )
        conn.commit()

    def _load_cached(self, db: Any) -> dict[str, tuple[int, int, CaseSummary]]:
        rows = db.execute(
            "SELECT name, size, mtime_ns, case_id, member_name, service, cpt, urgency, status,"
            " due_at, updated_at, training, error, encrypted, needs_passphrase, other_passphrase,"
            " outcome, decided_at FROM summary WHERE folder = ?",
            (str(self.folder),),
        ).fetchall()
        child = _child(self.folder)
        when = dt.datetime.fromisoformat
        out: dict[str, tuple[int, int, CaseSummary]] = {}
        for row in rows:
            name, size, mtime_ns, case_id, member, service, cpt, urgency, status = row[:9]
            due, updated, training, error, encrypted, needs_passphrase, other = row[9:16]
            outcome, decided = row[16:]
            summary = CaseSummary(
                path=child(name),
                case_id=case_id or "",
                member_name=member or "",
                service=service or "",
                cpt=cpt or "",
                urgency=urgency or "",
                status=status or "",
                due_at=when(due) if due else None,
                updated_at=when(updated) if updated else None,
                training=bool(training),
                error=error,
                encrypted=bool(encrypted),
                needs_passphrase=bool(needs_passphrase),
                other_passphrase=bool(other),
                outcome=outcome or "",
                decided_at=when(decided) if decided else None,
            )
            out[name] = (size, mtime_ns, summary)
        return out

    def _store(
        self,
        db: Any,
        fresh: list[tuple[str, int, int, CaseSummary]],
        known: set[str],
        present: set[str],
    ) -> None:
        """Write what was read, and forget files that went (``known``: the cached names)."""
        gone = known - present
        if not fresh and not gone:
            return  # the usual second look: nothing changed, nothing to write
        folder = str(self.folder)
        plain = self._key is None
        try:
            with db:
                db.executemany(
                    "DELETE FROM summary WHERE folder = ? AND name = ?",
                    [(folder, n) for n in gone],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [_cache_row(folder, n, size, mt, s, plain=plain) for n, size, mt, s in fresh],
                )
        except self._db.Error as exc:  # a read-only or full disk: listing still works
            log.warning("workspace cache not updated (%s)", exc.__class__.__name__)


def _cache_row(
    folder: str, name: str, size: int, mtime_ns: int, s: CaseSummary, *, plain: bool
) -> tuple[object, ...]:
    # A plain cache file never holds who an encrypted case is about.
    hide = plain and s.encrypted
    return (
        folder,
        name,
        size,
        mtime_ns,
        "" if hide else s.case_id,
        "" if hide else s.member_name,
        s.service,
        s.cpt,
        s.urgency,
        s.status,
        s.due_at.isoformat() if s.due_at else None,
        s.updated_at.isoformat() if s.updated_at else None,
        int(s.training),
        s.error,
        int(s.encrypted),
        int(s.needs_passphrase),
        int(s.other_passphrase),
        s.outcome,
        s.decided_at.isoformat() if s.decided_at else None,
    )
