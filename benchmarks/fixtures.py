"""What the benchmarks work on: case files, a signing identity, settings and workspaces.

Everything lives under one temporary folder. A workspace of thousands of case files is
made from one imported case: its bytes are copied and each copy's header row is
rewritten with plain ``sqlite3`` (a new case id, member, status and due time), so the
index sees distinct cases without thousands of imports.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer_app.casefile.importer import case_id_for, import_intake
from reviewer_app.intake import load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.resources import policy_data_dir

REPO = Path(__file__).resolve().parent.parent
INTAKE_DIR = REPO / "tests" / "data" / "intake"
INTAKE = INTAKE_DIR / "dli-relapsed-aml.json"
ACTOR = "Pat Rivera, RN"
PROFILE = {"name": "Pat Rivera", "credentials": "RN", "role": "nurse_reviewer"}
IDENTITY_PASSPHRASE = b"benchmark passphrase, not a secret"

# Synthetic members for the generated workspaces: 24 x 25 distinct names.
_FIRST_NAMES = (
    "Ava Avery Blake Casey Dana Eden Finley Gray Harper Indy Jules Kai Lane Morgan "
    "Noel Oakley Parker Quinn Reese Sage Taylor Uma Val Wren"
)
_LAST_NAMES = (
    "Adams Baker Carter Diaz Evans Foster Garcia Hughes Ito Jensen Khan Lopez Miller "
    "Nguyen Okafor Patel Quinto Rivera Singh Tanaka Ueda Vargas Walsh Xu Young"
)
FIRST, LAST = _FIRST_NAMES.split(), _LAST_NAMES.split()
STATUS_CYCLE = ("in_review", "draft", "in_review", "decided", "referred_to_md", "closed")
SEARCH_NEEDLE = "rivera"  # matches 1 member in 25: what a reviewer types to find one
STATUS_FILTER = "referred_to_md"  # 1 case in 6

_HEADER_UPDATE = (
    "UPDATE case_header SET case_id = ?, member_name = ?, member_id = ?, status = ?, "
    "urgency = ?, due_at = ?, updated_at = ?"  # one header row per file
)


@dataclass(frozen=True)
class Layout:
    """The folders of one benchmark run, all under ``root``."""

    root: Path

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"

    @property
    def home(self) -> Path:
        return self.root / "home"

    def child_env(self) -> dict[str, str]:
        """The environment of a driver process: offscreen, nothing in the user's folders."""
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = "offscreen"
        for var, sub in (
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ):
            env[var] = str(self.home / sub)
        env["REVIEWER_APP_LOG_DIR"] = str(self.home / "logs")
        env["REVIEWER_APP_CONFIG_DIR"] = str(self.home / "app-config")
        env["REVIEWER_APP_DATA_DIR"] = str(self.home / "app-data")
        env.update(deployment_env(self.home / "app-config", self.home / "identity"))
        path = env.get("PYTHONPATH", "")
        env["PYTHONPATH"] = str(REPO) + (os.pathsep + path if path else "")
        return env


BENCH_IDENTITY_PASSPHRASE = b"benchmark identity passphrase"


def deployment_env(config: Path, folder: Path) -> dict[str, str]:
    """A machine set up as a deployment's, once per folder: an organization's trust bundle
    in ``config`` and a nurse identity it issued, named as the command line reads it
    (every command that writes an audit entry signs it, issue 19)."""
    from reviewer_app.cli.context import IDENTITY_ENV, IDENTITY_PASSPHRASE_ENV

    p12, secret = folder / "bench-nurse.p12", folder / "bench-nurse.passphrase"
    if not p12.exists():
        from reviewer_app.decisions.trust import write_bundle
        from reviewer_app.letters.authority import (
            IssueRequest,
            create_authority,
            issue_identity,
            make_crl,
        )

        folder.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)
        authority = create_authority("Benchmark Health Plan", now=now - dt.timedelta(days=1))
        request = IssueRequest("Bea Bench", "RN", "nurse_reviewer", "Hematology", "", 30)
        issue_identity(
            authority, request, BENCH_IDENTITY_PASSPHRASE, p12, now=now - dt.timedelta(hours=1)
        )
        write_bundle(config, [authority.cert], [make_crl(authority, [], now=now)])
        secret.write_bytes(BENCH_IDENTITY_PASSPHRASE)
    return {IDENTITY_ENV: str(p12), IDENTITY_PASSPHRASE_ENV: str(secret)}


