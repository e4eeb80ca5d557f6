"""A pend moves the case's due date (issue 20, item 3): commercial plans pause the clock
while the member has at least 45 days (48 hours when urgent) to respond, Medicare
Advantage and Medicaid take one 14-day extension. The new due time is in the header, the
workspace, `case show` and the audit trail, and a due time edited by hand is detected."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from trust_helpers import PASS, Org

from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.summary import read_summary
from reviewer_app.cli import main
from reviewer_app.letters.styles import long_date
from reviewer_app.ui.case.audit_text import detail_text

from helpers import make_case, open_case

DAY = dt.timedelta(days=1)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    return folder


@pytest.fixture
def nurse(tmp_path: Path, config: Path) -> tuple[Path, Path]:
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    pw = tmp_path / "pw.txt"
    pw.write_bytes(PASS + b"\n")
    return org.issue("Nora Nurse", "RN", "nurse_reviewer"), pw


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def pended(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    nurse: tuple[Path, Path],
    received: dt.datetime,
    **changes: object,
) -> tuple[Path, dt.datetime, dt.datetime]:
    """A chimerism case with no study result, pended with `case decide`: its path, its
    due time before the pend and the time of the pend (bounds: the CLI reads the clock)."""
    case = make_case(
        tmp_path,
        "hpc-boost-mixed-chimerism",
        clinical__chimerism_percent_donor=None,
        received_at=received.isoformat().replace("+00:00", "Z"),
        **changes,
    )
    assert main(["case", "confirm", str(case)]) == 0
    with open_case(case, readonly=True) as c:
        before = c.due_at
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    status, _, err = cli(
        capsys,
        *("case", "decide", case, "--decision", "pend"),
        *("--identity", nurse[0], "--passphrase-file", nurse[1]),
    )
    assert status == 0, err
    return case, before, at


def moved_entry(case: Path) -> dict[str, str]:
    with open_case(case, readonly=True) as c:
        assert c.chain.ok, c.chain.problem  # the replay agrees with the moved due time
        entry = c.audit_entries()[-1]
        assert entry.action == "letter"
        moved: dict[str, str] = json.loads(entry.detail)["due_at"]
        words = detail_text(entry.action, entry.detail, {})  # the Audit tab's words
        assert f"due date moved from {moved['from']} to {moved['to']} UTC" in words
        return moved


def letter_text(case: Path) -> str:
    with open_case(case, readonly=True) as c:
        row = store.latest_letter(c)
        assert row is not None and row.id is not None
        pdf = store.letter_pdf(c, row.id)
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def shown_due(capsys: pytest.CaptureFixture[str], case: Path) -> dt.datetime:
    status, out, err = cli(capsys, "case", "show", case, "--json")
    assert status == 0, err
    return dt.datetime.fromisoformat(json.loads(out)["header"]["due_at"])


def utc_text(when: dt.datetime) -> str:
    return f"{when.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"


@pytest.mark.parametrize(
    ("urgency", "paused"),
    [("standard", 45 * DAY + 15 * DAY), ("expedited", dt.timedelta(hours=48 + 48))],
)
def test_a_commercial_pend_pauses_the_clock_until_the_decision_after_the_response(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    nurse: tuple[Path, Path],
    urgency: str,
    paused: dt.timedelta,
) -> None:
    # Received two hours ago: an urgent incomplete request is told within 24 hours.
    received = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    case, before, at = pended(capsys, tmp_path, nurse, received, urgency=urgency)
    with open_case(case, readonly=True) as c:
        due = c.due_at
    assert at + paused <= due <= dt.datetime.now(dt.UTC) + paused  # the pend plus both windows
    assert due > before
    assert moved_entry(case) == {"from": utc_text(before), "to": utc_text(due)}
    assert f"no later than {long_date(due.date())}" in letter_text(case)
    assert shown_due(capsys, case) == due
    assert read_summary(case).due_at == due  # the workspace's row
    status, out, _ = cli(capsys, "case", "show", case)
    assert status == 0 and f"{due:%Y-%m-%d %H:%M} UTC" in out


@pytest.mark.parametrize(
    ("line_of_business", "urgency", "window"),
    [
        ("medicare_advantage", "standard", 7 * DAY),
        ("medicare_advantage", "expedited", dt.timedelta(hours=72)),
        ("medicaid", "standard", 7 * DAY),
    ],
)
def test_a_medicare_advantage_or_medicaid_pend_extends_the_due_date_by_14_days(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    nurse: tuple[Path, Path],
    line_of_business: str,
    urgency: str,
    window: dt.timedelta,
) -> None:
    received = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    case, before, _ = pended(
        capsys, tmp_path, nurse, received, line_of_business=line_of_business, urgency=urgency
    )
    assert before == received + window
    with open_case(case, readonly=True) as c:
        assert c.due_at == received + window + 14 * DAY
    assert moved_entry(case) == {"from": utc_text(before), "to": utc_text(before + 14 * DAY)}
    assert f"no later than {long_date((before + 14 * DAY).date())}" in letter_text(case)
    assert shown_due(capsys, case) == before + 14 * DAY
    # A second request for information does not stretch the one extension further.
    status, _, err = cli(
        capsys,
        *("case", "decide", case, "--decision", "pend"),
        *("--identity", nurse[0], "--passphrase-file", nurse[1]),
    )
    assert status == 0, err
    with open_case(case, readonly=True) as c:
        assert c.chain.ok and c.due_at == before + 14 * DAY
        assert "due_at" not in json.loads(c.audit_entries()[-1].detail)


def set_due(path: Path, due: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE case_header SET due_at = ?", (due,))
        conn.commit()


def test_a_due_time_edited_outside_the_app_is_detected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nurse: tuple[Path, Path]
) -> None:
    received = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    case, before, _ = pended(capsys, tmp_path, nurse, received, line_of_business="medicaid")
    # Back to the due time before the pend, as someone with the file could set it...
    set_due(case, f"{before:%Y-%m-%d %H:%M:%S}.000000")
    with open_case(case, readonly=True) as c:
        assert not c.chain.ok
        assert c.chain.problem == (
            f"the case's due time {utc_text(before)} UTC was set outside the app "
            f"(its trail says {utc_text(before + 14 * DAY)} UTC)"
        )
    # ...and a case never pended whose due time was pushed a month later.
    (tmp_path / "fresh").mkdir()
    fresh = make_case(tmp_path / "fresh", "dli-relapsed-aml")
    with open_case(fresh, readonly=True) as c:
        due = c.due_at
        assert c.chain.ok
    set_due(fresh, f"{due + 30 * DAY:%Y-%m-%d %H:%M:%S}.000000")
    status, _, err = cli(capsys, "case", "answer", fresh, "dli.allogeneic_hsct", "yes")
    assert status == 2 and "due time" in err and "set outside the app" in err
    assert err.count("\n") == 1
