"""`server init` and `server add-user` against a real PostgreSQL 15."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from pg_cluster import Department
from server_helpers import one_line, run


def test_init_creates_then_finds_the_schema_up_to_date(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "server", "init", "--db", department.owner_url)
    assert status == 0, err
    assert "created" in out and "revision 0001" in out
    status, out, _ = run(capsys, "server", "init", "--db", department.owner_url)
    assert status == 0 and "up to date" in out
    with psycopg.connect(department.owner_url) as conn:
        names = {
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
    assert {"dept_queue", "dept_event", "dept_user", "case_header", "answer", "audit"} <= names


def test_the_service_file_names_the_server(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    service = tmp_path / "pg_service.conf"
    service.write_text(
        f"[dept]\nhost={department.server.socket_dir}\nport={department.server.port}\n"
        f"dbname={department.dbname}\n"
        f"user={department.owner}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    monkeypatch.setenv("PGSERVICE", "dept")
    status, out, err = run(capsys, "server", "init")
    assert status == 0 and "created" in out, err


def test_refuses_a_superuser_a_password_in_the_url_and_no_server(
    department: Department, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    status, _, err = run(
        capsys, "server", "init", "--db", department.server.superuser(department.dbname)
    )
    assert status == 2 and "superuser" in one_line(err)
    url = department.owner_url.replace("@", ":hunter2-secret@")
    status, _, err = run(capsys, "server", "init", "--db", url)
    assert status == 2 and "~/.pgpass" in one_line(err) and "hunter2" not in err
    monkeypatch.delenv("PGSERVICE", raising=False)
    status, _, err = run(capsys, "server", "init")
    assert status == 2 and "PGSERVICE" in one_line(err)


def test_add_user_makes_a_role_that_can_log_in_but_not_add_users(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    assert run(capsys, "server", "init", "--db", department.owner_url)[0] == 0
    nurse = department.name("nia")
    secret = tmp_path / "pw"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o600)
    argv = ["server", "add-user", nurse, "--role", "nurse_reviewer", "--team", "north"]
    status, out, err = run(capsys, *argv, "--password-file", secret, "--db", department.owner_url)
    assert status == 0 and f"Added {nurse} as nurse_reviewer in team north" in out, err
    with psycopg.connect(department.server.superuser()) as conn:
        stored = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (nurse,)
        ).fetchone()
    assert stored[0].startswith("SCRAM-SHA-256$4096:") and "staple" not in stored[0]
    status, _, err = run(capsys, "server", "add-user", department.name("x"), "--role", "admin",
                         "--db", department.url(nurse))  # fmt: skip
    assert status == 2 and "owner" in one_line(err)
    status, _, err = run(capsys, *argv, "--db", department.owner_url)
    assert status == 2 and "already exists" in one_line(err)
    status, _, err = run(capsys, "server", "add-user", department.name("y"), "--role",
                         "nurse_reviewer", "--db", department.owner_url)  # fmt: skip
    assert status == 2 and "--team" in one_line(err)


def test_init_says_when_the_tables_differ_from_the_apps(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "server", "init", "--db", department.owner_url)[0] == 0
    with psycopg.connect(department.owner_url) as conn:  # as an older app's schema would be
        conn.execute("ALTER TABLE answer DROP COLUMN note")
    status, _, err = run(capsys, "server", "init", "--db", department.owner_url)
    assert status == 2 and "column answer.note is missing" in one_line(err)
    assert "a migration is missing" in one_line(err)


def test_tls_with_verify_full_checks_the_servers_certificate(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server = department.server
    url = server.tls_url(department.owner, department.dbname)
    status, out, err = run(capsys, "server", "init", "--db", url)
    assert status == 0 and "created" in out, err
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert conn.info.pgconn.ssl_in_use
    stranger = tmp_path / "other-ca.crt"  # a CA that did not issue the server's certificate
    stranger.write_bytes(_other_ca())
    wrong = server.tls_url(department.owner, department.dbname, stranger)
    status, _, err = run(capsys, "server", "init", "--db", wrong)
    assert status == 2 and "cannot reach the department server" in one_line(err)
    assert "certificate verify failed" in one_line(err)


def _other_ca() -> bytes:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Another CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def test_times_are_shown_in_utc_whatever_the_servers_zone(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    from dept_helpers import queued, staffed

    staff = staffed(department, capsys)
    with psycopg.connect(department.server.superuser(department.dbname), autocommit=True) as c:
        c.execute(f"ALTER DATABASE {department.dbname} SET TimeZone = 'Pacific/Auckland'")
    queued(staff, capsys, "dli-relapsed-aml")
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.nurse))
    with psycopg.connect(department.owner_url) as conn:
        (due,) = conn.execute("SELECT due_at AT TIME ZONE 'UTC' FROM dept_queue").fetchone()
    assert status == 0 and out.splitlines()[1].startswith(f"{due:%Y-%m-%d %H:%M}")
