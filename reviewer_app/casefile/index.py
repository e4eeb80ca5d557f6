"""The workspace index: one summary per case file in a folder, fast on the second look.

Each case file's header row is read with plain ``sqlite3`` in read-only mode (no audit
check, no lock, no policy): enough to list it. Summaries are cached in a small SQLite
file keyed by (path, size, mtime_ns), so a folder of thousands of unchanged cases is
listed from the cache without opening any of them. A file that cannot be read is
listed with the reason, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import SUFFIX, check_header
from reviewer_app.review.deadlines import format_time_left

log = logging.getLogger(__name__)

PENDING_STATUSES = ("draft", "in_review", "referred_to_md")
CACHE_FORMAT = 2

_HEADER_SQL = (
    "SELECT case_id, member_name, service, cpt, urgency, status, due_at, updated_at, "
    "training FROM case_header WHERE id = 1"
)


@dataclass(frozen=True)
class CaseSummary:
    """What the workspace list shows about one case file."""

    path: Path
    case_id: str = ""
    member_name: str = ""
    service: str = ""
    cpt: str = ""
    urgency: str = ""
    status: str = ""
    due_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    training: bool = False
    error: str | None = None

    @property
    def pending(self) -> bool:
        """Still waiting for a decision, so its due time matters."""
        return self.error is None and self.status in PENDING_STATUSES

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.pending and self.due_at is not None and self.due_at < now

    def time_left_text(self, now: dt.datetime) -> str:
        """'3d 4h left', 'Overdue by 2h 3m', or '' once decided."""
        if not self.pending or self.due_at is None:
            return ""
        text = format_time_left(self.due_at - now)
        return text[:1].upper() + text[1:]


SummaryReader = Callable[[Path], CaseSummary]


class TransientReadError(Exception):
    """The file could not be read just now (busy); try again, do not cache."""


def read_summary(path: Path) -> CaseSummary:
    """Read one case file's header, or a summary carrying the error text."""
    try:
        check_header(path)
    except CaseFileError as exc:
        return CaseSummary(path=path, error=_short(exc, path))
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=0.5)) as conn:
            row = conn.execute(_HEADER_SQL).fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise TransientReadError(str(exc)) from None
        return CaseSummary(path=path, error=f"the case file is damaged ({exc})")
    except sqlite3.DatabaseError as exc:
        return CaseSummary(path=path, error=f"the case file is damaged ({exc})")
    if row is None:
        return CaseSummary(path=path, error="the case file has no case header")
    case_id, member, service, cpt, urgency, status, due, updated, training = row
    try:
        due_at, updated_at = _db_time(due), _db_time(updated)
    except (TypeError, ValueError):
        return CaseSummary(path=path, error="the case header has an unreadable date")
    return CaseSummary(
        path=path,
        case_id=str(case_id),
        member_name=str(member),
        service=str(service),
        cpt=str(cpt),
        urgency=str(urgency),
        status=str(status),
        due_at=due_at,
        updated_at=updated_at,
        training=bool(training),
    )


def _short(exc: Exception, path: Path) -> str:
    """The error message without the path prefix (the row already names the file)."""
    text = str(exc)
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _db_time(value: object) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


class WorkspaceIndex:
    """Lists the case files of ``folder``, using ``cache_path`` to skip unchanged ones."""

    def __init__(
        self, folder: Path, cache_path: Path, *, reader: SummaryReader = read_summary
    ) -> None:
        self.folder = Path(folder).absolute()
        self.cache_path = Path(cache_path)
        self._reader = reader

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
                self._store(db, fresh, {name for name, _, _ in files})
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
    def _cache(self) -> Iterator[sqlite3.Connection | None]:
        """The cache database, or None when it cannot be used (the index still works)."""
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.cache_path, timeout=2.0)
        except (OSError, sqlite3.Error) as exc:
            log.warning("workspace cache unavailable (%s)", exc.__class__.__name__)
            yield None
            return
        try:
            try:
                self._prepare(conn)
            except sqlite3.DatabaseError:
                log.warning("workspace cache damaged; starting a new one")
                conn.close()
                self.cache_path.unlink(missing_ok=True)
                conn = sqlite3.connect(self.cache_path, timeout=2.0)
                self._prepare(conn)
            yield conn
        finally:
            conn.close()

    def _prepare(self, conn: sqlite3.Connection) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version != CACHE_FORMAT:
            conn.execute("DROP TABLE IF EXISTS summary")
            conn.execute(f"PRAGMA user_version={CACHE_FORMAT}")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS summary ("
            " folder TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,"
            " mtime_ns INTEGER NOT NULL, case_id TEXT, member_name TEXT, service TEXT,"
            " cpt TEXT, urgency TEXT, status TEXT, due_at TEXT, updated_at TEXT,"
            " training INTEGER, error TEXT, PRIMARY KEY (folder, name))"
        )
        conn.commit()

    def _load_cached(self, db: sqlite3.Connection) -> dict[str, tuple[int, int, CaseSummary]]:
        rows = db.execute(
            "SELECT name, size, mtime_ns, case_id, member_name, service, cpt, urgency, status,"
            " due_at, updated_at, training, error FROM summary WHERE folder = ?",
            (str(self.folder),),
        ).fetchall()
        folder = self.folder
        when = dt.datetime.fromisoformat
        out: dict[str, tuple[int, int, CaseSummary]] = {}
        for row in rows:
            name, size, mtime_ns, case_id, member, service, cpt, urgency, status = row[:9]
            due, updated, training, error = row[9:]
            summary = CaseSummary(
                path=folder / name,
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
            )
            out[name] = (size, mtime_ns, summary)
        return out

    def _store(
        self,
        db: sqlite3.Connection,
        fresh: list[tuple[str, int, int, CaseSummary]],
        present: set[str],
    ) -> None:
        folder = str(self.folder)
        try:
            with db:
                known = {
                    n for (n,) in db.execute("SELECT name FROM summary WHERE folder = ?", (folder,))
                }
                db.executemany(
                    "DELETE FROM summary WHERE folder = ? AND name = ?",
                    [(folder, n) for n in known - present],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [_cache_row(folder, name, size, mt, s) for name, size, mt, s in fresh],
                )
        except sqlite3.Error as exc:  # a read-only or full disk: listing still works
            log.warning("workspace cache not updated (%s)", exc.__class__.__name__)


def _cache_row(
    folder: str, name: str, size: int, mtime_ns: int, s: CaseSummary
) -> tuple[object, ...]:
    return (
        folder,
        name,
        size,
        mtime_ns,
        s.case_id,
        s.member_name,
        s.service,
        s.cpt,
        s.urgency,
        s.status,
        s.due_at.isoformat() if s.due_at else None,
        s.updated_at.isoformat() if s.updated_at else None,
        int(s.training),
        s.error,
    )
