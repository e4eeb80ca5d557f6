"""The test PostgreSQL server and a department database in it (see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PgServer:
    socket_dir: Path
    port: int
    ca_file: Path  # the CA that issued the server's TLS certificate (for 'localhost')

    def url(self, user: str, dbname: str) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tls_url(self, user: str, dbname: str, ca_file: Path | None = None) -> str:
        """Over TCP to localhost, checking the server's certificate and name."""
        ca = ca_file or self.ca_file
        return (
            f"postgresql://{user}@localhost:{self.port}/{dbname}"
            f"?sslmode=verify-full&sslrootcert={ca}"
        )

    def superuser(self, dbname: str = "postgres") -> str:
        return self.url("postgres", dbname)


@dataclass(frozen=True)
class Department:
    """A database for one test: ``owner`` runs `server init` and adds users."""

    server: PgServer
    dbname: str
    owner: str
    suffix: str

    @property
    def owner_url(self) -> str:
        return self.server.url(self.owner, self.dbname)

    def url(self, user: str) -> str:
        return self.server.url(user, self.dbname)

    def name(self, base: str) -> str:
        """A role name unique to this test (roles are shared by the whole server)."""
        return f"{base}_{self.suffix}"
