"""What every command needs: the policies, who is acting, and the clock."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.config import config_dir
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.letters.content import Organization
from reviewer_app.policy import PolicyRegistry
from reviewer_app.resources import policy_data_dir


@dataclass
class CliContext:
    policies: PolicyRegistry = field(default_factory=lambda: PolicyRegistry(policy_data_dir()))
    actor: str = ""

    def __post_init__(self) -> None:
        if not self.actor:
            self.actor = os.environ.get("REVIEWER_APP_ACTOR") or f"{_user()} (command line)"

    def today(self) -> dt.date:
        return dt.date.today()

    @property
    def trust(self) -> TrustStore:
        return TrustStore(config_dir() / "trust")

    def organization(self) -> Organization:
        return load_organization(config_dir())

    case_key: CaseKey | None = None

    def open_case(self, path: Path, *, readonly: bool = False) -> CaseFile:
        from reviewer_app.casefile.seen import SeenTrails, default_folder

        seen = SeenTrails(default_folder())
        return CaseFile.open(path, self.policies, readonly=readonly, key=self.case_key, seen=seen)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown user"


PASSPHRASE_ENV = "REVIEWER_APP_PASSPHRASE"


def read_case_key(passphrase_file: Path | None) -> CaseKey | None:
    """The case passphrase from ``--case-passphrase-file`` or ``REVIEWER_APP_PASSPHRASE``."""
    from reviewer_app.cli.errors import CliError

    if passphrase_file is not None:
        try:
            raw = passphrase_file.read_bytes()
        except OSError as exc:
            raise CliError(
                f"--case-passphrase-file {passphrase_file}: cannot read ({exc.strerror})"
            ) from None
        try:
            return CaseKey(raw)
        except (ValueError, UnicodeDecodeError):
            raise CliError(
                f"--case-passphrase-file {passphrase_file}: empty or not UTF-8 text"
            ) from None
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        try:
            return CaseKey(env)
        except ValueError as exc:  # only a line break, or bytes that are not text
            raise CliError(
                f"{PASSPHRASE_ENV}: {exc}; set it to the passphrase or unset it"
            ) from None
    return None


def case_key_option() -> argparse.ArgumentParser:
    """The option every command that opens or creates a case file accepts."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--case-passphrase-file",
        type=Path,
        metavar="F",
        help=f"the case files' passphrase (or set {PASSPHRASE_ENV})",
    )
    return parent
