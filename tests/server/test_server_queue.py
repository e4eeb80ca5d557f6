"""The queue: import, list by role and team, claim with a lease, check-in."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from dept_helpers import open_criterion, queued, staffed
from pg_cluster import Department
from server_helpers import one_line, run


def test_a_claimed_case_is_worked_offline_and_checked_in(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys)
    status, out, err = run(capsys, "server", "list", *staff.db(staff.nurse))
    assert status == 0, err
    assert len(out.splitlines()) == 4 and "queued" in out  # heading and three cases
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.other_team))
    assert status == 0 and "The queue is empty" in out  # another team's queue

    status, out, err = run(capsys, "server", "claim", "--next", "--plain", "-o", tmp_path,
                           *staff.db(staff.nurse))  # fmt: skip
    assert status == 0, err
    case = Path(out.strip().rsplit(": ", 1)[1])
    assert case.exists() and oct(case.stat().st_mode & 0o777) == "0o600"
    criterion, reply = open_criterion(case)
    status, out, err = run(capsys, "case", "answer", case, criterion, reply, "--note", "marrow")
    assert status == 0, err
    status, out, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 0, err
    # only what the answer changed: its row, the header (status, trail head), the entry
    # and its signature (the certificate is in the file already, from the import)
    assert "1 new audit entries, 4 rows written" in out and "back in the nurse queue" in out
    with psycopg.connect(department.owner_url) as conn:
        case_id = conn.execute(
            "SELECT case_id FROM dept_event WHERE action = 'checked_in'"
        ).fetchone()[0]
        reply_on_server = conn.execute(
            "SELECT reply FROM answer WHERE case_id = %s AND criterion_id = %s",
            (case_id, criterion),
        ).fetchone()[0]
        actions = [
            r[0]
            for r in conn.execute(
                "SELECT action || ':' || actor FROM dept_event WHERE case_id = %s ORDER BY id",
                (case_id,),
            )
        ]
    assert reply == reply_on_server
    assert actions == [
        f"imported:{staff.admin}",
        f"claimed:{staff.nurse}",
        f"checked_in:{staff.nurse}",
    ]


def test_claims_take_the_most_urgent_first_and_an_empty_queue_says_so(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    claim = ["server", "claim", "--next", "--plain", "-o", tmp_path]
    assert run(capsys, *claim, *staff.db(staff.nurse))[0] == 0
    status, out, _ = run(capsys, *claim, *staff.db(staff.nurse2))
    assert status == 0 and "Nothing to claim" in out
    status, _, err = run(capsys, *claim[:-3], "-o", tmp_path, *staff.db(staff.nurse2))
    assert status == 2 and "passphrase" in one_line(err)


def test_a_claimed_case_is_encrypted_and_checks_in_with_its_passphrase(
    department: Department,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "too short")
    claim = ["server", "claim", "--next", "-o", tmp_path, *staff.db(staff.nurse)]
    status, _, err = run(capsys, *claim)
    assert status == 2 and "12 characters" in one_line(err)  # the rule for new case files
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "a long case passphrase 24")
    status, out, err = run(capsys, "server", "claim", "--next", "-o", tmp_path,
                           *staff.db(staff.nurse))  # fmt: skip
    assert status == 0, err
    case = Path(out.strip().rsplit(": ", 1)[1])
    assert b"SQLite format 3" not in case.read_bytes()[:16]  # not a plain SQLite file
    status, out, err = run(capsys, "case", "confirm", case)
    assert status == 0, err
    status, out, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 0 and "new audit entries" in out, err
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "not the right passphrase")
    status, _, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 2 and "passphrase" in one_line(err)


def test_a_bad_intake_file_queues_nothing(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "umcase-intake/1"}')
    good = Path(__file__).parent.parent / "data" / "intake" / "dli-relapsed-aml.json"
    argv = ["server", "import", good, bad, "--team", "north", *staff.db(staff.admin)]
    status, _, err = run(capsys, *argv)
    assert status == 2 and "bad.json" in one_line(err)
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.admin))
    assert "The queue is empty" in out
    status, _, err = run(capsys, "server", "import", good, "--team", "north",
                         *staff.db(staff.nurse))  # fmt: skip
    assert status == 2 and "refused" in one_line(err)  # only an admin queues requests


def test_a_pas_bundle_is_queued_like_an_intake_file_and_a_trainer_has_no_queue(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    bundle = Path(__file__).parent.parent / "data" / "fhir" / "pas-dli-relapsed-aml.json"
    status, out, err = run(capsys, "server", "import", bundle, "--team", "north",
                           *staff.db(staff.admin))  # fmt: skip
    assert status == 0 and "Queued" in out, err
    status, _, err = run(capsys, "server", "import", tmp_path / "missing.json", "--team", "north",
                         *staff.db(staff.admin))  # fmt: skip
    assert status == 2 and one_line(err).count("missing.json") == 1
    trainer = department.name("tess")
    status, _, err = run(capsys, "server", "add-user", trainer, "--role", "trainer",
                         "--db", department.owner_url)  # fmt: skip
    assert status == 0, err
    status, out, _ = run(capsys, "server", "list", *staff.db(trainer))
    assert "The queue is empty" in out  # no member's case
    status, _, err = run(capsys, "server", "claim", "--next", "--plain", "-o", tmp_path,
                         *staff.db(trainer))  # fmt: skip
    assert status == 2 and "no queue to claim from" in one_line(err)
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.nurse))
    assert len(out.splitlines()) == 2  # the heading and the queued bundle's case


def test_the_queue_page_filters_by_text_and_takes_wildcards_literally(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir
    from reviewer_app.server.client import DepartmentClient

    staff = staffed(department, capsys)
    queued(staff, capsys)
    client = DepartmentClient(department.url(staff.admin), PolicyRegistry(policy_data_dir()))
    everything = client.queue_page()
    assert everything.total == len(everything.entries) == 3
    one = everything.entries[0]
    page = client.queue_page(text_filter=one.case_id[-4:].lower())  # any case, no case
    assert [e.case_id for e in page.entries] == [one.case_id] and page.total == 1
    by_code = client.queue_page(text_filter="38243")  # the HPC boost request's CPT code
    assert {e.cpt for e in by_code.entries} == {"38243"}
    for wildcard in ("%", "_", "\\"):  # a character to find, not a pattern
        assert client.queue_page(text_filter=wildcard).total == 0
    limited = client.queue_page(limit=2)
    assert len(limited.entries) == 2 and limited.total == 3
