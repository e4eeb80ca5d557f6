"""The workspace index lists case files from their headers and caches what it read."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from reviewer_app.casefile.index import CaseSummary, WorkspaceIndex, read_summary

UTC = dt.UTC


class CountingReader:
    def __init__(self, inner: Callable[[Path], CaseSummary] = read_summary) -> None:
        self.inner = inner
        self.calls: list[Path] = []

    def __call__(self, path: Path) -> CaseSummary:
        self.calls.append(path)
        return self.inner(path)


def set_header(path: Path, **values: object) -> None:
    """Change a case file's header row with plain sqlite3 (fast, for generated files)."""
    columns = ", ".join(f"{k} = ?" for k in values)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(f"UPDATE case_header SET {columns} WHERE id = 1", tuple(values.values()))
        conn.commit()


def bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def three_cases(make_case: Callable[..., Path], workspace: Path) -> Path:
    for name in ("dli-relapsed-aml", "dli-after-autologous", "hpc-boost-mixed-chimerism"):
        make_case(name, workspace)
    return workspace


def test_lists_each_case_from_its_header(three_cases: Path, tmp_path: Path) -> None:
    rows = WorkspaceIndex(three_cases, tmp_path / "cache.sqlite").scan()
    by_id = {r.case_id: r for r in rows}
    assert sorted(by_id) == ["UM-2026-100001", "UM-2026-100002", "UM-2026-100003"]
    aml = by_id["UM-2026-100001"]
    assert aml.member_name == "Ava Demo"
    assert (aml.service, aml.cpt, aml.urgency, aml.status) == ("DLI", "38242", "standard", "draft")
    assert aml.due_at == dt.datetime(2026, 12, 5, 14, 5, tzinfo=UTC)
    assert aml.updated_at is not None and aml.updated_at.tzinfo is not None
    assert aml.error is None and not aml.training
    assert by_id["UM-2026-100002"].service == "HPC_BOOST"
    assert by_id["UM-2026-100002"].urgency == "expedited"


def test_second_scan_is_served_from_the_cache(three_cases: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    first = CountingReader()
    rows = WorkspaceIndex(three_cases, cache, reader=first).scan()
    assert len(first.calls) == 3

    again = CountingReader()
    cached = WorkspaceIndex(three_cases, cache, reader=again).scan()
    assert again.calls == []  # no case file was opened
    assert cached == rows


def test_a_changed_file_is_read_again(three_cases: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    WorkspaceIndex(three_cases, cache).scan()
    changed = three_cases / "UM-2026-100001.umcase"
    set_header(changed, status="referred_to_md", member_name="Ava Demo-Changed")
    bump_mtime(changed)

    reader = CountingReader()
    rows = {r.case_id: r for r in WorkspaceIndex(three_cases, cache, reader=reader).scan()}
    assert reader.calls == [changed]
    assert rows["UM-2026-100001"].status == "referred_to_md"
    assert rows["UM-2026-100001"].member_name == "Ava Demo-Changed"


def test_a_deleted_file_disappears(three_cases: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    WorkspaceIndex(three_cases, cache).scan()
    (three_cases / "UM-2026-100003.umcase").unlink()
    rows = WorkspaceIndex(three_cases, cache).scan()
    assert [r.case_id for r in rows] == ["UM-2026-100001", "UM-2026-100002"]
    with closing(sqlite3.connect(cache)) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM summary").fetchone()
    assert count == 2


def test_unreadable_files_are_listed_with_the_reason(three_cases: Path, tmp_path: Path) -> None:
    (three_cases / "garbage.umcase").write_bytes(b"this is not a database" * 10)
    (three_cases / "empty.umcase").write_bytes(b"")
    with closing(sqlite3.connect(three_cases / "foreign.umcase")) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    truncated = three_cases / "truncated.umcase"
    shutil.copyfile(three_cases / "UM-2026-100001.umcase", truncated)
    with truncated.open("r+b") as fh:
        fh.truncate(4096)  # header page only: the tables are gone
    (three_cases / "notes.txt").write_text("not a case file, not listed")

    rows = {r.path.name: r for r in WorkspaceIndex(three_cases, tmp_path / "c.sqlite").scan()}
    assert len(rows) == 7
    assert "not an SQLite database" in (rows["garbage.umcase"].error or "")
    assert "empty" in (rows["empty.umcase"].error or "")
    assert "not a Reviewer Workstation case file" in (rows["foreign.umcase"].error or "")
    assert rows["truncated.umcase"].error
    assert rows["UM-2026-100001.umcase"].error is None


def test_a_damaged_cache_is_replaced(three_cases: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"\x00garbage" * 100)
    rows = WorkspaceIndex(three_cases, cache).scan()
    assert len(rows) == 3 and all(r.error is None for r in rows)


def test_overdue_and_time_left() -> None:
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    due = dt.datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    pending = CaseSummary(path=Path("a.umcase"), status="in_review", due_at=due)
    assert pending.time_left_text(now) == "3d 4h left"
    assert not pending.is_overdue(now)
    late = dt.datetime(2026, 11, 27, 18, 3, tzinfo=UTC)
    assert pending.is_overdue(late)
    assert pending.time_left_text(late) == "Overdue by 2h 3m"
    decided = CaseSummary(path=Path("b.umcase"), status="decided", due_at=due)
    assert not decided.is_overdue(late) and decided.time_left_text(late) == ""


def _generate(source: Path, folder: Path, count: int) -> None:
    for i in range(count):
        dest = folder / f"GEN-{i:05d}.umcase"
        shutil.copyfile(source, dest)
        set_header(
            dest,
            case_id=f"GEN-{i:05d}",
            member_name=f"Member {i:05d}",
            status=("draft", "in_review", "decided")[i % 3],
        )


def test_a_thousand_generated_case_files(make_case: Callable[..., Path], tmp_path: Path) -> None:
    source = make_case("dli-relapsed-aml", tmp_path / "source")
    folder = tmp_path / "many"
    folder.mkdir()
    _generate(source, folder, 1000)
    cache = tmp_path / "cache.sqlite"

    rows = WorkspaceIndex(folder, cache).scan()
    assert len(rows) == 1000
    assert all(r.error is None for r in rows)
    assert [r.case_id for r in rows] == [f"GEN-{i:05d}" for i in range(1000)]
    assert rows[500].member_name == "Member 00500"
    assert [r.status for r in rows[:3]] == ["draft", "in_review", "decided"]

    reader = CountingReader()
    assert WorkspaceIndex(folder, cache, reader=reader).scan() == rows
    assert reader.calls == []


def test_ten_thousand_cached_summaries_list_in_well_under_a_second(
    make_case: Callable[..., Path], tmp_path: Path
) -> None:
    source = make_case("hpc-boost-mixed-chimerism", tmp_path / "source")
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(10_000):  # hard links: 10,000 case files for the price of one
        os.link(source, folder / f"C{i:05d}.umcase")
    cache = tmp_path / "cache.sqlite"
    summary = read_summary(source)
    WorkspaceIndex(
        folder, cache, reader=lambda p: CaseSummary(**{**summary.__dict__, "path": p})
    ).scan()  # fill the cache without 10,000 reads

    reader = CountingReader()
    start = time.perf_counter()
    rows = WorkspaceIndex(folder, cache, reader=reader).scan()
    elapsed = time.perf_counter() - start
    assert len(rows) == 10_000 and reader.calls == []
    assert rows[0].case_id == "UM-2026-100002"
    assert elapsed < 0.8, f"listing 10,000 cached summaries took {elapsed:.2f}s"
