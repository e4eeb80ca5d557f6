"""What every command needs: the policies, who is acting, and the clock."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from reviewer_app.casefile import CaseFile
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

    def open_case(self, path: Path, *, readonly: bool = False) -> CaseFile:
        return CaseFile.open(path, self.policies, readonly=readonly)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown user"
