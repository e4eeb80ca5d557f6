"""A real PostgreSQL 15 server for the department tests: one per pytest-xdist worker.

``initdb`` refuses to run as root, so when the tests run as root (CI does) the server's
files belong to an unprivileged system user and ``initdb`` and ``pg_ctl`` run as that
user. The server listens only on a unix socket in its own temporary folder, so the two
workers' servers never compete for a TCP port. Each test gets a fresh database owned by
a fresh role that may create roles but is not a superuser, as a site's DBA would set up.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Department, PgServer

PG_BIN = Path(os.environ.get("REVIEWER_APP_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "reviewer-pg"  # the system user that owns the test servers when tests run as root


def _server_user() -> tuple[int, int] | None:
    """(uid, gid) to run the server as, or None when not root (then: ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(PG_USER)
    except KeyError:
        made = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            capture_output=True,
        )
        entry = pwd.getpwnam(PG_USER if made.returncode == 0 else "nobody")
    return entry.pw_uid, entry.pw_gid


def _run(argv: list[str], who: tuple[int, int] | None) -> None:
    kwargs = {} if who is None else {"user": who[0], "group": who[1], "extra_groups": []}
    done = subprocess.run(argv, capture_output=True, text=True, cwd="/", **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stdout}{done.stderr}")


def _stop_when_gone(pid: int, data: Path, root: Path, who: tuple[int, int] | None) -> None:
    """A watchdog that stops the server and removes its folder once this test process
    has ended, however it ended (a killed run would otherwise leave the server running)."""
    stop = f"{PG_BIN / 'pg_ctl'} -D {data} -m immediate -w stop"
    script = f"while [ -d /proc/{pid} ]; do sleep 1; done; {stop}; rm -rf {root}"
    kwargs = {} if who is None else {"user": who[0], "group": who[1], "extra_groups": []}
    subprocess.Popen(  # type: ignore[call-overload]
        ["sh", "-c", script],
        cwd="/",
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **kwargs,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_tls_files(folder: Path, who: tuple[int, int] | None) -> Path:
    """A throwaway CA and a certificate for 'localhost' signed by it; the CA's path."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def cert(subject: str, key: object, issuer: str, signer: object, ca: bool) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())  # type: ignore[attr-defined]
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder.sign(signer, hashes.SHA256())  # type: ignore[arg-type]

    ca_key, server_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca_cert = cert("Department test CA", ca_key, "Department test CA", ca_key, True)
    server_cert = cert("localhost", server_key, "Department test CA", ca_key, False)
    pem = serialization.Encoding.PEM
    (folder / "ca.crt").write_bytes(ca_cert.public_bytes(pem))
    (folder / "server.crt").write_bytes(server_cert.public_bytes(pem))
    key_file = folder / "server.key"
    key_file.write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    for name in ("ca.crt", "server.crt", "server.key"):
        if who is not None:
            os.chown(folder / name, *who)
    return folder / "ca.crt"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb not found)")
    who = _server_user()
    root = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))  # short: a socket path is ≤ 107
    if who is not None:
        os.chown(root, *who)
    data = root / "data"
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--no-sync", "--locale=C"], who)  # fmt: skip
    ca = write_tls_files(root, who)
    port = free_port()  # TCP only for the TLS test, on localhost; each worker its own port
    options = (
        f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 "
        f"-c ssl=on -c ssl_cert_file={root}/server.crt -c ssl_key_file={root}/server.key"
    )
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
          "-w", "start"], who)  # fmt: skip
    _stop_when_gone(os.getpid(), data, root, who)
    try:
        yield PgServer(root, port, ca)
    finally:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], who)
        shutil.rmtree(root, ignore_errors=True)


_counter = itertools.count(1)


@pytest.fixture
def department(pg_server: PgServer) -> Department:
    import psycopg

    suffix = f"{os.getpid()}_{next(_counter)}"
    dbname, owner = f"dept_{suffix}", f"owner_{suffix}"
    with psycopg.connect(pg_server.superuser(), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        conn.execute(f'CREATE DATABASE "{dbname}" OWNER "{owner}"')
    return Department(pg_server, dbname, owner, suffix)
