"""What every command needs: the policies, who is acting, and the clock.

Who acts is an identity, never a typed name: a command that writes an audit entry signs
it with ``--identity`` (or ``REVIEWER_APP_IDENTITY``), and on a training case, given
none, with the bundled training identity. ``REVIEWER_APP_ACTOR`` named the actor before
signed audit entries; it is refused now, so that no script believes it still does.
"""

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
    from reviewer_app.decisions.trust import TrustAnchors, TrustStore
    from reviewer_app.letters.content import Organization
    from reviewer_app.policy import PolicyRegistry


def _policies() -> PolicyRegistry:
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir

    return PolicyRegistry(policy_data_dir())


@dataclass
class CliContext:
    policies: PolicyRegistry = field(default_factory=_policies)
    signer: Any = None  # the EntrySigner of this command's audit entries, once chosen
    _anchors: TrustAnchors | None = field(default=None, repr=False)
    _organization: Organization | None = field(default=None, repr=False)

    @property
    def actor(self) -> str:
        """Who the command's entries name: the signing certificate's subject (the store
        records the signer's, whatever name it is handed). A case opened without a signer
        (read-only, or its record broken) refuses every change before naming anyone."""
        return "" if self.signer is None else str(self.signer.actor)

    def today(self) -> dt.date:
        return dt.date.today()

    @property
    def trust(self) -> TrustStore:
        from reviewer_app.decisions.trust import TrustStore

        return TrustStore(config_dir() / "trust")

    def trust_anchors(self) -> TrustAnchors:
        """This computer's trust bundle, read and parsed once per command (a broken one is
        read again, and refused again, each time it is asked for)."""
        if self._anchors is None:
            self._anchors = self.trust.anchors()
        return self._anchors

    def anchors(self) -> TrustAnchors:
        """The trust bundle for a command that needs it: a broken one ends the command in
        one line."""
        from reviewer_app.cli.errors import CliError
        from reviewer_app.decisions.trust import TrustBundleError

        try:
            return self.trust_anchors()
        except TrustBundleError as exc:
            raise CliError(str(exc)) from None

    def organization(self) -> Organization:
        """This computer's organization, read once per command."""
        if self._organization is None:
            from reviewer_app.decisions.trust import load_organization

            self._organization = load_organization(config_dir())
        return self._organization

    case_key: CaseKey | None = None
    identity: Any = None  # the unlocked SigningIdentity that signs audit entries, if any
    identity_path: Path | None = None

    def open_case(self, path: Path, *, readonly: bool = False) -> CaseFile:
        from reviewer_app.casefile import CaseFile
        from reviewer_app.casefile.seen import SeenTrails, default_folder

        seen = SeenTrails(default_folder())
        who = _user() if self.identity is None else self.identity.name
        holder = f"{who} (command line)"  # the lock note's name, never an entry's actor
        case = CaseFile.open(
            path,
            self.policies,
            readonly=readonly,
            key=self.case_key,
            seen=seen,
            holder=holder,
            entry_check=self.entry_check(),
        )
        if readonly or case.readonly or not self.signs_entries or not case.writable:
            return case  # (a change to a case whose record is broken is refused anyway)
        try:
            case.sign_entries_as(self.entry_signer(str(path), training=case.header.training))
        except BaseException:
            case.close()
            raise
        return case

    signs_entries: bool = False  # the command writes audit entries: it needs a signer

    def entry_check(self) -> Any:
        """The signatures of a case's entries checked as it opens, with this machine's
        trust bundle (read only when the trail holds a signed entry)."""
        from reviewer_app.decisions.entry_check import checked_with

        return checked_with(self.trust_anchors)  # the trust module loads then too

    def entry_signer(self, what: str, *, training: bool) -> Any:
        """The signer of this command's audit entries on ``what`` (a case, or the cases an
        import makes): the identity given, once this computer's trust bundle allows it for
        the case; on a training case given none, the bundled training identity. A real
        case given none is refused, before anything is written."""
        from reviewer_app.cli.errors import CliError
        from reviewer_app.decisions.authorization import authorize
        from reviewer_app.decisions.entry_trust import IdentitySigner
        from reviewer_app.letters.identity import IdentityError

        identity, named = self.identity, f"--identity {self.identity_path}"
        if identity is None and not training:
            raise CliError(f"{what}: {NEEDS_IDENTITY}")
        if identity is None:
            from reviewer_app.training.identity import demo_identity

            try:
                identity, named = demo_identity(), "the training identity"
            except IdentityError as exc:
                raise CliError(f"the training identity cannot be used: {exc}") from None
        now = dt.datetime.now(dt.UTC)
        grant = authorize(identity, self.anchors(), now=now, training=training)
        if not grant.allowed:
            raise CliError(f"{named}: {grant.problem}")
        self.signer = IdentitySigner(identity)
        return self.signer


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
RETIRED_ACTOR_ENV = "REVIEWER_APP_ACTOR"  # named the actor before signed entries (issue 19)
NEEDS_IDENTITY = (
    "a change to a real case is signed by who makes it: give --identity ID.p12 "
    f"--passphrase-file F (or set {IDENTITY_ENV} and {IDENTITY_PASSPHRASE_ENV})"
)


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
    if os.environ.get(RETIRED_ACTOR_ENV):
        raise CliError(
            f"{RETIRED_ACTOR_ENV} no longer names who acts: the audit trail records the "
            f"name in the signing identity's certificate; unset it and give --identity "
            f"(or {IDENTITY_ENV})"
        )
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
