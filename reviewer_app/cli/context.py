"""What every command needs: the policies, who is acting, and the clock."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.config import config_dir

if TYPE_CHECKING:  # loaded by the commands that use them: every command imports this
    from reviewer_app.casefile import CaseFile
    from reviewer_app.decisions.trust import TrustStore
    from reviewer_app.letters.content import Organization
    from reviewer_app.policy import PolicyRegistry


def _policies() -> PolicyRegistry:
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir

    return PolicyRegistry(policy_data_dir())


@dataclass
class CliContext:
    policies: PolicyRegistry = field(default_factory=_policies)
    actor: str = ""

    def __post_init__(self) -> None:
        if not self.actor:
            self.actor = os.environ.get("REVIEWER_APP_ACTOR") or f"{_user()} (command line)"

    def today(self) -> dt.date:
        return dt.date.today()

    @property
    def trust(self) -> TrustStore:
        from reviewer_app.decisions.trust import TrustStore

        return TrustStore(config_dir() / "trust")

    def organization(self) -> Organization:
        from reviewer_app.decisions.trust import load_organization

        return load_organization(config_dir())

    case_key: CaseKey | None = None
    identity: Any = None  # the unlocked SigningIdentity that signs audit entries, if any
    identity_path: Path | None = None

    def open_case(self, path: Path, *, readonly: bool = False) -> CaseFile:
        from reviewer_app.casefile import CaseFile
        from reviewer_app.casefile.seen import SeenTrails, default_folder

        seen = SeenTrails(default_folder())
        holder = self.actor if self.identity is None else f"{self.identity.name} (command line)"
        case = CaseFile.open(
            path,
            self.policies,
            readonly=readonly,
            key=self.case_key,
            seen=seen,
            holder=holder,
            entry_check=self.entry_check(),
        )
        if readonly or case.readonly:
            return case
        try:
            self._require_identity(path, case)
            case.sign_entries_as(self.entry_signer(training=case.header.training))
        except BaseException:
            case.close()
            raise
        return case

    signs_entries: bool = False  # the command writes entries signed by --identity, if any

    def _require_identity(self, path: Path, case: CaseFile) -> None:
        """A case whose trail is signed takes no unsigned entry: its later entries must
        be signed too (decisions.entry_trust reports an unsigned one after a signed one)."""
        from reviewer_app.cli.errors import CliError

        if not self.signs_entries or self.identity is not None or not case.writable:
            return
        if case.entry_signatures()[0]:
            raise CliError(
                f"{path}: this case's audit entries are signed, so a change needs the "
                f"identity of who makes it: give --identity ID.p12 --passphrase-file F "
                f"(or set {IDENTITY_ENV})"
            )

    def entry_check(self) -> Any:
        """The signatures of a case's entries checked as it opens, with this machine's
        trust bundle (read only when the trail holds a signed entry)."""
        from reviewer_app.decisions.entry_check import checked_with

        return checked_with(lambda: self.trust.anchors())  # the trust module loads then too

    def entry_signer(self, *, training: bool) -> Any:
        """The signer of this command's audit entries (None without an identity), once
        the identity is shown to be one this computer's trust bundle allows for the case."""
        if self.identity is None:
            return None
        from reviewer_app.cli.errors import CliError
        from reviewer_app.decisions.authorization import authorize
        from reviewer_app.decisions.entry_trust import IdentitySigner
        from reviewer_app.decisions.trust import TrustBundleError

        try:
            anchors = self.trust.anchors()
        except TrustBundleError as exc:
            raise CliError(str(exc)) from None
        now = dt.datetime.now(dt.UTC)
        grant = authorize(self.identity, anchors, now=now, training=training)
        if not grant.allowed:
            raise CliError(f"--identity {self.identity_path}: {grant.problem}")
        return IdentitySigner(self.identity)


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


IDENTITY_ENV = "REVIEWER_APP_IDENTITY"
IDENTITY_PASSPHRASE_ENV = "REVIEWER_APP_IDENTITY_PASSPHRASE_FILE"


def identity_option() -> argparse.ArgumentParser:
    """``--identity`` for commands that write audit entries: each entry is then signed by
    that identity and records its certificate's name (never a typed one)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--identity",
        type=Path,
        metavar="ID.p12",
        help=f"sign the audit entries with this identity (or set {IDENTITY_ENV})",
    )
    parent.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help=f"the identity's passphrase (or set {IDENTITY_PASSPHRASE_ENV})",
    )
    return parent


def load_entry_identity(ctx: CliContext, args: argparse.Namespace) -> None:
    """Unlock the identity of ``--identity`` / ``REVIEWER_APP_IDENTITY`` once, for the
    command's audit entries."""
    from reviewer_app.cli.errors import CliError
    from reviewer_app.letters.identity import IdentityError, load_identity

    ctx.signs_entries = True
    path = getattr(args, "identity", None) or os.environ.get(IDENTITY_ENV)
    if not path:
        return
    secret_file = getattr(args, "passphrase_file", None) or os.environ.get(IDENTITY_PASSPHRASE_ENV)
    if not secret_file:
        raise CliError(f"--identity {path}: give its passphrase with --passphrase-file")
    try:
        secret = Path(secret_file).read_bytes().rstrip(b"\r\n")
    except OSError as exc:
        raise CliError(f"--passphrase-file {secret_file}: cannot read ({exc.strerror})") from None
    try:
        ctx.identity = load_identity(Path(path), secret)
    except IdentityError as exc:
        raise CliError(f"--identity {path}: {exc}") from None
    ctx.identity_path = Path(path)


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
