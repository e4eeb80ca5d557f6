"""The workspace index lists case files from their headers and caches what it read."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.casefile.summary import CaseSummary, read_summary

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
        conn.execute(f"UPDATE case_header SET {columns}", tuple(values.values()))
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


def test_ten_thousand_cached_summaries_are_listed_without_reading_a_case_file(
    make_case: Callable[..., Path], tmp_path: Path
) -> None:
    # How long this takes is `make bench`'s business (the *scan* column of
    # docs/performance.md's growth table); a clock here would fail on a busy machine.
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
    rows = WorkspaceIndex(folder, cache, reader=reader).scan()
    assert reader.calls == []  # every summary came from the cache, none was read again
    assert len(rows) == 10_000
    assert [r.path.name for r in rows[:2]] == ["C00000.umcase", "C00001.umcase"]
    assert all(r.case_id == "UM-2026-100002" and r.error is None for r in rows)


# -- encrypted case files -------------------------------------------------------------------

SECRET = "workspace index passphrase"


def _encrypted_folder(tmp_path: Path) -> Path:
    """One encrypted case (Ava Demo), one plain training case, one plain real case."""
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.importer import import_intake
    from reviewer_app.intake import load_intake

    from helpers import INTAKE_DIR, make_case, registry

    folder = tmp_path / "enc"
    folder.mkdir()
    make_case(folder, "dli-relapsed-aml", key=CaseKey(SECRET))
    intake = load_intake(INTAKE_DIR / "dli-after-autologous.json")
    training = folder / "training.umcase"
    import_intake(intake, training, registry(), "t", training=True, key=CaseKey(SECRET)).close()
    make_case(folder, "hpc-boost-mixed-chimerism")
    return folder


def _holds(path: Path, *needles: str) -> list[str]:
    data = path.read_bytes() if path.exists() else b""
    return [n for n in needles if n.encode() in data or n.encode("utf-16-le") in data]


def test_without_the_passphrase_an_encrypted_case_is_listed_but_not_an_error(
    tmp_path: Path,
) -> None:
    folder = _encrypted_folder(tmp_path)
    cache = tmp_path / "cache.sqlite"
    rows = {r.path.name: r for r in WorkspaceIndex(folder, cache).scan()}
    sealed = rows["dli-relapsed-aml.umcase"]
    assert sealed.encrypted and sealed.needs_passphrase and sealed.error is None
    assert (sealed.case_id, sealed.member_name, sealed.status) == ("", "", "")
    assert not sealed.pending
    assert rows["training.umcase"].training and not rows["training.umcase"].encrypted
    assert rows["hpc-boost-mixed-chimerism.umcase"].member_name  # plain: read as before
    assert _holds(cache, "Ava Demo", "UM-2026-100001", "DEMO-M-0001") == []
    # served from the cache the second time, still sealed
    reader = CountingReader()
    again = {r.path.name: r for r in WorkspaceIndex(folder, cache, reader=reader).scan()}
    assert reader.calls == [] and again["dli-relapsed-aml.umcase"] == sealed


def test_with_the_passphrase_names_are_read_and_cached_only_encrypted(tmp_path: Path) -> None:
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.index import encrypted_cache_path

    folder = _encrypted_folder(tmp_path)
    cache = tmp_path / "cache.sqlite"
    key = CaseKey(SECRET)
    rows = {r.case_id: r for r in WorkspaceIndex(folder, cache, key=key).scan()}
    aml = rows["UM-2026-100001"]
    assert aml.member_name == "Ava Demo" and aml.encrypted and not aml.needs_passphrase
    assert aml.status == "draft" and aml.due_at is not None
    assert not rows["UM-2026-100003"].encrypted  # the training case stayed plain

    secret_cache = encrypted_cache_path(cache)
    assert secret_cache.is_file() and not secret_cache.read_bytes().startswith(b"SQLite format")
    assert _holds(secret_cache, "Ava Demo", "UM-2026-100001") == []
    assert _holds(cache, "Ava Demo", "UM-2026-100001") == []

    reader = CountingReader(lambda p: read_summary(p, key))
    cached = WorkspaceIndex(folder, cache, key=key, reader=reader).scan()
    assert reader.calls == [] and {r.case_id: r for r in cached} == rows

    # Another passphrase cannot read that cache: it starts a new one, and lists the
    # case as encrypted with a passphrase it does not have.
    other = {r.path.name: r for r in WorkspaceIndex(folder, cache, key=CaseKey("x" * 12)).scan()}
    assert other["dli-relapsed-aml.umcase"].needs_passphrase
    assert other["dli-relapsed-aml.umcase"].error is None


def test_garbage_is_still_an_error_with_a_passphrase(tmp_path: Path) -> None:
    from reviewer_app.casefile.crypto import CaseKey

    (tmp_path / "garbage.umcase").write_bytes(b"this is not a database" * 10)
    rows = WorkspaceIndex(tmp_path, tmp_path / "c.sqlite", key=CaseKey(SECRET)).scan()
    assert "not an SQLite database" in (rows[0].error or "")
    assert not rows[0].needs_passphrase


def test_a_typed_passphrase_is_checked_against_the_workspace(tmp_path: Path) -> None:
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.workspace_keys import check_workspace_passphrase

    folder = _encrypted_folder(tmp_path)
    assert check_workspace_passphrase(folder, CaseKey(SECRET))
    assert not check_workspace_passphrase(folder, CaseKey("not the passphrase"))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_workspace_passphrase(empty, CaseKey("anything at all"))  # nothing to try


def test_a_folder_without_encrypted_cases_is_checked_against_the_remembered_passphrase(
    tmp_path: Path,
) -> None:
    """The record of the passphrase chosen on this computer decides only when there is no
    encrypted case to try; an unreadable record is no record."""
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.workspace_keys import (
        PASSPHRASE_CHECK,
        check_workspace_passphrase,
        remember_passphrase,
        remembered_passphrase,
    )

    data = tmp_path / "data"
    assert remembered_passphrase(data, CaseKey(SECRET)) is None
    remember_passphrase(data, CaseKey(SECRET))
    assert remembered_passphrase(data, CaseKey(SECRET)) is True
    assert remembered_passphrase(data, CaseKey("not the passphrase")) is False
    empty = tmp_path / "empty"
    empty.mkdir()

    def by_record(key: CaseKey) -> Callable[[], bool]:
        return lambda: bool(remembered_passphrase(data, key))

    for key, expected in ((CaseKey(SECRET), True), (CaseKey("not the passphrase"), False)):
        assert check_workspace_passphrase(empty, key, without_cases=by_record(key)) is expected
    folder = _encrypted_folder(tmp_path)  # cases to try: the record is not asked
    assert not check_workspace_passphrase(folder, CaseKey("x" * 12), without_cases=lambda: True)
    (data / PASSPHRASE_CHECK).write_bytes(b"not a record")
    assert remembered_passphrase(data, CaseKey(SECRET)) is None


def test_rekey_workspace_encrypts_real_cases_and_leaves_others(tmp_path: Path) -> None:
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.workspace_keys import looks_encrypted, rekey_workspace
    from reviewer_app.decisions.entry_trust import IdentitySigner
    from reviewer_app.letters.identity import create_identity, load_identity

    from helpers import make_case, open_case, registry

    folder = _encrypted_folder(tmp_path)
    stranger = make_case(folder, "dli-after-autologous", key=CaseKey("a colleague's secret"))
    new = CaseKey("a brand new passphrase")
    unsigned = rekey_workspace(folder, CaseKey(SECRET), new, registry(), "Test Runner")
    assert not unsigned.changed and len(unsigned.needs_identity) == 2  # no entry names nobody
    made = create_identity("Nia Nurse", "RN", "nurse_reviewer", b"pw", tmp_path / "n.p12")
    signer = IdentitySigner(load_identity(made, b"pw"))
    report = rekey_workspace(folder, CaseKey(SECRET), new, registry(), "Test Runner", signer)
    names = sorted(p.name for p in report.changed)
    assert names == ["dli-relapsed-aml.umcase", "hpc-boost-mixed-chimerism.umcase"]
    assert report.other_passphrase == [stranger] and not report.busy and not report.failed
    assert not looks_encrypted(folder / "training.umcase")
    for name in names:
        with open_case(folder / name, key=new) as case:
            last = case.audit_entries()[-1]
            assert case.encrypted and last.action == "rekeyed"
            assert last.actor == "Nia Nurse, RN (nurse_reviewer)"


def test_the_cached_listing_needs_no_file(three_cases: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    scanned = WorkspaceIndex(three_cases, cache).scan()
    for path in three_cases.glob("*.umcase"):  # a start shows these before any file is read
        path.write_bytes(b"")
    reader = CountingReader()
    assert WorkspaceIndex(three_cases, cache, reader=reader).cached() == scanned
    assert reader.calls == []
    assert WorkspaceIndex(three_cases, tmp_path / "cold.sqlite").cached() == []


def test_the_unlock_finds_encrypted_files_through_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.casefile import index as index_module
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.casefile.index import encrypted_case_files
    from reviewer_app.casefile.workspace_keys import check_workspace_passphrase

    folder = _encrypted_folder(tmp_path)
    cache = tmp_path / "cache.sqlite"
    looked: list[str] = []
    real = index_module.looks_encrypted

    def counting(path: Path) -> bool:
        looked.append(path.name)
        return real(path)

    monkeypatch.setattr(index_module, "looks_encrypted", counting)
    expected = ["dli-relapsed-aml.umcase"]  # the training case stays plain
    assert sorted(p.name for p in encrypted_case_files(folder, cache)) == expected
    assert len(looked) == 3  # a cold cache: each file is looked at
    WorkspaceIndex(folder, cache).scan()  # the locked listing fills the cache
    looked.clear()
    assert sorted(p.name for p in encrypted_case_files(folder, cache)) == expected
    assert looked == []  # known files are not opened again

    # A plain file encrypted since (another laptop, say) changed: it is looked at again.
    plain = folder / "hpc-boost-mixed-chimerism.umcase"
    blob = (folder / "dli-relapsed-aml.umcase").read_bytes()
    plain.write_bytes(blob)
    bump_mtime(plain)
    assert plain.name in [p.name for p in encrypted_case_files(folder, cache)]
    assert looked == [plain.name]

    def listing() -> list[Path]:
        return encrypted_case_files(folder, cache)

    assert check_workspace_passphrase(folder, CaseKey(SECRET), encrypted=listing)
    assert not check_workspace_passphrase(folder, CaseKey("not it at all"), encrypted=listing)


def test_the_summary_cache_is_owner_only(tmp_path: Path) -> None:
    """It holds members' names, as the case files do."""
    import os
    import stat

    from reviewer_app.casefile.index import WorkspaceIndex

    old = os.umask(0o022)
    try:
        WorkspaceIndex(tmp_path, tmp_path / "cache" / "index.sqlite").scan()
    finally:
        os.umask(old)
    cache = tmp_path / "cache" / "index.sqlite"
    assert cache.exists() and stat.S_IMODE(cache.stat().st_mode) == 0o600