def new_layout(root: Path) -> Layout:
    layout = Layout(root)
    for folder in (layout.scratch, layout.home):
        folder.mkdir(parents=True, exist_ok=True)
    return layout


def registry() -> PolicyRegistry:
    return PolicyRegistry(policy_data_dir())


def import_case(
    reg: PolicyRegistry, folder: Path, *, confirm: bool = False, passphrase: str | None = None
) -> Path:
    """The example intake imported into ``folder`` as ``<case id>.umcase`` (encrypted with
    ``passphrase`` when given)."""
    from reviewer_app.casefile.crypto import CaseKey

    folder.mkdir(parents=True, exist_ok=True)
    intake = load_intake(INTAKE)
    dest = folder / f"{case_id_for(intake)}.umcase"
    key = CaseKey(passphrase) if passphrase else None
    case = import_intake(intake, dest, reg, ACTOR, key=key)
    try:
        if confirm:
            case.confirm(None, ACTOR)
    finally:
        case.close()
    return dest


def make_identity(folder: Path) -> Path:
    """A nurse-reviewer identity issued by a bench organization authority, whose trust
    bundle is written beside it (``bench_trust`` reads it): signing needs an identity
    the organization issued, as on a real reviewer's machine."""
    from reviewer_app.decisions.trust import write_bundle
    from reviewer_app.letters.authority import (
        IssueRequest,
        create_authority,
        issue_identity,
        make_crl,
    )

    now = dt.datetime.now(dt.UTC)
    authority = create_authority("Demo Health Plan", now=now - dt.timedelta(days=1))
    request = IssueRequest(PROFILE["name"], PROFILE["credentials"], PROFILE["role"])
    out = folder / "reviewer.p12"
    issue_identity(authority, request, IDENTITY_PASSPHRASE, out, now=now - dt.timedelta(hours=1))
    crl = make_crl(authority, [], now=now)
    write_bundle(
        folder / "trust-config", [authority.cert], [crl], organization_name="Demo Health Plan"
    )
    return out


def bench_trust(p12: Path) -> Any:
    """The trust anchors of the authority that issued ``p12`` (see make_identity)."""
    from reviewer_app.decisions.trust import load_anchors

    return load_anchors(p12.parent / "trust-config")


def write_settings(ini: Path, workspace: Path) -> Path:
    """A QSettings INI file: the reviewer profile, the workspace folder, and the case
    passphrase marked as set up (so a start asks for it rather than setting one up)."""
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(
        "[profile]\n"
        f"name={PROFILE['name']}\n"
        f"credentials={PROFILE['credentials']}\n"
        f"role={PROFILE['role']}\n"
        "\n[security]\n"
        "passphrase_set_up=true\n"
        "\n[workspace]\n"
        f"folder={workspace.as_posix()}\n",
        "utf-8",
    )
    return ini


def fill_workspace(template: Path, folder: Path, count: int) -> list[Path]:
    """``count`` distinct plain case files in ``folder``, made from ``template``."""
    folder.mkdir(parents=True, exist_ok=True)
    blob = template.read_bytes()
    base = dt.datetime(2026, 11, 20, 9, 0)
    out: list[Path] = []
    for i in range(count):
        case_id = f"UM-BENCH-{i:05d}"
        path = folder / f"{case_id}.umcase"
        path.write_bytes(blob)
        member = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        due = base + dt.timedelta(hours=(i * 7) % (24 * 21))
        updated = base - dt.timedelta(minutes=i)
        with closing(sqlite3.connect(path)) as conn:
            # Test data only: no journal and no fsync, so 10,000 files take seconds.
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(
                _HEADER_UPDATE,
                (
                    case_id,
                    member,
                    f"M{i:07d}",
                    STATUS_CYCLE[i % len(STATUS_CYCLE)],
                    "expedited" if i % 5 == 0 else "standard",
                    _db_time(due),
                    _db_time(updated),
                ),
            )
            conn.commit()
        out.append(path)
    return out


def link_subset(files: list[Path], folder: Path) -> None:
    """A smaller workspace holding the first files of a bigger one (hard links)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        target = folder / path.name
        try:
            os.link(path, target)
        except OSError:  # another filesystem, or no hard links: copy
            target.write_bytes(path.read_bytes())


def _db_time(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def driver(name: str) -> list[str]:
    """The command line that runs one of the driver scripts beside this file."""
    return [sys.executable, str(Path(__file__).with_name(name))]
